package e2e_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/browsertest"
	"github.com/mall-project/mall/media"
)

// photo stores a generated 1700×1200 photo of one colour in the mall's
// media store and puts it on the product.
func (m *testMall) photo(t *testing.T, s shop, p *catalog.Product, c color.RGBA, alt string) media.Image {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1700, 1200))
	for x := range 1700 {
		for y := range 1200 {
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
	if _, err := m.app.Catalog.AddImage(t.Context(), s.Merchant.ID, p.ID, catalog.ImageInput{Key: saved.Key, Alt: alt, Width: saved.Width, Height: saved.Height}); err != nil {
		t.Fatal(err)
	}
	return saved
}

// TestGalleryShowsTheThumbnailChosen: clicking a thumbnail makes its image
// the main one, in every rendition (src and srcset), and the browser loads
// that image, not a rendition of the first.
func TestGalleryShowsTheThumbnailChosen(t *testing.T) {
	m := startMall(t)
	s := m.openShop(t, "north", "North Outfitters")
	p := m.addProduct(t, s, catalog.ProductInput{
		Title:    "Canvas Tote",
		Variants: []catalog.VariantInput{{SKU: "TOTE", Price: 3000, Currency: "USD", Stock: 9}},
	})
	front := m.photo(t, s, p, color.RGBA{R: 200, G: 80, B: 40, A: 255}, "Front of the tote")
	back := m.photo(t, s, p, color.RGBA{R: 40, G: 90, B: 200, A: 255}, "Back of the tote")

	b := browsertest.New(t)
	var srcset, current, alt string
	b.Run(
		chromedp.Navigate(m.URL+"/s/north/p/canvas-tote"),
		chromedp.WaitVisible(testid("product-image"), chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('[data-testid="product-image"]').getAttribute("srcset")`, &srcset),
	)
	for _, size := range []string{media.SizeMedium, media.SizeLarge, media.SizeXLarge} {
		if !strings.Contains(srcset, media.URL(front.Key, size)) {
			t.Errorf("main image srcset %q offers no %s rendition", srcset, size)
		}
	}
	for _, w := range []string{" 800w", " 1200w", " 1600w"} {
		if !strings.Contains(srcset, w) {
			t.Errorf("main image srcset %q has no%s", srcset, w)
		}
	}
	b.Run(
		click(`(//a[@data-testid="gallery-thumb"])[2]`),
		waitJS("the main image to load the back", `(() => { const i = document.querySelector('[data-testid="product-image"]'); return i.complete && i.currentSrc.includes(`+jsString(back.Key)+`) })()`),
		chromedp.Evaluate(`document.querySelector('[data-testid="product-image"]').getAttribute("srcset")`, &srcset),
		chromedp.Evaluate(`document.querySelector('[data-testid="product-image"]').currentSrc`, &current),
		chromedp.Evaluate(`document.querySelector('[data-testid="product-image"]').alt`, &alt),
	)
	if strings.Contains(srcset, front.Key) || !strings.Contains(srcset, media.URL(back.Key, media.SizeXLarge)) {
		t.Errorf("after choosing the back, srcset %q", srcset)
	}
	if alt != "Back of the tote" {
		t.Errorf("main image alt %q after choosing the back", alt)
	}
	var currentThumb bool
	b.Run(chromedp.Evaluate(`document.querySelectorAll('[data-testid="gallery-thumb"]')[1].getAttribute("aria-current") === "true"`, &currentThumb))
	if !currentThumb {
		t.Error("the chosen thumbnail is not marked current")
	}
}
