package storefront_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/server"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

// shopMall is the real mall on a fresh database, with its database handle
// for fixtures.
type shopMall struct {
	t   testing.TB
	db  *gorm.DB
	app *server.App
}

func newShopMall(t testing.TB) *shopMall {
	t.Helper()
	db := dbtest.Open(t)
	store, err := media.NewDiskStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://mall.test")
	app, err := server.New(server.Options{
		DB:     db,
		Media:  store,
		Web:    web.Config{Secret: []byte(strings.Repeat("k", 32)), BaseURL: base},
		Site:   templates.Site{Name: "Test Mall", BaseURL: base.String(), Currency: "USD"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	return &shopMall{t: t, db: db, app: app}
}

// merchant inserts a shop directly (the storefront only reads shops).
func (s *shopMall) merchant(m merchants.Merchant) *merchants.Merchant {
	s.t.Helper()
	if m.Name == "" {
		m.Name = "Shop " + m.Slug
	}
	if m.Status == "" {
		m.Status = merchants.MerchantActive
	}
	if m.Locale == "" {
		m.Locale = "en"
	}
	if m.ThemeColor == "" {
		m.ThemeColor = "#c2410c"
	}
	if err := s.db.Create(&m).Error; err != nil {
		s.t.Fatalf("create merchant %s: %v", m.Slug, err)
	}
	return &m
}

func (s *shopMall) product(merchantID int64, in catalog.ProductInput) *catalog.Product {
	s.t.Helper()
	if in.Status == "" {
		in.Status = catalog.StatusActive
	}
	p, err := s.app.Catalog.CreateProduct(context.Background(), merchantID, in)
	if err != nil {
		s.t.Fatalf("create product %q: %v", in.Title, err)
	}
	return p
}

// simple is an active product with one variant.
func simple(title, slug, sku string, price int64, stock int) catalog.ProductInput {
	return catalog.ProductInput{
		Title: title, Slug: slug, Status: catalog.StatusActive,
		Description: "Hand-picked **" + title + "**.<script>alert(1)</script>",
		Variants:    []catalog.VariantInput{{SKU: sku, Price: price, Currency: "USD", Stock: stock}},
	}
}

type shopPage struct {
	Status int
	Header http.Header
	Body   string
	Doc    *goquery.Document
}

func (p *shopPage) text(sel string) string {
	return strings.TrimSpace(p.Doc.Find(sel).First().Text())
}

func (p *shopPage) attr(sel, name string) string {
	v, _ := p.Doc.Find(sel).First().Attr(name)
	return v
}

// visitor is one browser: it keeps its cookies.
type visitor struct {
	s       *shopMall
	cookies map[string]string
	headers map[string]string
}

func (s *shopMall) visitor() *visitor {
	return &visitor{s: s, cookies: map[string]string{}, headers: map[string]string{}}
}

func (v *visitor) do(req *http.Request) *shopPage {
	v.s.t.Helper()
	for k, val := range v.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: val})
	}
	for k, val := range v.headers {
		req.Header.Set(k, val)
	}
	resp, err := v.s.app.Fiber.Test(req, -1)
	if err != nil {
		v.s.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	for _, c := range resp.Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(v.cookies, c.Name)
		} else {
			v.cookies[c.Name] = c.Value
		}
	}
	p := &shopPage{Status: resp.StatusCode, Header: resp.Header, Body: string(raw)}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(p.Body))
	if err != nil {
		v.s.t.Fatal(err)
	}
	p.Doc = doc
	return p
}

func (v *visitor) get(target string) *shopPage {
	v.s.t.Helper()
	return v.do(httptest.NewRequest(http.MethodGet, target, nil))
}

func (v *visitor) post(target string, form url.Values) *shopPage {
	v.s.t.Helper()
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return v.do(req)
}

// signUp creates an account through the sign-up form; the visitor is then
// signed in.
func (v *visitor) signUp(email string) {
	v.s.t.Helper()
	p := v.get("/account/sign-up")
	token := p.attr(`input[name="_csrf"]`, "value")
	p = v.post("/account/sign-up", url.Values{"_csrf": {token}, "name": {"Shopper"}, "email": {email}, "password": {"correct horse battery"}})
	if p.Status != http.StatusSeeOther {
		v.s.t.Fatalf("sign-up %s: %d", email, p.Status)
	}
}

// get is a request by a new anonymous visitor.
func (s *shopMall) get(target string) *shopPage {
	s.t.Helper()
	return s.visitor().get(target)
}

func verified() *time.Time {
	t := time.Now().Add(-time.Hour)
	return &t
}
