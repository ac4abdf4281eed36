package storefront_test

import (
	"net/url"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
)

// TestSignInLandsOnTheConsole: staff land on their shop's admin and the
// operator on the operator console after signing in, shoppers on their
// account, unless a local page asked for them (next); a next leading off
// the mall is ignored.
func TestSignInLandsOnTheConsole(t *testing.T) {
	app := malltest.NewApp(t)
	_, owner, _ := malltest.Shop(t, app, "quebec", true)
	op := malltest.Operator(t, app)
	shopper := malltest.Account(t, app, "shopper@mall.test", "Shopper")
	cases := []struct {
		email, next, want string
	}{
		{shopper.Email, "", "/account"},
		{owner.Email, "", "/admin"},
		{op.Email, "", "/operator"},
		{owner.Email, "/cart", "/cart"},
		{op.Email, "/s/quebec", "/s/quebec"},
		{owner.Email, "//evil.example/", "/admin"},
	}
	for _, c := range cases {
		b := malltest.NewBrowser(t, app)
		b.Get("/account/sign-in")
		p := b.Post("/account/sign-in", url.Values{"email": {c.email}, "password": {malltest.Password}, "next": {c.next}})
		if p.Status != 303 || p.Location != c.want {
			t.Errorf("%s next %q: %d %q, want %q", c.email, c.next, p.Status, p.Location, c.want)
		}
		// Signed in, the sign-in page sends them to the same place.
		if p := b.Get("/account/sign-in"); p.Location != c.want && c.next == "" {
			t.Errorf("%s signed in, sign-in page: %q, want %q", c.email, p.Location, c.want)
		}
	}
}
