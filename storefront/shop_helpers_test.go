package storefront_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/server"
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
	app, db := malltest.NewAppDB(t)
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

// visitor is a new browser: it keeps its cookies.
func (s *shopMall) visitor() *malltest.Browser { return malltest.NewBrowser(s.t, s.app) }

// signUp creates an account through the sign-up form; the visitor is then
// signed in.
func signUp(t testing.TB, v *malltest.Browser, email string) {
	t.Helper()
	if p := v.SignUp("Shopper", email, "correct horse battery"); p.Status != http.StatusSeeOther {
		t.Fatalf("sign-up %s: %d", email, p.Status)
	}
}

// get is a request by a new anonymous visitor.
func (s *shopMall) get(target string) *malltest.Page {
	s.t.Helper()
	return s.visitor().Get(target)
}

func verified() *time.Time {
	t := time.Now().Add(-time.Hour)
	return &t
}
