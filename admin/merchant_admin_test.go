package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/mall"
)

func TestAdminNeedsSignInAndOffersSellingToAccountsWithoutShop(t *testing.T) {
	app := malltest.NewApp(t)
	anon := malltest.NewBrowser(t, app)
	if p := anon.Get("/admin"); p.Status != 303 || !strings.HasPrefix(p.Location, "/account/sign-in") {
		t.Fatalf("anonymous /admin: %d %q", p.Status, p.Location)
	}
	b := malltest.SignedIn(t, app, malltest.Account(t, app, "shopper@x.test", "Shopper"))
	p := b.Get("/admin")
	if p.Status != 403 {
		t.Fatalf("no-shop /admin: %d", p.Status)
	}
	if p.Doc.Find(`[data-testid="admin-none"] a[href="/sell"]`).Length() != 1 {
		t.Fatalf("no invitation to apply:\n%s", p.Body)
	}
	if p := b.Get("/admin/products/1"); p.Status != 403 || p.Doc.Find(`[data-testid="admin-none"]`).Length() != 1 {
		t.Fatalf("no-shop deep link: %d", p.Status)
	}
}

func TestCreateProductWithVariantsAndImage(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	b.Get("/admin/products/new")
	form := maProductForm("Blue Tee")
	form.Set("variants.1.sku", "TS-M")
	form.Set("variants.1.option1", "M")
	form.Set("variants.1.price", "13")
	form.Set("variants.1.stock", "3")
	form.Set("image_alt", "A blue tee, folded")
	p := b.PostMultipart("/admin/products", form, malltest.File{Field: "image", Name: "tee.png", Type: "image/png", Data: malltest.PNG(t, 40, 30)})
	if p.Status != 303 {
		t.Fatalf("create: %d\n%s", p.Status, p.Body)
	}
	prod, err := app.Catalog.ProductBySlug(t.Context(), m.ID, "blue-tee")
	if err != nil {
		t.Fatal(err)
	}
	if len(prod.Variants) != 2 || prod.Variants[0].Price != 1250 || prod.Variants[0].CompareAtPrice != 1500 ||
		prod.Variants[0].Stock != 7 || prod.Variants[0].WeightGrams != 200 || prod.Variants[1].Option1 != "M" || prod.Option1Name != "Size" {
		t.Fatalf("variants: %+v", prod.Variants)
	}
	if len(prod.Images) != 1 || prod.Images[0].Alt != "A blue tee, folded" {
		t.Fatalf("images: %+v", prod.Images)
	}
	// The editor shows it back, with the image and its alt text.
	ed := b.Get(p.Location)
	if ed.Status != 200 || ed.Doc.Find(`#field-title`).AttrOr("value", "") != "Blue Tee" {
		t.Fatalf("edit page: %d", ed.Status)
	}
	if ed.Doc.Find(`[data-testid="image"] img[alt="A blue tee, folded"]`).Length() != 1 {
		t.Fatalf("image not on the edit page")
	}
	// Shoppers see it on the storefront.
	shop := malltest.NewBrowser(t, app).Get("/s/tees/p/blue-tee")
	if shop.Status != 200 || !strings.Contains(shop.Doc.Find("h1").Text(), "Blue Tee") {
		t.Fatalf("storefront product page: %d", shop.Status)
	}
}

func TestChineseTitleGetsASlug(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "cha", true)
	if p := b.PostMultipart("/admin/products", maProductForm("龙井绿茶")); p.Status != 303 {
		t.Fatalf("create: %d\n%s", p.Status, p.Body)
	}
	list, total, err := app.Catalog.ListProducts(t.Context(), m.ID, catalog.ProductFilter{Page: 1, PerPage: 10})
	if err != nil || total != 1 {
		t.Fatalf("list: %v %d", err, total)
	}
	if !mall.ValidSlug(list[0].Slug) {
		t.Fatalf("slug %q", list[0].Slug)
	}
}

func TestInvalidPriceKeepsInputAndSaysWhy(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	form := maProductForm("Red Tee")
	form.Set("variants.0.price", "12,5x")
	form.Set("variants.1.sku", "TS-L")
	form.Set("variants.1.price", "9.999")
	p := b.PostMultipart("/admin/products", form)
	if p.Status != 422 {
		t.Fatalf("status %d", p.Status)
	}
	if got := p.Doc.Find("#field-title").AttrOr("value", ""); got != "Red Tee" {
		t.Fatalf("title not kept: %q", got)
	}
	if got := p.Doc.Find(`#field-variants\.1\.sku`).AttrOr("value", ""); got != "TS-L" {
		t.Fatalf("second row not kept: %q", got)
	}
	errMsg := p.Doc.Find(`#field-variants\.0\.price-error`).Text()
	if !strings.Contains(errMsg, "Enter a price") {
		t.Fatalf("no message beside the price: %q", errMsg)
	}
	if p.Doc.Find(`#field-variants\.1\.price-error`).Length() != 1 {
		t.Fatalf("no message beside the second price")
	}
	if _, total, _ := app.Catalog.ListProducts(t.Context(), m.ID, catalog.ProductFilter{Page: 1, PerPage: 10}); total != 0 {
		t.Fatalf("saved %d products", total)
	}
}

func TestAddMoreRowsKeepsInput(t *testing.T) {
	app := malltest.NewApp(t)
	_, _, b := malltest.Shop(t, app, "tees", true)
	form := maProductForm("Green Tee")
	form.Set("add_rows", "1")
	p := b.PostMultipart("/admin/products", form)
	if p.Status != 200 {
		t.Fatalf("status %d", p.Status)
	}
	if n := p.Doc.Find(`[data-testid="variant-row"]`).Length(); n != 5 {
		t.Fatalf("rows %d", n)
	}
	if p.Doc.Find(`#field-variants\.0\.sku`).AttrOr("value", "") != "TS-S" {
		t.Fatal("first row lost")
	}
}

func TestNonImageUploadIsRejectedAndNothingSaved(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	p := b.PostMultipart("/admin/products", maProductForm("Plain Tee"),
		malltest.File{Field: "image", Name: "notes.png", Type: "image/png", Data: []byte("#!/bin/sh\necho not an image\n")})
	if p.Status != 422 {
		t.Fatalf("status %d", p.Status)
	}
	if msg := strings.TrimSpace(p.Doc.Find(`[data-testid="image-error"]`).Text()); msg == "" {
		t.Fatalf("no message at the image field:\n%s", p.Body)
	}
	if p.Doc.Find("#field-title").AttrOr("value", "") != "Plain Tee" {
		t.Fatal("title not kept")
	}
	if _, total, _ := app.Catalog.ListProducts(t.Context(), m.ID, catalog.ProductFilter{Page: 1, PerPage: 10}); total != 0 {
		t.Fatalf("saved %d products", total)
	}
}

func TestPendingShopSeesTheBanner(t *testing.T) {
	app := malltest.NewApp(t)
	_, _, b := malltest.Shop(t, app, "soon", false)
	p := b.Get("/admin")
	if p.Status != 200 || p.Doc.Find(`[data-testid="pending-banner"]`).Length() != 1 {
		t.Fatalf("no pending banner: %d", p.Status)
	}
	_, _, ok := malltest.Shop(t, app, "open", true)
	if ok.Get("/admin").Doc.Find(`[data-testid="pending-banner"]`).Length() != 0 {
		t.Fatal("banner on an approved shop")
	}
}

func TestAdminInChinese(t *testing.T) {
	app := malltest.NewApp(t)
	_, owner, b := malltest.Shop(t, app, "cha", true)
	if p := b.PostMultipart("/admin/products", maProductForm("Tea")); p.Status != 303 {
		t.Fatalf("create: %d", p.Status)
	}
	if err := app.Accounts.SetLocale(t.Context(), owner.ID, "zh-Hans"); err != nil {
		t.Fatal(err)
	}
	p := b.Get("/admin/products")
	if got := p.Doc.Find("h1").Text(); got != "商品管理" {
		t.Fatalf("h1 %q", got)
	}
	if got := p.Doc.Find(`[data-testid="product-row"]`).Text(); !strings.Contains(got, "US$") || !strings.Contains(got, "12.50") {
		t.Fatalf("price not in Chinese format: %q", got)
	}
}

func TestLocaleSwitchSavesTheAccount(t *testing.T) {
	app := malltest.NewApp(t)
	_, owner, b := malltest.Shop(t, app, "cha", true)
	b.Get("/admin/products")
	p := b.Post("/admin/locale", url.Values{"locale": {"zh-Hans"}, "next": {"/admin/products?q=x"}})
	if p.Status != 303 || p.Location != "/admin/products?q=x" {
		t.Fatalf("switch: %d %q", p.Status, p.Location)
	}
	a, _ := app.Accounts.AccountByID(t.Context(), owner.ID)
	if a.Locale != "zh-Hans" {
		t.Fatalf("locale %q", a.Locale)
	}
	if p := b.Post("/admin/locale", url.Values{"locale": {"en"}, "next": {"//evil.test/"}}); p.Location != "/admin" {
		t.Fatalf("next not kept local: %q", p.Location)
	}
}

func TestPostWithoutCSRFIsForbidden(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	b.Get("/admin/products/new")
	form := maProductForm("Sneaky Tee")
	form.Set("_csrf", "")
	if p := b.Post("/admin/products", form); p.Status != 403 {
		t.Fatalf("status %d", p.Status)
	}
	if _, total, _ := app.Catalog.ListProducts(t.Context(), m.ID, catalog.ProductFilter{Page: 1, PerPage: 10}); total != 0 {
		t.Fatalf("saved %d products", total)
	}
}

func TestStockRejectsNegative(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	if p := b.PostMultipart("/admin/products", maProductForm("Tee")); p.Status != 303 {
		t.Fatalf("create: %d", p.Status)
	}
	prod, _ := app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	vid := prod.Variants[0].ID
	path := "/admin/variants/" + itoa(vid) + "/stock"
	b.Get("/admin/stock")
	if p := b.Post(path, url.Values{"stock": {"-3"}}); p.Status != 422 || p.Doc.Find(`[role="alert"]`).Length() == 0 {
		t.Fatalf("negative: %d", p.Status)
	}
	if p := b.Post(path, url.Values{"stock": {"42"}}); p.Status != 303 {
		t.Fatalf("save: %d", p.Status)
	}
	prod, _ = app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	if prod.Variants[0].Stock != 42 {
		t.Fatalf("stock %d", prod.Variants[0].Stock)
	}
}

func TestSwitchOnlyAmongOwnShops(t *testing.T) {
	app := malltest.NewApp(t)
	a, owner, b := malltest.Shop(t, app, "first", true)
	other, _, _ := malltest.Shop(t, app, "other", true)
	second, _ := app.Merchants.Apply(t.Context(), owner.ID, maApplyInput("second"))
	if p := b.Get("/admin"); p.Doc.Find(`[data-testid="admin-merchant"]`).Text() != a.Name {
		t.Fatalf("default shop: %q", p.Doc.Find(`[data-testid="admin-merchant"]`).Text())
	}
	if p := b.Post("/admin/switch", url.Values{"merchant": {itoa(other.ID)}}); p.Status != 404 {
		t.Fatalf("switch to a stranger's shop: %d", p.Status)
	}
	if p := b.Post("/admin/switch", url.Values{"merchant": {itoa(second.ID)}}); p.Status != 303 {
		t.Fatalf("switch: %d", p.Status)
	}
	if got := b.Get("/admin").Doc.Find(`[data-testid="admin-merchant"]`).Text(); got != second.Name {
		t.Fatalf("after switch: %q", got)
	}
	// A forged cookie naming someone else's shop is ignored.
	b.Cookies["mall_admin_shop"] = itoa(other.ID)
	if got := b.Get("/admin").Doc.Find(`[data-testid="admin-merchant"]`).Text(); got == other.Name {
		t.Fatal("forged cookie trusted")
	}
}

func TestOwnerInvitesStaffAndSeesTheLinkOnce(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	b.Get("/admin/staff")
	p := b.Post("/admin/staff/invitations", url.Values{"email": {"new@clerk.test"}, "role": {"clerk"}})
	if p.Status != 201 {
		t.Fatalf("invite: %d\n%s", p.Status, p.Body)
	}
	link := p.Doc.Find(`[data-testid="invite-link"]`).AttrOr("value", "")
	if !strings.HasPrefix(link, "http://mall.test/invitations/") {
		t.Fatalf("link %q", link)
	}
	if n := b.Get("/admin/staff").Doc.Find(`[data-testid="invitation"]`).Length(); n != 1 {
		t.Fatalf("pending invitations shown: %d", n)
	}
	// The invited person follows the link and joins as a clerk, who may
	// not invite or remove anyone.
	clerk := malltest.Account(t, app, "new@clerk.test", "New Clerk")
	token := link[strings.LastIndex(link, "/")+1:]
	if err := app.Merchants.AcceptInvitation(t.Context(), token, clerk.ID); err != nil {
		t.Fatal(err)
	}
	cb := malltest.SignedIn(t, app, clerk)
	if got := cb.Get("/admin").Doc.Find(`[data-testid="admin-merchant"]`).Text(); got != m.Name {
		t.Fatalf("clerk's shop: %q", got)
	}
	if cb.Get("/admin/staff").Doc.Find(`[data-testid="invite-form"]`).Length() != 0 {
		t.Fatal("clerk offered the invite form")
	}
	if p := cb.Post("/admin/staff/invitations", url.Values{"email": {"x@y.test"}, "role": {"owner"}}); p.Status != 403 || p.Doc.Find(`[data-testid="refused"]`).Length() != 1 {
		t.Fatalf("clerk invites: %d", p.Status)
	}
}

func TestEveryAdminPageRendersInBothLanguages(t *testing.T) {
	app := malltest.NewApp(t)
	m, owner, b := malltest.Shop(t, app, "tees", true)
	if p := b.PostMultipart("/admin/products", maProductForm("Tee")); p.Status != 303 {
		t.Fatalf("create: %d", p.Status)
	}
	for _, loc := range []string{"en", "zh-Hans"} {
		if err := app.Accounts.SetLocale(t.Context(), owner.ID, loc); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/admin", "/admin/products", "/admin/products?q=tee&status=active", "/admin/products/new", "/admin/stock", "/admin/categories", "/admin/settings", "/admin/staff", "/admin/account"} {
			p := b.Get(path)
			if p.Status != 200 || p.Doc.Find("h1").Length() != 1 || p.Doc.Find(`[data-testid="admin-merchant"]`).Text() != m.Name {
				t.Errorf("%s %s: %d, h1 %d", loc, path, p.Status, p.Doc.Find("h1").Length())
			}
		}
	}
}

func TestSettingsAndCustomDomain(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	b.Get("/admin/settings")
	form := url.Values{"name": {""}, "theme_color": {"#123456"}, "locale": {"zh-Hans"}, "both_locales": {"1"}, "contact_email": {"hi@tees.test"}, "description": {"Tees"}}
	p := b.PostMultipart("/admin/settings", form)
	if p.Status != 422 || p.Doc.Find(`#field-name-error`).Length() != 1 || p.Doc.Find("#field-contact_email").AttrOr("value", "") != "hi@tees.test" {
		t.Fatalf("empty name: %d", p.Status)
	}
	form.Set("name", "Tee Time")
	if p := b.PostMultipart("/admin/settings", form, malltest.File{Field: "logo", Name: "logo.png", Type: "image/png", Data: malltest.PNG(t, 40, 30)}); p.Status != 303 {
		t.Fatalf("save: %d\n%s", p.Status, p.Body)
	}
	got, _ := app.Merchants.MerchantByID(t.Context(), m.ID)
	if got.Name != "Tee Time" || got.Locale != "zh-Hans" || !got.BothLocales || got.ThemeColor != "#123456" || got.LogoPath == "" {
		t.Fatalf("saved %+v", got)
	}
	b.Get("/admin/settings")
	if p := b.Post("/admin/settings/domain", url.Values{"domain": {"shop.tees.test"}}); p.Status != 303 {
		t.Fatalf("domain: %d\n%s", p.Status, p.Body)
	}
	p = b.Get("/admin/settings")
	rec := p.Doc.Find(`[data-testid="dns-record"]`).Text()
	got, _ = app.Merchants.MerchantByID(t.Context(), m.ID)
	if !strings.Contains(rec, "_mall.shop.tees.test") || !strings.Contains(rec, "mall-verify="+got.DomainToken) || got.DomainToken == "" {
		t.Fatalf("TXT record not shown: %q", rec)
	}
}
