package storefront_test

import (
	"net/url"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
)

// TestCachedPageShowsEachVisitorTheirOwnNavigation: the navigation spliced
// into a cached page is rendered once per kind of visitor and kept; each
// visitor still sees their own: a shop's staff the admin link, an
// operator the console, a shopper their own cart count and token.
func TestCachedPageShowsEachVisitorTheirOwnNavigation(t *testing.T) {
	m := newCostMall(t)
	m.visitor().Get(m.path) // cached

	_, _, staff := malltest.Shop(t, m.app, "other-shop", true)
	operator := malltest.SignedIn(t, m.app, malltest.Operator(t, m.app))
	ada := malltest.SignedIn(t, m.app, malltest.Account(t, m.app, "ada@example.test", "Ada"))
	bo := malltest.SignedIn(t, m.app, malltest.Account(t, m.app, "bo@example.test", "Bo"))

	cases := []struct {
		name            string
		b               *malltest.Browser
		admin, operator bool
	}{
		{"staff", staff, true, false},
		{"operator", operator, false, true},
		{"ada", ada, false, false},
		{"bo", bo, false, false},
	}
	tokens := map[string]string{}
	for _, c := range cases {
		own := c.b.Get("/account").Attr(`input[name="_csrf"]`, "value")
		p := c.b.Get(m.path)
		nav := p.Doc.Find("nav.visitor-nav")
		if got := nav.Find(`a[href="/admin"]`).Length() == 1; got != c.admin {
			t.Errorf("%s: admin link shown %v, want %v", c.name, got, c.admin)
		}
		if got := nav.Find(`a[href="/operator"]`).Length() == 1; got != c.operator {
			t.Errorf("%s: operator link shown %v, want %v", c.name, got, c.operator)
		}
		token, _ := nav.Find(`input[name="_csrf"]`).Attr("value")
		if token == "" || token != own {
			t.Errorf("%s: sign-out token %q, their own %q", c.name, token, own)
		}
		if other, ok := tokens[token]; ok {
			t.Errorf("%s got the token of %s", c.name, other)
		}
		tokens[token] = c.name
	}

	for _, c := range []struct {
		b    *malltest.Browser
		adds int
		want string
	}{{ada, 1, "1"}, {bo, 2, "2"}} {
		for range c.adds {
			if p := c.b.Post("/cart/add", url.Values{"variant_id": {m.variant}, "quantity": {"1"}}); p.Status != 303 {
				t.Fatalf("add to cart: %d", p.Status)
			}
		}
		c.b.Get("/cart") // the message after adding, once
		if got := c.b.Get(m.path).Text(`nav.visitor-nav [data-testid="cart-count"]`); got != c.want {
			t.Errorf("cart count on the cached page %q, want %q", got, c.want)
		}
	}
	if got := ada.Get(m.path).Text(`nav.visitor-nav [data-testid="cart-count"]`); got != "1" {
		t.Errorf("ada's cart count after bo's adds %q, want 1", got)
	}
}
