package storefront_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestASaleDropsOnlyThePagesItChanged: a unit sold changes no cached page
// unless the stock the page shows moved: the product's pages when it comes
// down to the last few (each shows how many are left) or sells out, and
// the shop's and the mall's lists only when it sells out.
func TestASaleDropsOnlyThePagesItChanged(t *testing.T) {
	m := newBuyingMall(t)
	m.product(m.acme.ID, simple("Tea Pot", "tea-pot", "POT-1", 3000, 10))
	const kettle, pot, shop, home = "/s/acme/p/steel-kettle", "/s/acme/p/tea-pot", "/s/acme", "/"
	for _, path := range []string{kettle, pot, shop, home} {
		if p := m.get(path); p.Status != http.StatusOK {
			t.Fatalf("%s: %d", path, p.Status)
		}
	}
	// Renamed behind the catalog's back: a page that shows the new name
	// was built again.
	rename := func(mark string) {
		t.Helper()
		if err := m.db.Exec("UPDATE products SET title = title || ?", mark).Error; err != nil {
			t.Fatal(err)
		}
	}
	rebuilt := func(path, mark string) bool { return strings.Contains(m.get(path).Body, mark) }
	buy := func(qty int) {
		t.Helper()
		b := m.visitor()
		add(t, b, kettle, qty)
		if p := place(b, b.Get("/checkout"), address("ada@example.test")); p.Status != http.StatusSeeOther {
			t.Fatalf("buying %d: %d", qty, p.Status)
		}
	}
	expect := func(sale, mark string, want map[string]bool) {
		t.Helper()
		for _, path := range []string{kettle, pot, shop, home} {
			if got := rebuilt(path, mark); got != want[path] {
				t.Errorf("after %s: %s built again = %v, want %v", sale, path, got, want[path])
			}
		}
	}

	rename(" (1)")
	buy(1) // 10 -> 9: every page shows what it showed
	expect("selling 1 of 10", " (1)", map[string]bool{})
	if got := m.get(kettle).Text(`[data-testid="stock"]`); got != "In stock" {
		t.Errorf("kettle stock %q", got)
	}

	buy(4) // 9 -> 5: the kettle's page says only 5 are left
	expect("coming down to 5", " (1)", map[string]bool{kettle: true})
	if got := m.get(kettle).Text(`[data-testid="stock"]`); !strings.Contains(got, "5") {
		t.Errorf("kettle stock %q, want the 5 left", got)
	}

	rename(" (2)")
	buy(5) // 5 -> 0: sold out on its page and in the lists
	expect("selling out", " (2)", map[string]bool{kettle: true, shop: true, home: true})
	if got := m.get(kettle).Text(`[data-testid="stock"]`); got != "Sold out" {
		t.Errorf("kettle stock %q, want Sold out", got)
	}
}
