package admin_test

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
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/server"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

// maApp builds the whole mall on a fresh database.
func maApp(t *testing.T) *server.App {
	t.Helper()
	store, err := media.NewDiskStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://mall.test")
	app, err := server.New(server.Options{
		DB: dbtest.Open(t), Media: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Web:  web.Config{Secret: []byte(strings.Repeat("s", 32)), BaseURL: base},
		Site: templates.Site{Name: "Test Mall", BaseURL: base.String(), Currency: "USD"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return app
}

// maBrowser keeps one visitor's cookies and the last CSRF token seen.
type maBrowser struct {
	t       *testing.T
	app     *server.App
	cookies map[string]string
	csrf    string
	header  http.Header
}

type maPage struct {
	Status   int
	Location string
	Body     string
	Doc      *goquery.Document
}

func maNewBrowser(t *testing.T, app *server.App) *maBrowser {
	return &maBrowser{t: t, app: app, cookies: map[string]string{}, header: http.Header{}}
}

func (b *maBrowser) do(req *http.Request) *maPage {
	b.t.Helper()
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	for k, v := range b.header {
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
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(raw))
	if err != nil {
		b.t.Fatal(err)
	}
	if tok, ok := doc.Find(`input[name="_csrf"]`).First().Attr("value"); ok {
		b.csrf = tok
	}
	return &maPage{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: string(raw), Doc: doc}
}

func (b *maBrowser) get(path string) *maPage {
	b.t.Helper()
	return b.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post sends a form with the CSRF token of the last page seen (one is
// fetched first when none was seen yet).
func (b *maBrowser) post(path string, form url.Values) *maPage {
	b.t.Helper()
	if b.csrf == "" {
		b.get("/admin/account")
	}
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", b.csrf)
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// maFile is a file to upload in a multipart form.
type maFile struct {
	Field, Name, Type string
	Data              []byte
}

// postMultipart sends a multipart form, as the product form is posted.
func (b *maBrowser) postMultipart(path string, form url.Values, files ...maFile) *maPage {
	b.t.Helper()
	if b.csrf == "" {
		b.get("/admin/account")
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("_csrf", b.csrf)
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
	return b.do(req)
}

// maPNG is a small generated PNG image.
func maPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{R: uint8(x * 6), G: uint8(y * 8), B: 90, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// maAccount creates an account directly in the store.
func maAccount(t *testing.T, app *server.App, email string) *accounts.Account {
	t.Helper()
	a, err := app.Accounts.SignUp(t.Context(), accounts.SignUpInput{Email: email, Name: "Staff " + email, Password: "a long enough password 1"})
	if err != nil {
		t.Fatalf("sign up %s: %v", email, err)
	}
	return a
}

// maSignIn returns a browser with a session for the account.
func maSignIn(t *testing.T, app *server.App, a *accounts.Account) *maBrowser {
	t.Helper()
	token, _, err := app.Accounts.CreateSession(t.Context(), a.ID, "test", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	b := maNewBrowser(t, app)
	b.cookies[web.SessionCookie] = token
	return b
}

// maShop creates a shop owned by a new account, approved unless pending
// is asked for, and returns it with the owner's signed-in browser.
func maShop(t *testing.T, app *server.App, slug string, approve bool) (*merchants.Merchant, *accounts.Account, *maBrowser) {
	t.Helper()
	ctx := t.Context()
	owner := maAccount(t, app, "owner@"+slug+".test")
	m, err := app.Merchants.Apply(ctx, owner.ID, merchants.ApplyInput{Name: "Shop " + slug, Slug: slug, Description: "Things", ContactEmail: owner.Email})
	if err != nil {
		t.Fatalf("apply %s: %v", slug, err)
	}
	if approve {
		op, err := app.Accounts.AccountByEmail(ctx, "operator@mall.test")
		if err != nil {
			op, err = app.Accounts.CreateOperator(ctx, "operator@mall.test", "Operator", "operator password 1")
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := app.Merchants.Approve(ctx, op.ID, m.ID); err != nil {
			t.Fatalf("approve %s: %v", slug, err)
		}
		if m, err = app.Merchants.MerchantByID(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	return m, owner, maSignIn(t, app, owner)
}

// maProductForm is a valid product form with one variant.
func maProductForm(title string) url.Values {
	return url.Values{
		"title": {title}, "slug": {""}, "description": {"Soft **cotton**."}, "status": {"active"},
		"tags": {"cotton, blue"}, "option1_name": {"Size"}, "rows": {"2"},
		"variants.0.sku": {"TS-S"}, "variants.0.option1": {"S"}, "variants.0.price": {"12.50"},
		"variants.0.compare_at_price": {"15"}, "variants.0.stock": {"7"}, "variants.0.weight_grams": {"200"},
	}
}

func maApplyInput(slug string) merchants.ApplyInput {
	return merchants.ApplyInput{Name: "Shop " + slug, Slug: slug, Description: "Things", ContactEmail: "owner@" + slug + ".test"}
}

func maID(n int64) string { return strconv.FormatInt(n, 10) }
