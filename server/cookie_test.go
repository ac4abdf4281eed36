package server_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/server"
)

// TestEveryCookieIsSetTheOneWay walks a visitor through the pages that set
// cookies (CSRF, session, flash, language, cart) on a mall served over
// https, and checks every Set-Cookie: Secure, HttpOnly, SameSite=Lax.
func TestEveryCookieIsSetTheOneWay(t *testing.T) {
	secure := malltest.NewAppOn(t, dbtest.Open(t), func(o *server.Options) { o.Web.SecureCookies = true })
	b := malltest.NewBrowser(t, secure)
	seen := map[string]bool{}
	check := func(p *malltest.Page) {
		t.Helper()
		for _, sc := range p.Header.Values("Set-Cookie") {
			name, _, _ := strings.Cut(sc, "=")
			seen[name] = true
			low := strings.ToLower(sc)
			for _, want := range []string{"; secure", "; httponly", "; samesite=lax", "; path=/"} {
				if !strings.Contains(low, want) {
					t.Errorf("Set-Cookie %q lacks %q", sc, want)
				}
			}
		}
	}
	check(b.Get("/account/sign-up"))
	check(b.Post("/account/sign-up", url.Values{"name": {"Ada"}, "email": {"ada@cookies.test"}, "password": {malltest.Password}}))
	check(b.Get("/account"))
	check(b.Get("/locale?to=zh-Hans&next=/"))
	check(b.Post("/account/sign-out", nil))
	check(b.Post("/cart/add", url.Values{"variant_id": {"1"}, "quantity": {"1"}}))
	check(b.Get("/"))
	for _, name := range []string{"mall_csrf", "mall_session", "mall_flash", "mall_locale"} {
		if !seen[name] {
			t.Errorf("the walk never set %s", name)
		}
	}

	// The rule lives in one place: no other code sets a cookie by hand.
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		if filepath.ToSlash(path) == "../web/cookie.go" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), "fiber.Cookie{") {
			t.Errorf("%s sets a cookie by hand; use web.SetCookie", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if p := b.Get("/"); p.Status != http.StatusOK {
		t.Fatal(p.Status)
	}
}
