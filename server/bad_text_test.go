package server_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
)

// TestNULAndBrokenUTF8AreRefusedAtTheEdge posts text no field takes (a NUL
// byte, bytes that are not UTF-8) to forms and queries across the mall: each
// answers 422 saying why, on SQLite and PostgreSQL alike, and nothing is
// saved.
func TestNULAndBrokenUTF8AreRefusedAtTheEdge(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, staff := malltest.Shop(t, app, "badtext", true)
	staff.Get("/admin/categories")
	shopper := malltest.NewBrowser(t, app)

	for _, bad := range []string{"tea\x00", "tea\xff\xfe"} {
		check := func(what string, p *malltest.Page) {
			t.Helper()
			if p.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s with %q = %d, want 422", what, bad, p.Status)
			} else if !strings.Contains(p.Text(`[data-testid="error-message"]`), "Nothing was saved") {
				t.Errorf("%s with %q says %q", what, bad, p.Text(`[data-testid="error-message"]`))
			}
		}
		check("admin product search", staff.Get("/admin/products?q="+url.QueryEscape(bad)))
		check("mall search", shopper.Get("/search?q="+url.QueryEscape(bad)))
		if p := shopper.Get("/s/" + url.PathEscape(bad)); p.Status != http.StatusUnprocessableEntity && p.Status != http.StatusNotFound {
			t.Errorf("shop page path with %q = %d, want 422 (or 404)", bad, p.Status)
		}
		check("category name", staff.Post("/admin/categories", url.Values{"name": {bad}, "slug": {"tea"}}))
		check("a field's name", staff.Post("/admin/categories", url.Values{"name": {"Tea"}, "slug": {"tea"}, bad: {"x"}}))
		check("sign-in email", shopper.Post("/account/sign-in", url.Values{"email": {bad + "@example.test"}, "password": {"whatever password"}}))
		check("sign-up name", shopper.Post("/account/sign-up", url.Values{"name": {bad}, "email": {"new@badtext.test"}, "password": {malltest.Password}}))
		check("product form (multipart)", staff.PostMultipart("/admin/products", url.Values{"title": {bad}, "status": {"draft"}}))

		// A file's name is text too (a NUL there does not even parse).
		if strings.Contains(bad, "\x00") {
			continue
		}
		staff.Get("/admin/products/new")
		var body bytes.Buffer
		body.WriteString("--x\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + staff.CSRF + "\r\n")
		body.WriteString("--x\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + bad + ".png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n--x--\r\n")
		req := httptest.NewRequest(http.MethodPost, "/admin/products", &body)
		req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
		check("uploaded file's name", staff.Do(req))
	}

	cats, err := app.Catalog.Categories(t.Context(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cats) != 0 {
		t.Errorf("%d categories saved from refused forms", len(cats))
	}
	if _, err := app.Accounts.AccountByEmail(t.Context(), "new@badtext.test"); err == nil {
		t.Error("an account was made from a refused sign-up")
	}
	var failures int64
	app.Merchants.DB().Table("login_failures").Count(&failures)
	if failures != 0 {
		t.Errorf("%d sign-in counters stored from refused forms", failures)
	}
	// Good text still goes through.
	if p := staff.Post("/admin/categories", url.Values{"name": {"龙井 Tea"}, "slug": {"tea"}}); p.Status != http.StatusSeeOther {
		t.Errorf("a good category name = %d, want 303", p.Status)
	}
}
