package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
)

func TestAdminNeedsSignInAndOffersSellingToAccountsWithoutShop(t *testing.T) {
	app := maApp(t)
	anon := maNewBrowser(t, app)
	if p := anon.get("/admin"); p.Status != 303 || !strings.HasPrefix(p.Location, "/account/sign-in") {
		t.Fatalf("anonymous /admin: %d %q", p.Status, p.Location)
	}
	b := maSignIn(t, app, maAccount(t, app, "shopper@x.test"))
	p := b.get("/admin")
	if p.Status != 200 {
		t.Fatalf("no-shop /admin: %d", p.Status)
	}
	if p.Doc.Find(`[data-testid="admin-none"] a[href="/sell"]`).Length() != 1 {
		t.Fatalf("no invitation to apply:\n%s", p.Body)
	}
	if p := b.get("/admin/products/1"); p.Status != 200 || p.Doc.Find(`[data-testid="admin-none"]`).Length() != 1 {
		t.Fatalf("no-shop deep link: %d", p.Status)
	}
}

func TestCreateProductWithVariantsAndImage(t *testing.T) {
	app := maApp(t)
	m, _, b := maShop(t, app, "tees", true)
	b.get("/admin/products/new")
	form := maProductForm("Blue Tee")
	form.Set("variants.1.sku", "TS-M")
	form.Set("variants.1.option1", "M")
	form.Set("variants.1.price", "13")
	form.Set("variants.1.stock", "3")
	form.Set("image_alt", "A blue tee, folded")
	p := b.postMultipart("/admin/products", form, maFile{Field: "image", Name: "tee.png", Type: "image/png", Data: maPNG(t)})
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
	ed := b.get(p.Location)
	if ed.Status != 200 || ed.Doc.Find(`#field-title`).AttrOr("value", "") != "Blue Tee" {
		t.Fatalf("edit page: %d", ed.Status)
	}
	if ed.Doc.Find(`[data-testid="image"] img[alt="A blue tee, folded"]`).Length() != 1 {
		t.Fatalf("image not on the edit page")
	}
	// Shoppers see it on the storefront.
	shop := maNewBrowser(t, app).get("/s/tees/p/blue-tee")
	if shop.Status != 200 || !strings.Contains(shop.Doc.Find("h1").Text(), "Blue Tee") {
		t.Fatalf("storefront product page: %d", shop.Status)
	}
}

func TestChineseTitleGetsASlug(t *testing.T) {
	app := maApp(t)
	m, _, b := maShop(t, app, "cha", true)
	if p := b.postMultipart("/admin/products", maProductForm("龙井绿茶")); p.Status != 303 {
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
	app := maApp(t)
	m, _, b := maShop(t, app, "tees", true)
	form := maProductForm("Red Tee")
	form.Set("variants.0.price", "12,5x")
	form.Set("variants.1.sku", "TS-L")
	form.Set("variants.1.price", "9.999")
	p := b.postMultipart("/admin/products", form)
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
	app := maApp(t)
	_, _, b := maShop(t, app, "tees", true)
	form := maProductForm("Green Tee")
	form.Set("add_rows", "1")
	p := b.postMultipart("/admin/products", form)
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
	app := maApp(t)
	m, _, b := maShop(t, app, "tees", true)
	p := b.postMultipart("/admin/products", maProductForm("Plain Tee"),
		maFile{Field: "image", Name: "notes.png", Type: "image/png", Data: []byte("#!/bin/sh\necho not an image\n")})
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
	app := maApp(t)
	_, _, b := maShop(t, app, "soon", false)
	p := b.get("/admin")
	if p.Status != 200 || p.Doc.Find(`[data-testid="pending-banner"]`).Length() != 1 {
		t.Fatalf("no pending banner: %d", p.Status)
	}
	_, _, ok := maShop(t, app, "open", true)
	if ok.get("/admin").Doc.Find(`[data-testid="pending-banner"]`).Length() != 0 {
		t.Fatal("banner on an approved shop")
	}
}

func TestAdminInChinese(t *testing.T) {
	app := maApp(t)
	_, owner, b := maShop(t, app, "cha", true)
	if p := b.postMultipart("/admin/products", maProductForm("Tea")); p.Status != 303 {
		t.Fatalf("create: %d", p.Status)
	}
	if err := app.Accounts.SetLocale(t.Context(), owner.ID, "zh-Hans"); err != nil {
		t.Fatal(err)
	}
	p := b.get("/admin/products")
	if got := p.Doc.Find("h1").Text(); got != "商品管理" {
		t.Fatalf("h1 %q", got)
	}
	if got := p.Doc.Find(`[data-testid="product-row"]`).Text(); !strings.Contains(got, "US$") || !strings.Contains(got, "12.50") {
		t.Fatalf("price not in Chinese format: %q", got)
	}
}

func TestLocaleSwitchSavesTheAccount(t *testing.T) {
	app := maApp(t)
	_, owner, b := maShop(t, app, "cha", true)
	b.get("/admin/products")
	p := b.post("/admin/locale", url.Values{"locale": {"zh-Hans"}, "next": {"/admin/products?q=x"}})
	if p.Status != 303 || p.Location != "/admin/products?q=x" {
		t.Fatalf("switch: %d %q", p.Status, p.Location)
	}
	a, _ := app.Accounts.AccountByID(t.Context(), owner.ID)
	if a.Locale != "zh-Hans" {
		t.Fatalf("locale %q", a.Locale)
	}
	if p := b.post("/admin/locale", url.Values{"locale": {"en"}, "next": {"//evil.test/"}}); p.Location != "/admin" {
		t.Fatalf("next not kept local: %q", p.Location)
	}
}

func TestPostWithoutCSRFIsForbidden(t *testing.T) {
	app := maApp(t)
	m, _, b := maShop(t, app, "tees", true)
	b.get("/admin/products/new")
	form := maProductForm("Sneaky Tee")
	form.Set("_csrf", "")
	if p := b.post("/admin/products", form); p.Status != 403 {
		t.Fatalf("status %d", p.Status)
	}
	if _, total, _ := app.Catalog.ListProducts(t.Context(), m.ID, catalog.ProductFilter{Page: 1, PerPage: 10}); total != 0 {
		t.Fatalf("saved %d products", total)
	}
}

func TestStockRejectsNegative(t *testing.T) {
	app := maApp(t)
	m, _, b := maShop(t, app, "tees", true)
	if p := b.postMultipart("/admin/products", maProductForm("Tee")); p.Status != 303 {
		t.Fatalf("create: %d", p.Status)
	}
	prod, _ := app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	vid := prod.Variants[0].ID
	path := "/admin/variants/" + maID(vid) + "/stock"
	b.get("/admin/stock")
	if p := b.post(path, url.Values{"stock": {"-3"}}); p.Status != 422 || p.Doc.Find(`[role="alert"]`).Length() == 0 {
		t.Fatalf("negative: %d", p.Status)
	}
	if p := b.post(path, url.Values{"stock": {"42"}}); p.Status != 303 {
		t.Fatalf("save: %d", p.Status)
	}
	prod, _ = app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	if prod.Variants[0].Stock != 42 {
		t.Fatalf("stock %d", prod.Variants[0].Stock)
	}
}

func TestSwitchOnlyAmongOwnShops(t *testing.T) {
	app := maApp(t)
	a, owner, b := maShop(t, app, "first", true)
	other, _, _ := maShop(t, app, "other", true)
	second, _ := app.Merchants.Apply(t.Context(), owner.ID, maApplyInput("second"))
	if p := b.get("/admin"); p.Doc.Find(`[data-testid="admin-merchant"]`).Text() != a.Name {
		t.Fatalf("default shop: %q", p.Doc.Find(`[data-testid="admin-merchant"]`).Text())
	}
	if p := b.post("/admin/switch", url.Values{"merchant": {maID(other.ID)}}); p.Status != 404 {
		t.Fatalf("switch to a stranger's shop: %d", p.Status)
	}
	if p := b.post("/admin/switch", url.Values{"merchant": {maID(second.ID)}}); p.Status != 303 {
		t.Fatalf("switch: %d", p.Status)
	}
	if got := b.get("/admin").Doc.Find(`[data-testid="admin-merchant"]`).Text(); got != second.Name {
		t.Fatalf("after switch: %q", got)
	}
	// A forged cookie naming someone else's shop is ignored.
	b.cookies["mall_admin_shop"] = maID(other.ID)
	if got := b.get("/admin").Doc.Find(`[data-testid="admin-merchant"]`).Text(); got == other.Name {
		t.Fatal("forged cookie trusted")
	}
}

func TestOwnerInvitesStaffAndSeesTheLinkOnce(t *testing.T) {
	app := maApp(t)
	m, _, b := maShop(t, app, "tees", true)
	b.get("/admin/staff")
	p := b.post("/admin/staff/invitations", url.Values{"email": {"new@clerk.test"}, "role": {"clerk"}})
	if p.Status != 201 {
		t.Fatalf("invite: %d\n%s", p.Status, p.Body)
	}
	link := p.Doc.Find(`[data-testid="invite-link"]`).AttrOr("value", "")
	if !strings.HasPrefix(link, "http://mall.test/invitations/") {
		t.Fatalf("link %q", link)
	}
	if n := b.get("/admin/staff").Doc.Find(`[data-testid="invitation"]`).Length(); n != 1 {
		t.Fatalf("pending invitations shown: %d", n)
	}
	// The invited person follows the link and joins as a clerk, who may
	// not invite or remove anyone.
	clerk := maAccount(t, app, "new@clerk.test")
	token := link[strings.LastIndex(link, "/")+1:]
	if err := app.Merchants.AcceptInvitation(t.Context(), token, clerk.ID); err != nil {
		t.Fatal(err)
	}
	cb := maSignIn(t, app, clerk)
	if got := cb.get("/admin").Doc.Find(`[data-testid="admin-merchant"]`).Text(); got != m.Name {
		t.Fatalf("clerk's shop: %q", got)
	}
	if cb.get("/admin/staff").Doc.Find(`[data-testid="invite-form"]`).Length() != 0 {
		t.Fatal("clerk offered the invite form")
	}
	if p := cb.post("/admin/staff/invitations", url.Values{"email": {"x@y.test"}, "role": {"owner"}}); p.Status != 404 {
		t.Fatalf("clerk invites: %d", p.Status)
	}
}

func TestEveryAdminPageRendersInBothLanguages(t *testing.T) {
	app := maApp(t)
	m, owner, b := maShop(t, app, "tees", true)
	if p := b.postMultipart("/admin/products", maProductForm("Tee")); p.Status != 303 {
		t.Fatalf("create: %d", p.Status)
	}
	for _, loc := range []string{"en", "zh-Hans"} {
		if err := app.Accounts.SetLocale(t.Context(), owner.ID, loc); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/admin", "/admin/products", "/admin/products?q=tee&status=active", "/admin/products/new", "/admin/stock", "/admin/categories", "/admin/settings", "/admin/staff", "/admin/account"} {
			p := b.get(path)
			if p.Status != 200 || p.Doc.Find("h1").Length() != 1 || p.Doc.Find(`[data-testid="admin-merchant"]`).Text() != m.Name {
				t.Errorf("%s %s: %d, h1 %d", loc, path, p.Status, p.Doc.Find("h1").Length())
			}
		}
	}
}

func TestSettingsAndCustomDomain(t *testing.T) {
	app := maApp(t)
	m, _, b := maShop(t, app, "tees", true)
	b.get("/admin/settings")
	form := url.Values{"name": {""}, "theme_color": {"#123456"}, "locale": {"zh-Hans"}, "both_locales": {"1"}, "contact_email": {"hi@tees.test"}, "description": {"Tees"}}
	p := b.postMultipart("/admin/settings", form)
	if p.Status != 422 || p.Doc.Find(`#field-name-error`).Length() != 1 || p.Doc.Find("#field-contact_email").AttrOr("value", "") != "hi@tees.test" {
		t.Fatalf("empty name: %d", p.Status)
	}
	form.Set("name", "Tee Time")
	if p := b.postMultipart("/admin/settings", form, maFile{Field: "logo", Name: "logo.png", Type: "image/png", Data: maPNG(t)}); p.Status != 303 {
		t.Fatalf("save: %d\n%s", p.Status, p.Body)
	}
	got, _ := app.Merchants.MerchantByID(t.Context(), m.ID)
	if got.Name != "Tee Time" || got.Locale != "zh-Hans" || !got.BothLocales || got.ThemeColor != "#123456" || got.LogoPath == "" {
		t.Fatalf("saved %+v", got)
	}
	b.get("/admin/settings")
	if p := b.post("/admin/settings/domain", url.Values{"domain": {"shop.tees.test"}}); p.Status != 303 {
		t.Fatalf("domain: %d\n%s", p.Status, p.Body)
	}
	p = b.get("/admin/settings")
	rec := p.Doc.Find(`[data-testid="dns-record"]`).Text()
	got, _ = app.Merchants.MerchantByID(t.Context(), m.ID)
	if !strings.Contains(rec, "_mall.shop.tees.test") || !strings.Contains(rec, "mall-verify="+got.DomainToken) || got.DomainToken == "" {
		t.Fatalf("TXT record not shown: %q", rec)
	}
}
