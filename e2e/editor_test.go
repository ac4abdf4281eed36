package e2e_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/browsertest"
	"github.com/mall-project/mall/media"
)

// smallPhoto stores a 400×300 photo of one colour and puts it on the
// product.
func (m *testMall) smallPhoto(t *testing.T, s shop, p *catalog.Product, c color.RGBA, alt string) (media.Image, int64) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for x := range 400 {
		for y := range 300 {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	saved, err := m.app.Media.Save(t.Context(), &buf, alt+".png")
	if err != nil {
		t.Fatal(err)
	}
	added, err := m.app.Catalog.AddImage(t.Context(), s.Merchant.ID, p.ID, catalog.ImageInput{Key: saved.Key, Alt: alt, Width: saved.Width, Height: saved.Height})
	if err != nil {
		t.Fatal(err)
	}
	return saved, added.ID
}

// mainImageIs waits until the product page's main image has loaded the
// image of key and reads alt.
func mainImageIs(why string, key media.Image, alt string) chromedp.Action {
	return waitJS(why, fmt.Sprintf(`(() => { const i = document.querySelector('[data-testid="product-image"]');
		return !!i && i.complete && i.currentSrc.includes(%s) && i.alt === %s })()`, jsString(key.Key), jsString(alt)))
}

// TestPickerShowsTheVariantsImage: choosing a colour with a photo of its
// own makes that photo the main image (src, srcset and alt); a colour
// without one shows the product's first photo again.
func TestPickerShowsTheVariantsImage(t *testing.T) {
	m := startMall(t)
	s := m.openShop(t, "north", "North Outfitters")
	p := m.addProduct(t, s, catalog.ProductInput{
		Title: "Field Jacket", OptionNames: [3]string{"Colour"},
		Variants: []catalog.VariantInput{
			{SKU: "FJ-MOSS", Options: [3]string{"Moss"}, Price: 12000, Currency: "USD", Stock: 5},
			{SKU: "FJ-SLATE", Options: [3]string{"Slate"}, Price: 12000, Currency: "USD", Stock: 5},
			{SKU: "FJ-SAND", Options: [3]string{"Sand"}, Price: 12000, Currency: "USD", Stock: 5},
		},
	})
	general, _ := m.smallPhoto(t, s, p, color.RGBA{R: 120, G: 120, B: 120, A: 255}, "The jacket")
	moss, mossID := m.smallPhoto(t, s, p, color.RGBA{R: 80, G: 110, B: 60, A: 255}, "The jacket in moss")
	slate, slateID := m.smallPhoto(t, s, p, color.RGBA{R: 70, G: 80, B: 100, A: 255}, "The jacket in slate")
	for i, img := range []int64{mossID, slateID} {
		if err := m.app.Catalog.SetVariantImage(t.Context(), s.Merchant.ID, p.Variants[i].ID, img); err != nil {
			t.Fatal(err)
		}
	}

	b := browsertest.New(t)
	var srcset string
	b.Run(
		chromedp.Navigate(m.URL+"/s/north/p/field-jacket"),
		// Moss is shown first, and it has its own photo.
		mainImageIs("the moss photo first", moss, "The jacket in moss"),
		click(chip("Slate")),
		waitText(testid("product-sku"), "FJ-SLATE"),
		mainImageIs("the slate photo after choosing Slate", slate, "The jacket in slate"),
		chromedp.Evaluate(`document.querySelector('[data-testid="product-image"]').getAttribute("srcset")`, &srcset),
	)
	if strings.Contains(srcset, moss.Key) || !strings.Contains(srcset, slate.Key) {
		t.Errorf("after choosing Slate, srcset %q", srcset)
	}
	var current string
	b.Run(
		chromedp.Evaluate(`(document.querySelector('.gallery-thumbs a[aria-current="true"]') || {}).dataset.alt || ""`, &current),
		click(chip("Sand")),
		waitText(testid("product-sku"), "FJ-SAND"),
		mainImageIs("the product's first photo for Sand, which has none", general, "The jacket"),
	)
	if current != "The jacket in slate" {
		t.Errorf("thumbnail marked current after choosing Slate: %q", current)
	}
	b.Screenshot(t.Name())
	onPhone(b)
	fitsTheScreen(t, b, m.URL+"/s/north/p/field-jacket?option1=Slate", `[data-testid="product-image"]`, `[data-testid="add-to-cart-submit"]`, `[data-testid="gallery-thumb"]`)
	b.Run(mainImageIs("the slate photo on the page for Slate", slate, "The jacket in slate"))
	b.Screenshot(t.Name() + "-390")
}

// TestProductEditorInTheBrowser: at 1280 px a 12-character SKU is whole in
// its input; "Add more rows" adds rows in place and keeps the chosen image;
// "Generate all combinations" fills the table; the product saves with
// the image; and the editor and the product page fit a 390 px phone.
func TestProductEditorInTheBrowser(t *testing.T) {
	m := startMall(t)
	s := m.openShop(t, "tees", "Tee Shop")
	picture := pngFile(t, "tee.png")
	b := browsertest.New(t)
	b.Run(chromedp.EmulateViewport(1280, 900))
	signIn(t, b, m, s)

	var sku struct {
		ScrollWidth int `json:"scrollWidth"`
		ClientWidth int `json:"clientWidth"`
	}
	var rows, files int
	b.Run(
		chromedp.Navigate(m.URL+"/admin/products/new"),
		waitPage("the new product form", `location.pathname === "/admin/products/new"`),
		typeInto(en("admin.product.field.title"), "Moss Tee"),
		chromedp.SetValue(labelled(en("admin.product.field.status")), "active", chromedp.BySearch),
		typeInto(variantField(i18n.English, "admin.variant.sku"), "MOSS-TEE-XL1"),
		chromedp.Evaluate(`(() => { const i = document.getElementById("field-variants.0.sku"); return {scrollWidth: i.scrollWidth, clientWidth: i.clientWidth} })()`, &sku),
	)
	t.Logf("SKU input at 1280 px: scrollWidth %d, clientWidth %d", sku.ScrollWidth, sku.ClientWidth)
	if sku.ClientWidth == 0 || sku.ScrollWidth > sku.ClientWidth {
		t.Errorf("SKU input at 1280 px: scrollWidth %d > clientWidth %d, the SKU is cut off", sku.ScrollWidth, sku.ClientWidth)
	}
	b.Screenshot(t.Name() + "-new-1280")

	b.Run(
		chromedp.SetUploadFiles(labelled(en("editor.images_field")), []string{picture}, chromedp.BySearch),
		typeInto(en("editor.images_alt"), "A moss green tee"),
		click(button(en("admin.product.add_rows"))),
		waitJS("three more rows", `document.querySelectorAll('[data-testid="variant-row"]').length === 5`),
		chromedp.Evaluate(`document.getElementById("field-image").files.length`, &files),
		chromedp.Evaluate(`+document.querySelector('input[name="rows"]').value`, &rows),
	)
	if files != 1 || rows != 5 {
		t.Fatalf("after adding rows: %d files chosen, rows field %d; want the image kept and 5 rows", files, rows)
	}
	// The new rows are rows of their own: typing in row 3 reaches the server as row 3.
	b.Run(
		typeInto(i18n.Translate(i18n.English, "admin.variant.row_label", "Row", 3, "Field", en("admin.variant.sku")), "MOSS-TEE-M"),
		typeInto(i18n.Translate(i18n.English, "admin.variant.row_label", "Row", 3, "Field", en("admin.variant.price")), "21"),
		typeInto(variantField(i18n.English, "admin.variant.price"), "20"),
		click(`//form[@data-testid="product-form"]`+button(en("admin.product.save"))),
		waitPage("the saved product", `/^\/admin\/products\/\d+$/.test(location.pathname)`),
		waitText(testid("flash"), en("admin.product.created")),
	)
	prod, err := m.app.Catalog.ProductBySlug(t.Context(), s.Merchant.ID, "moss-tee")
	if err != nil {
		t.Fatal(err)
	}
	if len(prod.Images) != 1 || prod.Images[0].Alt != "A moss green tee" || len(prod.Variants) != 2 || prod.Variants[1].SKU != "MOSS-TEE-M" || prod.Variants[1].Price != 2100 {
		t.Fatalf("saved product: %d images, variants %+v", len(prod.Images), prod.Variants)
	}

	// Generate the sizes and colours on the saved product.
	b.Run(
		typeInto(en("admin.product.option_name", "N", 1), "Size"),
		typeInto(en("editor.option_values", "N", 1), "S, M, L"),
		typeInto(en("admin.product.option_name", "N", 2), "Colour"),
		typeInto(en("editor.option_values", "N", 2), "Moss, Slate"),
		click(button(en("editor.generate"))),
		waitJS("six rows", `document.querySelectorAll('[data-testid="variant-row"]').length === 6`),
		chromedp.Evaluate(`(() => { const i = document.getElementById("field-variants.0.sku"); return {scrollWidth: i.scrollWidth, clientWidth: i.clientWidth} })()`, &sku),
	)
	t.Logf("SKU input with the image column: scrollWidth %d, clientWidth %d", sku.ScrollWidth, sku.ClientWidth)
	if sku.ScrollWidth > sku.ClientWidth {
		t.Errorf("SKU input with an image column: scrollWidth %d > clientWidth %d", sku.ScrollWidth, sku.ClientWidth)
	}
	b.Screenshot(t.Name() + "-edit-1280")
	var wide, tableCut int
	var longCut bool
	b.Run(
		chromedp.Evaluate(`document.documentElement.scrollWidth - innerWidth`, &wide),
		chromedp.Evaluate(`(() => { const w = document.querySelector('[data-testid="variants"] .table-wrap'); return w.scrollWidth - w.clientWidth })()`, &tableCut),
		// The measure can fail: a SKU far longer than typical is cut off.
		chromedp.SetValue(`#field-variants\.5\.sku`, strings.Repeat("W", 40), chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const i = document.getElementById("field-variants.5.sku"); return i.scrollWidth > i.clientWidth })()`, &longCut),
	)
	if wide > 0 {
		t.Errorf("the editor at 1280 px is %d px wider than the window", wide)
	}
	if tableCut > 0 {
		t.Errorf("the variants table at 1280 px scrolls sideways by %d px", tableCut)
	}
	if !longCut {
		t.Error("a 40-character SKU is not reported cut off: the width check cannot fail")
	}

	onPhone(b)
	edit := fmt.Sprintf("%s/admin/products/%d", m.URL, prod.ID)
	fitsTheScreen(t, b, edit, `[data-testid="save-product"]`, `[data-testid="generate-variants"]`, `[data-testid="image-alt"]`)
	b.Screenshot(t.Name() + "-edit-390")
	fitsTheScreen(t, b, m.URL+"/s/tees/p/moss-tee", `[data-testid="product-image"]`, `[data-testid="product-title"]`)
	b.Screenshot(t.Name() + "-product-390")
}
