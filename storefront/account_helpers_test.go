package storefront_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/server"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

// acctApp builds the real mall on a fresh database.
func acctApp(t *testing.T) *server.App {
	t.Helper()
	db := dbtest.Open(t)
	store, err := media.NewDiskStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://mall.test")
	app, err := server.New(server.Options{
		DB:    db,
		Media: store,
		Web:   web.Config{Secret: []byte(strings.Repeat("s", 32)), BaseURL: base},
		Site:  templates.Site{Name: "Test Mall", BaseURL: base.String(), Currency: "USD"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// acctBrowser is one visitor: it keeps cookies between requests and sends
// the CSRF token of the last page it saw with its forms.
type acctBrowser struct {
	t       *testing.T
	app     *server.App
	cookies map[string]string
	csrf    string
	ip      string
}

func newAcctBrowser(t *testing.T, app *server.App) *acctBrowser {
	return &acctBrowser{t: t, app: app, cookies: map[string]string{}, ip: "192.0.2.10"}
}

type acctPage struct {
	Status   int
	Location string
	Doc      *goquery.Document
	Body     string
	Cookies  []*http.Cookie
}

func (b *acctBrowser) do(req *http.Request) *acctPage {
	b.t.Helper()
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	req.Header.Set("X-Forwarded-For", b.ip)
	req.RemoteAddr = b.ip + ":1234"
	resp, err := b.app.Fiber.Test(req, -1)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	p := &acctPage{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: string(raw), Cookies: resp.Cookies()}
	if doc, err := goquery.NewDocumentFromReader(strings.NewReader(p.Body)); err == nil {
		p.Doc = doc
		if tok, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok {
			b.csrf = tok
		}
	}
	return p
}

func (b *acctBrowser) get(path string) *acctPage {
	b.t.Helper()
	return b.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post sends a form with the CSRF token of the last page seen (fetching
// one from the sign-in page when the browser has none yet).
func (b *acctBrowser) post(path string, form url.Values) *acctPage {
	b.t.Helper()
	if b.csrf == "" {
		b.get("/account/sign-in")
	}
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", b.csrf)
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *acctBrowser) signUp(name, email, password string) *acctPage {
	b.t.Helper()
	b.get("/account/sign-up")
	return b.post("/account/sign-up", url.Values{"name": {name}, "email": {email}, "password": {password}})
}

func (b *acctBrowser) signIn(email, password string) *acctPage {
	b.t.Helper()
	b.get("/account/sign-in")
	return b.post("/account/sign-in", url.Values{"email": {email}, "password": {password}})
}

func acctText(p *acctPage, sel string) string {
	if p.Doc == nil {
		return ""
	}
	return strings.TrimSpace(p.Doc.Find(sel).First().Text())
}
