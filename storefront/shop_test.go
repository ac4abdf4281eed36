package storefront_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
)

// productLD returns the schema.org Product node of a page's JSON-LD.
func productLD(t *testing.T, p *malltest.Page) map[string]any {
	t.Helper()
	raw := p.Doc.Find(`script[type="application/ld+json"]`).First().Text()
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(raw), &doc); err != nil {
		t.Fatalf("JSON-LD %q: %v", raw, err)
	}
	for _, n := range doc.Graph {
		if n["@type"] == "Product" {
			return n
		}
	}
	t.Fatalf("no Product in JSON-LD %s", raw)
	return nil
}

func offer(t *testing.T, p *malltest.Page) map[string]any {
	t.Helper()
	o, _ := productLD(t, p)["offers"].(map[string]any)
	if o == nil {
		t.Fatal("Product has no offers")
	}
	return o
}

func TestMallHomeListsOpenShopsOnly(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House", Description: "Leaves from the hills"})
	s.merchant(merchants.Merchant{Slug: "secret", Name: "Secret Shop", Status: merchants.MerchantPending})
	s.merchant(merchants.Merchant{Slug: "gone", Name: "Gone Shop", Status: merchants.MerchantSuspended})
	in := simple("Green Tea", "green-tea", "GT-1", 1250, 10)
	in.Featured = true
	s.product(tea.ID, in)

	p := s.get("/")
	if p.Status != http.StatusOK {
		t.Fatalf("GET / = %d", p.Status)
	}
	var names []string
	p.Doc.Find(`[data-testid="merchant-card"] h3`).Each(func(_ int, sel *goquery.Selection) {
		names = append(names, strings.TrimSpace(sel.Text()))
	})
	if len(names) != 1 || names[0] != "Tea House" {
		t.Errorf("shops listed %q, want only Tea House", names)
	}
	if p.Attr(`[data-testid="merchant-card"] a`, "href") != "/s/tea-house" {
		t.Error("shop card does not link to the storefront")
	}
	if got := p.Text(`[data-testid="featured-products"] [data-testid="product-card-shop"]`); got != "Tea House" {
		t.Errorf("featured product names its shop %q", got)
	}
	if p.Doc.Find(`h1`).Length() != 1 {
		t.Error("home page needs exactly one h1")
	}
	if p.Doc.Find(`link[rel="alternate"][hreflang="zh-Hans"]`).Length() != 1 || p.Doc.Find(`[data-testid="locale-switch"]`).Length() != 1 {
		t.Error("mall home offers no language alternates or switcher")
	}
}

func TestProductPage(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House"})
	cat, err := s.app.Catalog.CreateCategory(t.Context(), tea.ID, catalog.CategoryInput{Name: "Green teas", Slug: "green"})
	if err != nil {
		t.Fatal(err)
	}
	in := simple("Dragon Well", "dragon-well", "DW-1", 1250, 10)
	in.CategoryIDs = []int64{cat.ID}
	prod := s.product(tea.ID, in)
	key := strings.Repeat("ab", 20) + "-jpg"
	if _, err := s.app.Catalog.AddImage(t.Context(), tea.ID, prod.ID, catalog.ImageInput{Key: key, Alt: "A cup of Dragon Well", Width: 1600, Height: 1600}); err != nil {
		t.Fatal(err)
	}

	p := s.get("/s/tea-house/p/dragon-well")
	if p.Status != http.StatusOK {
		t.Fatalf("status %d", p.Status)
	}
	if got := p.Text(`[data-testid="product-title"]`); got != "Dragon Well" {
		t.Errorf("title %q", got)
	}
	if got := p.Text(`.buy-box [data-testid="price"]`); got != "$12.50" {
		t.Errorf("price %q, want $12.50", got)
	}
	if got := p.Text(`[data-testid="stock"]`); got != "In stock" {
		t.Errorf("stock %q", got)
	}
	if got := p.Attr(`link[rel="canonical"]`, "href"); got != "http://mall.test/s/tea-house/p/dragon-well" {
		t.Errorf("canonical %q", got)
	}
	if got := p.Attr(`meta[property="og:type"]`, "content"); got != "product" {
		t.Errorf("og:type %q", got)
	}
	o := offer(t, p)
	if o["price"] != "12.50" || o["priceCurrency"] != "USD" || o["availability"] != "https://schema.org/InStock" {
		t.Errorf("offer %v", o)
	}
	if ld := productLD(t, p); ld["sku"] != "DW-1" || ld["name"] != "Dragon Well" {
		t.Errorf("product JSON-LD %v", ld)
	}
	img := p.Doc.Find(`[data-testid="product-image"]`)
	if alt, _ := img.Attr("alt"); alt != "A cup of Dragon Well" {
		t.Errorf("image alt %q", alt)
	}
	if set, _ := img.Attr("srcset"); !strings.Contains(set, "/media/card/"+key) || !strings.Contains(set, " 1200w") {
		t.Errorf("srcset %q", set)
	}
	if imgs, _ := productLD(t, p)["image"].([]any); len(imgs) != 1 || !strings.HasPrefix(imgs[0].(string), "http://mall.test/media/large/") {
		t.Errorf("JSON-LD image %v", imgs)
	}
	if got := p.Attr(`meta[name="description"]`, "content"); got != "Hand-picked Dragon Well.alert(1)" {
		t.Errorf("meta description %q", got)
	}
	if !strings.Contains(p.Body, `"BreadcrumbList"`) {
		t.Error("no BreadcrumbList in JSON-LD")
	}
	crumbs := p.Doc.Find(`[data-testid="breadcrumbs"] li`)
	if crumbs.Length() != 3 || strings.TrimSpace(crumbs.Eq(1).Text()) != "Green teas" {
		t.Errorf("breadcrumbs %q", crumbs.Text())
	}
	desc, _ := p.Doc.Find(`[data-testid="product-description"]`).Html()
	if !strings.Contains(desc, "<strong>Dragon Well</strong>") || strings.Contains(desc, "<script") {
		t.Errorf("description not rendered as sanitised HTML: %s", desc)
	}
	if got := p.Attr(`form[action="/cart/add"] input[name="variant_id"]`, "value"); got != itoa(prod.Variants[0].ID) {
		t.Errorf("add-to-cart form posts variant %q, want %d", got, prod.Variants[0].ID)
	}
	if p.Attr(`link[rel="stylesheet"][href^="/theme/"]`, "href") != "/theme/c2410c.css" {
		t.Error("merchant colour not applied")
	}
	if cc := p.Header.Get("Cache-Control"); cc != "private, no-cache" {
		t.Errorf("Cache-Control %q", cc)
	}
	// Chinese visitors read the price in their format.
	zh := s.get("/s/tea-house/p/dragon-well?lang=zh-Hans")
	if got := zh.Text(`.buy-box [data-testid="price"]`); got != "$12.50" && !strings.Contains(got, "12.50") {
		t.Errorf("price in a Chinese page %q", got)
	}
}

func TestVariantPickerWorksWithoutJavaScript(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house"})
	p := s.product(tea.ID, catalog.ProductInput{
		Title: "Tea Cup", Slug: "tea-cup", Status: catalog.StatusActive,
		OptionNames: [3]string{"Size"},
		Variants: []catalog.VariantInput{
			{SKU: "CUP-S", Options: [3]string{"Small"}, Price: 1000, Currency: "USD", Stock: 3},
			{SKU: "CUP-L", Options: [3]string{"Large"}, Price: 1400, CompareAtPrice: 1800, Currency: "USD", Stock: 0},
		},
	})
	var large int64
	for _, v := range p.Variants {
		if v.SKU == "CUP-L" {
			large = v.ID
		}
	}

	page := s.get("/s/tea-house/p/tea-cup")
	if got := page.Text(`[data-testid="stock"]`); got != "Only 3 left" {
		t.Errorf("default variant stock %q", got)
	}
	form := page.Doc.Find(`form[data-testid="add-to-cart"]`)
	if m, _ := form.Attr("method"); m != "post" {
		t.Fatalf("add-to-cart form method %q", m)
	}
	if form.Find(`[data-testid="variant-picker"] input[type="radio"][name="option1"]`).Length() != 2 {
		t.Fatal("picker has no radio per size")
	}

	page = s.get("/s/tea-house/p/tea-cup?variant=" + itoa(large))
	if got := page.Text(`.buy-box .price-sale`); got != "$14.00" {
		t.Errorf("large price %q", got)
	}
	if got := page.Text(`.buy-box .price-compare`); !strings.Contains(got, "$18.00") {
		t.Errorf("compare-at %q", got)
	}
	if got := page.Text(`[data-testid="stock"]`); got != "Sold out" {
		t.Errorf("large stock %q, want Sold out", got)
	}
	if got := page.Text(`[data-testid="product-sku"]`); got != "CUP-L" {
		t.Errorf("sku %q", got)
	}
	if v, _ := page.Doc.Find(`input[name="option1"][checked]`).Attr("value"); v != "Large" {
		t.Errorf("checked option %q", v)
	}
	if o := offer(t, page); o["availability"] != "https://schema.org/OutOfStock" || o["price"] != "14.00" {
		t.Errorf("offer for large %v", o)
	}

	page = s.get("/s/tea-house/p/tea-cup?option1=Small")
	if got := page.Text(`.buy-box [data-testid="price"]`); got != "$10.00" {
		t.Errorf("small price %q", got)
	}
	page = s.get("/s/tea-house/p/tea-cup?option1=Huge")
	if got := page.Text(`[data-testid="variant-status"]`); got != "This combination is not available. Please choose another." {
		t.Errorf("notice for an option that does not exist %q", got)
	}
}

func TestClosedShops(t *testing.T) {
	s := newShopMall(t)
	gone := s.merchant(merchants.Merchant{Slug: "gone", Name: "Gone Shop", Status: merchants.MerchantSuspended})
	s.product(gone.ID, simple("Old Tea", "old-tea", "OT-1", 500, 1))
	s.merchant(merchants.Merchant{Slug: "soon", Name: "Soon Shop", Status: merchants.MerchantPending})

	for _, path := range []string{"/s/gone", "/s/gone/p/old-tea"} {
		p := s.get(path)
		if p.Status != http.StatusGone {
			t.Errorf("%s: %d, want 410", path, p.Status)
		}
		if p.Doc.Find(`[data-testid="shop-closed"]`).Length() != 1 || !strings.Contains(p.Text("h1"), "Gone Shop") {
			t.Errorf("%s: no closed page: %q", path, p.Text("h1"))
		}
		if strings.Contains(p.Body, "Old Tea") {
			t.Errorf("%s: closed shop shows its products", path)
		}
	}
	p := s.get("/s/soon")
	if p.Status != http.StatusNotFound || p.Doc.Find(`[data-testid="shop-closed"]`).Length() != 1 {
		t.Errorf("pending shop: %d", p.Status)
	}
	if strings.Contains(p.Body, "Soon Shop") {
		t.Error("pending shop's name is shown")
	}
}

func TestUnknownPagesAreNotFound(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house"})
	draft := simple("Draft Tea", "draft-tea", "DT-1", 500, 1)
	draft.Status = catalog.StatusDraft
	s.product(tea.ID, draft)
	for _, path := range []string{"/s/nobody", "/s/tea-house/p/nothing", "/s/tea-house/p/draft-tea", "/s/tea-house/c/nothing", "/s/nobody/p/x"} {
		if p := s.get(path); p.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, p.Status)
		}
	}
}

func TestShopHomeAndCategory(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House", Description: "Leaves from the hills"})
	cat, err := s.app.Catalog.CreateCategory(t.Context(), tea.ID, catalog.CategoryInput{Name: "Oolong", Slug: "oolong"})
	if err != nil {
		t.Fatal(err)
	}
	in := simple("Iron Goddess", "iron-goddess", "IG-1", 2000, 4)
	in.CategoryIDs = []int64{cat.ID}
	s.product(tea.ID, in)
	s.product(tea.ID, simple("Jasmine", "jasmine", "J-1", 900, 4))
	for i := 0; i < 25; i++ {
		s.product(tea.ID, simple("Sample "+itoa(int64(i)), "sample-"+itoa(int64(i)), "S-"+itoa(int64(i)), 100, 1))
	}

	p := s.get("/s/tea-house")
	if p.Status != http.StatusOK || p.Text("h1") != "Tea House" {
		t.Fatalf("shop home %d %q", p.Status, p.Text("h1"))
	}
	if p.Doc.Find(`[data-testid="product-card"]`).Length() != 24 {
		t.Errorf("shop home shows %d products on page 1", p.Doc.Find(`[data-testid="product-card"]`).Length())
	}
	next := p.Attr(`.pagination a[rel="next"]`, "href")
	if next != "/s/tea-house?page=2" {
		t.Errorf("next page link %q", next)
	}
	if p2 := s.get(next); p2.Doc.Find(`[data-testid="product-card"]`).Length() != 3 {
		t.Errorf("page 2 shows %d products", p2.Doc.Find(`[data-testid="product-card"]`).Length())
	}
	if p.Attr(`[data-testid="shop-categories"] a`, "href") != "/s/tea-house/c/oolong" {
		t.Error("shop home does not link its category")
	}
	c := s.get("/s/tea-house/c/oolong")
	if c.Status != http.StatusOK || c.Text("h1") != "Oolong" {
		t.Fatalf("category %d %q", c.Status, c.Text("h1"))
	}
	if n := c.Doc.Find(`[data-testid="product-card"]`).Length(); n != 1 || !strings.Contains(c.Text(`[data-testid="product-card"]`), "Iron Goddess") {
		t.Errorf("category lists %d products", n)
	}
	sr := s.get("/s/tea-house/search?q=jasmine")
	if sr.Status != http.StatusOK || !strings.Contains(sr.Text(`[data-testid="product-grid"]`), "Jasmine") {
		t.Errorf("shop search: %d %q", sr.Status, sr.Text("main"))
	}
	if sr.Attr(`meta[name="robots"]`, "content") != "noindex" {
		t.Error("shop search results are indexable")
	}
}

func TestMallSearch(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House"})
	cups := s.merchant(merchants.Merchant{Slug: "cups", Name: "Cup Corner"})
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))
	s.product(cups.ID, simple("Tea Cup", "tea-cup", "TC-1", 3000, 0))

	p := s.get("/search?q=tea")
	if p.Status != http.StatusOK {
		t.Fatalf("search %d", p.Status)
	}
	if n := p.Doc.Find(`[data-testid="product-card"]`).Length(); n != 2 {
		t.Errorf("found %d, want 2", n)
	}
	if !strings.Contains(p.Text(`[data-testid="product-grid"]`), "Cup Corner") {
		t.Error("results do not name their shops")
	}
	if p.Attr(`meta[name="robots"]`, "content") != "noindex" {
		t.Error("search is indexable")
	}
	p = s.get("/search?q=tea&min=20")
	if n := p.Doc.Find(`[data-testid="product-card"]`).Length(); n != 1 || !strings.Contains(p.Text(`[data-testid="product-card"]`), "Tea Cup") {
		t.Errorf("min=20 found %d: %q", n, p.Text(`[data-testid="product-grid"]`))
	}
	if v := p.Attr(`input[name="min"]`, "value"); v != "20" {
		t.Errorf("min filter not kept: %q", v)
	}
	p = s.get("/search?q=tea&max=15.00&sort=price_desc")
	if n := p.Doc.Find(`[data-testid="product-card"]`).Length(); n != 1 || !strings.Contains(p.Text(`[data-testid="product-card"]`), "Green Tea") {
		t.Errorf("max=15 found %d", n)
	}
	if v := p.Attr(`select[name="sort"] option[selected]`, "value"); v != "price_desc" {
		t.Errorf("sort not kept: %q", v)
	}
	p = s.get("/search?q=tea&in_stock=1")
	if n := p.Doc.Find(`[data-testid="product-card"]`).Length(); n != 1 {
		t.Errorf("in stock found %d", n)
	}
	p = s.get("/search?q=tea&min=abc")
	if p.Status != http.StatusUnprocessableEntity || p.Doc.Find(`[data-testid="price-error"]`).Length() != 1 {
		t.Errorf("bad price: %d", p.Status)
	}
	p = s.get("/search?q=zzzzqqq")
	if p.Doc.Find(`[data-testid="empty-state"]`).Length() != 1 {
		t.Error("no empty state")
	}
	p = s.get("/search?q=gren")
	if got := p.Text(`[data-testid="search-suggestion"]`); !strings.Contains(got, "green") {
		t.Errorf("suggestion %q, want one for green", got)
	}
	if !strings.Contains(p.Text(`[data-testid="product-grid"]`), "Green Tea") {
		t.Error("no results for the suggested words")
	}
}

// TestShopInterfaceFollowsTheShopper: a Chinese shop shows an English
// visitor English buttons (and a switcher), with the merchant's product
// text as written; a visitor whose browser names no language gets the
// shop's own.
func TestShopInterfaceFollowsTheShopper(t *testing.T) {
	s := newShopMall(t)
	shop := s.merchant(merchants.Merchant{Slug: "cha", Name: "茶舍", Locale: "zh-Hans"})
	s.product(shop.ID, simple("龙井", "longjing", "LJ-1", 8800, 20))

	v := s.visitor()
	v.Header.Set("Accept-Language", "en-US,en;q=0.9")
	for _, path := range []string{"/s/cha/p/longjing", "/s/cha"} {
		p := v.Get(path)
		if lang := p.Attr("html", "lang"); lang != "en" {
			t.Errorf("%s: html lang %q for an English visitor", path, lang)
		}
		if p.Doc.Find(`[data-testid="locale-switch"]`).Length() != 1 {
			t.Errorf("%s: no language switcher", path)
		}
		if p.Doc.Find(`link[rel="alternate"][hreflang]`).Length() != 0 {
			t.Errorf("%s: hreflang alternates though the shop did not ask for them", path)
		}
	}
	p := v.Get("/s/cha/p/longjing")
	if got := p.Text(`[data-testid="stock"]`); got != "In stock" {
		t.Errorf("stock label %q, want English", got)
	}
	if got := p.Text(`[data-testid="add-to-cart-submit"]`); got != "Add to cart" {
		t.Errorf("add to cart button %q, want English", got)
	}
	if got, lang := p.Text(`[data-testid="product-title"]`), p.Attr(`[data-testid="product-title"]`, "lang"); got != "龙井" || lang != "zh-Hans" {
		t.Errorf("product title %q (lang %q), want the merchant's 龙井 marked zh-Hans", got, lang)
	}
	added := add(t, v, "/s/cha/p/longjing", 1)
	if cart := v.Get(added.Location); cart.Attr("html", "lang") != "en" || cart.Text(`[data-testid="checkout-link"]`) != "Check out" {
		t.Errorf("cart after a Chinese shop: lang %q, checkout %q", cart.Attr("html", "lang"), cart.Text(`[data-testid="checkout-link"]`))
	}

	p = v.Get("/s/cha/p/longjing?lang=zh-Hans")
	if got := p.Text(`[data-testid="stock"]`); got != "有货" {
		t.Errorf("?lang=zh-Hans stock label %q", got)
	}
	if p.Doc.Find(`[data-testid="product-title"][lang]`).Length() != 0 {
		t.Error("product title marked with a language though it is the page's")
	}
	if lang := s.get("/s/cha/p/longjing").Attr("html", "lang"); lang != "zh-Hans" {
		t.Errorf("a visitor whose browser names no language gets %q, want the shop's", lang)
	}
}

func TestBilingualShopOffersBothLanguages(t *testing.T) {
	s := newShopMall(t)
	shop := s.merchant(merchants.Merchant{Slug: "both", Name: "Both Teas", Locale: "zh-Hans", BothLocales: true})
	s.product(shop.ID, simple("Tea", "tea", "T-1", 100, 20))

	p := s.get("/s/both/p/tea")
	if lang := p.Attr("html", "lang"); lang != "zh-Hans" {
		t.Errorf("default language %q, want the merchant's", lang)
	}
	if got := p.Attr(`link[rel="alternate"][hreflang="en"]`, "href"); got != "http://mall.test/s/both/p/tea?lang=en" {
		t.Errorf("en alternate %q", got)
	}
	if got := p.Attr(`link[rel="alternate"][hreflang="zh-Hans"]`, "href"); got != "http://mall.test/s/both/p/tea?lang=zh-Hans" {
		t.Errorf("zh alternate %q", got)
	}
	if p.Doc.Find(`[data-testid="locale-switch"]`).Length() != 1 {
		t.Error("no language switcher")
	}
	p = s.get("/s/both/p/tea?lang=en")
	if lang := p.Attr("html", "lang"); lang != "en" {
		t.Errorf("?lang=en gives %q", lang)
	}
	if got := p.Text(`[data-testid="stock"]`); got != "In stock" {
		t.Errorf("stock label %q", got)
	}
	v := s.visitor()
	v.Cookies["mall_locale"] = "en"
	if lang := v.Get("/s/both/p/tea").Attr("html", "lang"); lang != "en" {
		t.Errorf("remembered English gives %q", lang)
	}
}

func TestCustomDomainLinksDropTheShopPrefix(t *testing.T) {
	s := newShopMall(t)
	shop := s.merchant(merchants.Merchant{Slug: "tea-house", Name: "Tea House", CustomDomain: "tea.example", DomainVerifiedAt: verified()})
	s.product(shop.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))

	req := httptestRequest("GET", "http://tea.example/p/green-tea")
	p := s.visitor().Do(req)
	if p.Status != http.StatusOK {
		t.Fatalf("custom domain product: %d", p.Status)
	}
	if got := p.Attr(`[data-testid="shop-home-link"]`, "href"); got != "/" {
		t.Errorf("home link %q", got)
	}
	if got := p.Attr(`[data-testid="breadcrumbs"] a`, "href"); got != "/" {
		t.Errorf("breadcrumb %q", got)
	}
	if got := p.Attr(`form[role="search"]`, "action"); got != "/search" {
		t.Errorf("search action %q", got)
	}
	if got := p.Attr(`link[rel="canonical"]`, "href"); got != "http://tea.example/p/green-tea" {
		t.Errorf("canonical %q", got)
	}
	robots := s.visitor().Do(httptestRequest("GET", "http://tea.example/robots.txt"))
	if !strings.Contains(robots.Body, "Sitemap: http://tea.example/sitemap.xml\n") {
		t.Errorf("robots.txt at the shop's domain:\n%s", robots.Body)
	}
	sitemap := s.visitor().Do(httptestRequest("GET", "http://tea.example/sitemap.xml"))
	if !strings.Contains(sitemap.Body, "<loc>http://tea.example/p/green-tea</loc>") {
		t.Errorf("sitemap at the shop's domain:\n%s", sitemap.Body)
	}
	// On the mall the same page links within /s/... but is canonical at
	// the shop's own domain.
	p = s.get("/s/tea-house/p/green-tea")
	if got := p.Attr(`[data-testid="shop-home-link"]`, "href"); got != "/s/tea-house" {
		t.Errorf("home link on the mall %q", got)
	}
	if got := p.Attr(`link[rel="canonical"]`, "href"); got != "http://tea.example/p/green-tea" {
		t.Errorf("canonical on the mall %q", got)
	}
}

func TestSitemapsAndRobots(t *testing.T) {
	s := newShopMall(t)
	tea := s.merchant(merchants.Merchant{Slug: "tea-house"})
	s.merchant(merchants.Merchant{Slug: "secret", Status: merchants.MerchantPending})
	if _, err := s.app.Catalog.CreateCategory(t.Context(), tea.ID, catalog.CategoryInput{Name: "Green", Slug: "green"}); err != nil {
		t.Fatal(err)
	}
	s.product(tea.ID, simple("Green Tea", "green-tea", "GT-1", 1250, 10))

	p := s.get("/sitemap.xml")
	if p.Status != http.StatusOK || !strings.Contains(p.Header.Get("Content-Type"), "xml") {
		t.Fatalf("sitemap index %d %s", p.Status, p.Header.Get("Content-Type"))
	}
	if !strings.Contains(p.Body, "<loc>http://mall.test/s/tea-house/sitemap.xml</loc>") || strings.Contains(p.Body, "secret") {
		t.Errorf("sitemap index:\n%s", p.Body)
	}
	p = s.get("/s/tea-house/sitemap.xml")
	for _, want := range []string{"http://mall.test/s/tea-house/p/green-tea", "http://mall.test/s/tea-house/c/green", "<loc>http://mall.test/s/tea-house</loc>"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("shop sitemap lacks %s:\n%s", want, p.Body)
		}
	}
	p = s.get("/sitemap-mall.xml")
	if !strings.Contains(p.Body, "<loc>http://mall.test/</loc>") {
		t.Errorf("mall pages sitemap:\n%s", p.Body)
	}
	p = s.get("/robots.txt")
	for _, want := range []string{"Disallow: /admin\n", "Disallow: /operator\n", "Disallow: /account\n", "Disallow: /search\n", "Sitemap: http://mall.test/sitemap.xml\n"} {
		if !strings.Contains(p.Body, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, p.Body)
		}
	}
}
