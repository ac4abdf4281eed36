package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
)

func TestStockPageSavesAllRowsAndAdjustsBySales(t *testing.T) {
	app := malltest.NewApp(t)
	shop := newOrdShop(t, app, "acme", 10)
	other := newOrdShop(t, app, "bravo", 10)
	stock := func(s *ordShop, vid int64) int {
		p, err := app.Catalog.ProductInMerchant(t.Context(), s.m.ID, s.prod.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range p.Variants {
			if v.ID == vid {
				return v.Stock
			}
		}
		t.Fatalf("variant %d", vid)
		return 0
	}
	s, m := itoa(shop.s), itoa(shop.mv)
	p := shop.b.Get("/admin/stock")
	if n := p.Doc.Find(`form[data-testid="stock-form"] button[type="submit"]`).Length(); n != 1 {
		t.Fatalf("%d save buttons, want one for the page", n)
	}
	// Every input is labelled with its variant.
	if got := p.Text(`label[for="stock-` + m + `"]`); !strings.Contains(got, "Tee (M)") || !strings.Contains(got, "TS-M") {
		t.Errorf("stock label %q", got)
	}
	if got := p.Text(`label[for="adjust-` + m + `"]`); !strings.Contains(got, "Tee (M)") {
		t.Errorf("adjust label %q", got)
	}

	// A bad row saves nothing, and what was typed comes back.
	bad := url.Values{"was." + s: {"10"}, "stock." + s: {"-1"}, "was." + m: {"10"}, "stock." + m: {"10"}, "adjust." + m: {"+2"}}
	if p := shop.b.Post("/admin/stock?page=1", bad); p.Status != http.StatusUnprocessableEntity || p.Attr(`#adjust-`+m, "value") != "+2" || p.Text(`#stock-`+s+`-error`) == "" {
		t.Fatalf("bad row: %d", p.Status)
	}
	if stock(shop, shop.s) != 10 || stock(shop, shop.mv) != 10 {
		t.Fatal("a refused save changed stock")
	}

	// One save sets S and adds to M; B's variant in the form is ignored.
	good := url.Values{"was." + s: {"10"}, "stock." + s: {"7"}, "was." + m: {"10"}, "stock." + m: {"10"}, "adjust." + m: {"+5"},
		"stock." + itoa(other.s): {"999"}, "adjust." + itoa(other.mv): {"+50"}}
	if p := shop.b.Post("/admin/stock?page=1", good); p.Status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", p.Status, p.Text(`[role="alert"]`))
	}
	if stock(shop, shop.s) != 7 || stock(shop, shop.mv) != 15 || stock(other, other.s) != 10 || stock(other, other.mv) != 10 {
		t.Fatalf("stock S %d M %d, other %d %d", stock(shop, shop.s), stock(shop, shop.mv), stock(other, other.s), stock(other, other.mv))
	}

	// A sale between loading the page and saving is not overwritten by an
	// adjustment: -4 takes from what is left.
	shop.b.Get("/admin/stock")
	shop.place(t, app, "Ann", "ann@example.test", map[int64]int{shop.mv: 1})
	adj := url.Values{"was." + s: {"7"}, "stock." + s: {"7"}, "was." + m: {"15"}, "stock." + m: {"15"}, "adjust." + m: {"-4"}}
	if p := shop.b.Post("/admin/stock?page=1", adj); p.Status != http.StatusSeeOther {
		t.Fatalf("adjust: %d", p.Status)
	}
	if got := stock(shop, shop.mv); got != 10 {
		t.Fatalf("M %d after a sale and -4, want 10", got)
	}
	// Taking more than there is says so and changes nothing.
	over := url.Values{"was." + m: {"10"}, "stock." + m: {"10"}, "adjust." + m: {"-11"}}
	if p := shop.b.Post("/admin/stock?page=1", over); p.Status != http.StatusUnprocessableEntity || p.Text(`#stock-`+m+`-error`) != "There is not that much in stock to take away." {
		t.Errorf("over: %d %q", p.Status, p.Text(`#stock-`+m+`-error`))
	}
	if got := stock(shop, shop.mv); got != 10 {
		t.Fatalf("M %d after a refused adjustment", got)
	}
}
