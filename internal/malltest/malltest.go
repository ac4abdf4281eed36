// Package malltest builds the whole mall on a fresh test database and
// drives it as a browser would: cookies kept between requests, the CSRF
// token of the last page sent back with forms, pages parsed with goquery.
// Handler tests of every package share it.
package malltest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/server"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

// BaseURL is the mall's address in tests.
const BaseURL = "http://mall.test"

// Secret signs CSRF tokens and flashes in tests.
var Secret = []byte(strings.Repeat("s", 32))

// NewApp builds the mall on a fresh migrated database (SQLite, or
// PostgreSQL when DATABASE_URL is set) with images in a temp dir.
func NewApp(t testing.TB) *server.App {
	t.Helper()
	app, _ := NewAppDB(t)
	return app
}

// NewAppDB is NewApp that also returns the database, for fixtures the
// stores do not make (a shop inserted with a given status or domain).
func NewAppDB(t testing.TB) (*server.App, *gorm.DB) {
	t.Helper()
	db := dbtest.Open(t)
	return NewAppOn(t, db), db
}

// NewAppOn builds another mall on db, as after a restart: nothing but the
// database is shared with an app built before. configure may change the
// options first (a Stripe key, a clock).
func NewAppOn(t testing.TB, db *gorm.DB, configure ...func(*server.Options)) *server.App {
	t.Helper()
	store, err := media.NewDiskStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(BaseURL)
	opts := server.Options{
		DB: db, Media: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Web:  web.Config{Secret: Secret, BaseURL: base},
		Site: templates.Site{Name: "Test Mall", BaseURL: BaseURL, Currency: "USD"},
	}
	for _, fn := range configure {
		fn(&opts)
	}
	app, err := server.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// Browser is one visitor: its cookies, headers and last CSRF token.
type Browser struct {
	t       testing.TB
	app     *server.App
	Cookies map[string]string
	Header  http.Header
	CSRF    string
}

// Page is a response as the visitor sees it.
type Page struct {
	Status   int
	Location string
	Header   http.Header
	Body     string
	Doc      *goquery.Document
}

// Text returns the trimmed text of the elements matching sel.
func (p *Page) Text(sel string) string { return strings.TrimSpace(p.Doc.Find(sel).Text()) }

// Attr returns attribute name of the first element matching sel.
func (p *Page) Attr(sel, name string) string {
	v, _ := p.Doc.Find(sel).First().Attr(name)
	return v
}

// NewBrowser returns a visitor with no cookies.
func NewBrowser(t testing.TB, app *server.App) *Browser {
	return &Browser{t: t, app: app, Cookies: map[string]string{}, Header: http.Header{}}
}

// SignedIn returns a visitor signed in as acct (a session made directly in
// the store).
func SignedIn(t testing.TB, app *server.App, acct *accounts.Account) *Browser {
	t.Helper()
	token, _, err := app.Accounts.CreateSession(t.Context(), acct.ID, "test", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	b := NewBrowser(t, app)
	b.Cookies[web.SessionCookie] = token
	return b
}

// Do sends req with the visitor's cookies and headers and keeps the cookies
// and CSRF token the answer carries.
func (b *Browser) Do(req *http.Request) *Page {
	b.t.Helper()
	for k, v := range b.Cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	for k, v := range b.Header {
		req.Header[k] = v
	}
	resp, err := b.app.Fiber.Test(req, -1)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.Cookies, c.Name)
		} else {
			b.Cookies[c.Name] = c.Value
		}
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(raw))
	if err != nil {
		b.t.Fatal(err)
	}
	if tok, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok {
		b.CSRF = tok
	}
	return &Page{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Header: resp.Header, Body: string(raw), Doc: doc}
}

// Get fetches a page.
func (b *Browser) Get(path string) *Page {
	b.t.Helper()
	return b.Do(httptest.NewRequest(http.MethodGet, path, nil))
}

// Post sends a form with the CSRF token of the last page seen (fetching
// the home page first when none was seen yet).
func (b *Browser) Post(path string, form url.Values) *Page {
	b.t.Helper()
	b.ensureCSRF()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", b.CSRF)
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.Do(req)
}

// ensureCSRF fetches a page with a form when no token was seen yet: the
// sign-in page, or the account page for a visitor already signed in (the
// sign-in page sends them on).
func (b *Browser) ensureCSRF() {
	if b.CSRF == "" {
		b.Get("/account/sign-in")
	}
	if b.CSRF == "" {
		b.Get("/account")
	}
	if b.CSRF == "" {
		b.t.Fatal("malltest: no CSRF token found on /account/sign-in or /account")
	}
}

// SignUp signs up through the sign-up form; on success the visitor is
// signed in. The answer to the form is returned for the caller to check.
func (b *Browser) SignUp(name, email, password string) *Page {
	b.t.Helper()
	b.Get("/account/sign-up")
	return b.Post("/account/sign-up", url.Values{"name": {name}, "email": {email}, "password": {password}})
}

// SignIn signs in through the sign-in form and returns the answer to it.
func (b *Browser) SignIn(email, password string) *Page {
	b.t.Helper()
	b.Get("/account/sign-in")
	return b.Post("/account/sign-in", url.Values{"email": {email}, "password": {password}})
}

// File is a file to upload in a multipart form.
type File struct {
	Field, Name, Type string
	Data              []byte
}

// PostMultipart sends a multipart form with files.
func (b *Browser) PostMultipart(path string, form url.Values, files ...File) *Page {
	b.t.Helper()
	b.ensureCSRF()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", b.CSRF)
	for k, vs := range form {
		for _, v := range vs {
			w.WriteField(k, v)
		}
	}
	for _, f := range files {
		h := make(map[string][]string)
		h["Content-Disposition"] = []string{fmt.Sprintf(`form-data; name=%q; filename=%q`, f.Field, f.Name)}
		h["Content-Type"] = []string{f.Type}
		part, err := w.CreatePart(h)
		if err != nil {
			b.t.Fatal(err)
		}
		part.Write(f.Data)
	}
	w.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return b.Do(req)
}

// Password is the password of the accounts Account and Shop create.
const Password = "a long enough password 1"

// Account creates an account directly in the store, with Password.
func Account(t testing.TB, app *server.App, email, name string) *accounts.Account {
	t.Helper()
	a, err := app.Accounts.SignUp(t.Context(), accounts.SignUpInput{Email: email, Name: name, Password: Password})
	if err != nil {
		t.Fatalf("malltest: sign up %s: %v", email, err)
	}
	return a
}

// Operator returns the mall operator operator@mall.test, creating it the
// first time.
func Operator(t testing.TB, app *server.App) *accounts.Account {
	t.Helper()
	ctx := t.Context()
	op, err := app.Accounts.AccountByEmail(ctx, "operator@mall.test")
	if err == nil {
		return op
	}
	op, err = app.Accounts.CreateOperator(ctx, "operator@mall.test", "Operator", Password)
	if err != nil {
		t.Fatal(err)
	}
	return op
}

// Shop has a new account owner@{slug}.test apply for the shop "Shop
// {slug}" through the stores, has the operator approve it unless approve
// is false (it stays pending), and returns the shop, its owner and the
// owner's signed-in browser.
func Shop(t testing.TB, app *server.App, slug string, approve bool) (*merchants.Merchant, *accounts.Account, *Browser) {
	t.Helper()
	ctx := t.Context()
	owner := Account(t, app, "owner@"+slug+".test", "Owner of "+slug)
	m, err := app.Merchants.Apply(ctx, owner.ID, merchants.ApplyInput{Name: "Shop " + slug, Slug: slug, Description: "Things", ContactEmail: owner.Email})
	if err != nil {
		t.Fatalf("malltest: apply %s: %v", slug, err)
	}
	if approve {
		if err := app.Merchants.Approve(ctx, Operator(t, app).ID, m.ID); err != nil {
			t.Fatalf("malltest: approve %s: %v", slug, err)
		}
		if m, err = app.Merchants.MerchantByID(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	return m, owner, SignedIn(t, app, owner)
}

// PNG returns a small generated PNG image of w×h pixels.
func PNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		for y := 0; y < h; y++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 6), G: uint8(y * 8), B: 90, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
