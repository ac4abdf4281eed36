package server_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
)

// offSite are return addresses that browsers follow off the mall: they
// drop tabs and newlines from a URL and read a backslash as a slash.
var offSite = []string{
	"/\t/evil.example", "/\t\\evil.example", "/\\evil.example", "//evil.example", "/\n/evil.example",
	"https://evil.example/", "/\u00a0/evil.example",
}

func TestEveryReturnAddressStaysOnTheMall(t *testing.T) {
	app := malltest.NewApp(t)
	_, owner, _ := malltest.Shop(t, app, "redirects", true)
	malltest.Account(t, app, "shopper@redirects.test", "Shopper")

	for i, next := range offSite {
		// The locale switch.
		b := malltest.NewBrowser(t, app)
		if p := b.Get("/locale?to=en&next=" + url.QueryEscape(next)); p.Location != "/" {
			t.Errorf("/locale next=%q went to %q, want /", next, p.Location)
		}
		// Sign-in, with next in the form and in the query.
		b = malltest.NewBrowser(t, app)
		b.Get("/account/sign-in?next=" + url.QueryEscape(next))
		p := b.Post("/account/sign-in?next="+url.QueryEscape(next), url.Values{"email": {"shopper@redirects.test"}, "password": {malltest.Password}, "next": {next}})
		if p.Status != http.StatusSeeOther || p.Location != "/account" {
			t.Errorf("sign-in next=%q: %d to %q, want 303 to /account", next, p.Status, p.Location)
		}
		// An account already signed in is sent on from the sign-in page.
		if p := b.Get("/account/sign-in?next=" + url.QueryEscape(next)); p.Location != "/account" {
			t.Errorf("signed-in visit of sign-in next=%q went to %q, want /account", next, p.Location)
		}
		// Sign-up.
		b = malltest.NewBrowser(t, app)
		b.Get("/account/sign-up")
		p = b.Post("/account/sign-up", url.Values{"name": {"New"}, "email": {"new" + string(rune('a'+i)) + "@redirects.test"}, "password": {malltest.Password}, "next": {next}})
		if p.Status != http.StatusSeeOther || p.Location != "/account" {
			t.Errorf("sign-up next=%q: %d to %q, want 303 to /account", next, p.Status, p.Location)
		}
		// The admin's language.
		staff := malltest.SignedIn(t, app, owner)
		staff.Get("/admin")
		if p := staff.Post("/admin/locale", url.Values{"locale": {"en"}, "next": {next}}); p.Location != "/admin" {
			t.Errorf("/admin/locale next=%q went to %q, want /admin", next, p.Location)
		}
		// The cart's way back to the product page.
		b = malltest.NewBrowser(t, app)
		if p := b.Post("/cart/add", url.Values{"variant_id": {"1"}, "quantity": {"lots"}, "return": {next}}); p.Location != "/cart" {
			t.Errorf("/cart/add return=%q went to %q, want /cart", next, p.Location)
		}
	}
}
