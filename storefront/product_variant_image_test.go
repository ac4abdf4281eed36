package storefront_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
)

// jacketWithPhotos is the jacket with a photo per colour: the general
// photo first, then Moss, then Slate; the Slate variants show the slate
// photo, S Moss the moss one, the others none of their own.
func jacketWithPhotos(t *testing.T) (*buyingMall, map[string]int64) {
	t.Helper()
	m := jacketMall(t)
	ctx := t.Context()
	prod, err := m.app.Catalog.ProductBySlug(ctx, m.acme.ID, "field-jacket")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for i, name := range []string{"general", "moss", "slate"} {
		key := strings.Repeat(string(rune('a'+i)), 40) + "-jpg"
		img, err := m.app.Catalog.AddImage(ctx, m.acme.ID, prod.ID, imageInput(key, "The jacket, "+name))
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = img.ID
	}
	for _, v := range prod.Variants {
		img := int64(0)
		switch {
		case v.Option2 == "Slate":
			img = ids["slate"]
		case v.SKU == "FJ-S-MOSS":
			img = ids["moss"]
		}
		if img != 0 {
			if err := m.app.Catalog.SetVariantImage(ctx, m.acme.ID, v.ID, img); err != nil {
				t.Fatal(err)
			}
		}
	}
	return m, ids
}

func TestProductPageOpensOnTheChosenVariantsImage(t *testing.T) {
	m, _ := jacketWithPhotos(t)
	for _, c := range []struct {
		query, alt string
	}{
		// Nothing chosen: the first variant in stock, S Moss, has the moss photo.
		{"", "The jacket, moss"},
		{"?option1=L&option2=Slate", "The jacket, slate"},
		{"?option1=S&option2=Slate", "The jacket, slate"},
		// M Moss has no photo of its own: the product's first.
		{"?option1=M&option2=Moss", "The jacket, general"},
		// A combination that does not exist: the product's first.
		{"?option1=M&option2=Slate", "The jacket, general"},
	} {
		p := m.get("/s/acme/p/field-jacket" + c.query)
		if p.Status != http.StatusOK {
			t.Fatalf("%s: %d", c.query, p.Status)
		}
		if got := p.Attr(`[data-testid="product-image"]`, "alt"); got != c.alt {
			t.Errorf("%q: main image %q, want %q", c.query, got, c.alt)
		}
		if n := p.Doc.Find(`[data-testid="gallery-thumb"]`).Length(); n != 3 {
			t.Errorf("%q: %d thumbnails, want all 3", c.query, n)
		}
		if got := p.Doc.Find(`[data-testid="gallery-thumb"]`).First().AttrOr("data-alt", ""); got != c.alt {
			t.Errorf("%q: first thumbnail %q, want %q", c.query, got, c.alt)
		}
	}
}

// Without JavaScript the picker's own button leads to that page.
func TestPickerButtonShowsTheVariantsImage(t *testing.T) {
	m, _ := jacketWithPhotos(t)
	b := m.visitor()
	p := b.Get("/s/acme/p/field-jacket")
	token := p.Attr(`input[name="_csrf"]`, "value")
	shown := b.Post("/s/acme/p/field-jacket", url.Values{"_csrf": {token}, "option1": {"L"}, "option2": {"Slate"}})
	page := b.Get(shown.Location)
	if got := page.Attr(`[data-testid="product-image"]`, "alt"); got != "The jacket, slate" {
		t.Fatalf("after choosing L + Slate the main image is %q", got)
	}
}

// The picker's data gives the script every image and each variant's own.
func TestPickerDataNamesEachVariantsImage(t *testing.T) {
	m, ids := jacketWithPhotos(t)
	p := m.get("/s/acme/p/field-jacket")
	var data struct {
		Images []struct {
			ID     int64  `json:"id"`
			Src    string `json:"src"`
			SrcSet string `json:"srcset"`
			Alt    string `json:"alt"`
		} `json:"images"`
		Variants []struct {
			SKU   string `json:"sku"`
			Image int64  `json:"image"`
		} `json:"variants"`
	}
	if err := json.Unmarshal([]byte(p.Doc.Find(`script#product-variants`).Text()), &data); err != nil {
		t.Fatal(err)
	}
	if len(data.Images) != 3 || data.Images[0].ID != ids["general"] || data.Images[0].Src == "" || data.Images[0].SrcSet == "" {
		t.Fatalf("images in the product's order: %+v", data.Images)
	}
	want := map[string]int64{"FJ-S-MOSS": ids["moss"], "FJ-S-SLATE": ids["slate"], "FJ-M-MOSS": 0, "FJ-L-MOSS": 0, "FJ-L-SLATE": ids["slate"]}
	for _, v := range data.Variants {
		if v.Image != want[v.SKU] {
			t.Errorf("%s: image %d, want %d", v.SKU, v.Image, want[v.SKU])
		}
	}
}

func imageInput(key, alt string) catalog.ImageInput {
	return catalog.ImageInput{Key: key, Alt: alt, Width: 1600, Height: 1200}
}
