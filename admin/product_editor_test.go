package admin_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
)

// editorForm reads the product editor's form as a browser would send it:
// inputs (checked boxes only, no buttons, no files), selected options and
// text areas. The CSRF field is sent by the test browser itself.
func editorForm(p *malltest.Page) url.Values {
	form := url.Values{}
	f := p.Doc.Find(`[data-testid="product-form"]`)
	f.Find("input[name]").Each(func(_ int, s *goquery.Selection) {
		name := s.AttrOr("name", "")
		switch s.AttrOr("type", "text") {
		case "file", "submit":
			return
		case "checkbox", "radio":
			if _, ok := s.Attr("checked"); !ok {
				return
			}
		}
		if name != "_csrf" {
			form.Add(name, s.AttrOr("value", ""))
		}
	})
	f.Find("textarea[name]").Each(func(_ int, s *goquery.Selection) { form.Add(s.AttrOr("name", ""), s.Text()) })
	f.Find("select[name]").Each(func(_ int, s *goquery.Selection) {
		form.Add(s.AttrOr("name", ""), s.Find("option[selected]").AttrOr("value", ""))
	})
	return form
}

// rowValues reads the variants table as the editor shows it: one
// "option1/option2|sku|price|stock" per row.
func rowValues(p *malltest.Page) []string {
	var out []string
	p.Doc.Find(`[data-testid="variant-row"]`).Each(func(_ int, r *goquery.Selection) {
		val := func(field string) string { return r.Find(`input[name$=".`+field+`"]`).AttrOr("value", "") }
		out = append(out, val("option1")+"/"+val("option2")+"|"+val("sku")+"|"+val("price")+"|"+val("stock"))
	})
	return out
}

// Generating the combinations works without JavaScript: the form comes
// back with one row per combination, the row typed before keeps its
// price, SKU and stock, and nothing is saved until the merchant saves.
func TestGenerateAllCombinationsKeepsExistingRows(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	form := maProductForm("Moss Tee")
	form.Set("option2_name", "Colour")
	form.Set("variants.0.option1", "M")
	form.Set("variants.0.option2", "Slate")
	form.Set("option1_values", "S, M, L")
	form.Set("option2_values", "Moss，Slate")
	form.Set("generate", "1")
	p := b.PostMultipart("/admin/products", form)
	if p.Status != 200 {
		t.Fatalf("generate: %d\n%s", p.Status, p.Body)
	}
	want := []string{
		"S/Moss||12.50|", "S/Slate||12.50|", "M/Moss||12.50|",
		"M/Slate|TS-S|12.50|7", "L/Moss||12.50|", "L/Slate||12.50|",
	}
	if got := rowValues(p); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, total, _ := app.Catalog.ListProducts(t.Context(), m.ID, catalog.ProductFilter{Page: 1, PerPage: 10}); total != 0 {
		t.Fatalf("generating saved %d products", total)
	}

	// The merchant types the new rows' SKUs and saves: six variants.
	next := editorForm(p)
	for i := range 6 {
		if next.Get(fmt.Sprintf("variants.%d.sku", i)) == "" {
			next.Set(fmt.Sprintf("variants.%d.sku", i), fmt.Sprintf("MOSS-TEE-%03d", i))
		}
	}
	if p := b.PostMultipart("/admin/products", next); p.Status != 303 {
		t.Fatalf("save: %d\n%s", p.Status, p.Body)
	}
	prod, err := app.Catalog.ProductBySlug(t.Context(), m.ID, "moss-tee")
	if err != nil {
		t.Fatal(err)
	}
	if len(prod.Variants) != 6 || prod.Option2Name != "Colour" {
		t.Fatalf("variants: %+v", prod.Variants)
	}
	if v := prod.VariantWithOptions([3]string{"M", "Slate", ""}); v == nil || v.SKU != "TS-S" || v.Stock != 7 {
		t.Fatalf("M/Slate lost its row: %+v", v)
	}

	// On the saved product the editor offers the values back, and
	// generating again changes nothing.
	ed := b.Get(fmt.Sprintf("/admin/products/%d", prod.ID))
	if got := ed.Doc.Find(`#field-option2_values`).AttrOr("value", ""); got != "Moss, Slate" {
		t.Fatalf("colour values %q", got)
	}
	again := editorForm(ed)
	again.Set("generate", "1")
	p = b.PostMultipart(fmt.Sprintf("/admin/products/%d", prod.ID), again)
	if n := len(rowValues(p)); p.Status != 200 || n != 6 {
		t.Fatalf("generate again: %d, %d rows", p.Status, n)
	}
	if ids := p.Doc.Find(`input[name$=".id"][value]`).Length(); ids != 6 {
		t.Fatalf("stored variants kept their ids in %d rows, want 6", ids)
	}
}

// A product's one variant, made before it had options, becomes the first
// combination rather than being dropped or left beside them.
func TestGenerateTurnsTheOnlyVariantIntoTheFirstCombination(t *testing.T) {
	app := malltest.NewApp(t)
	_, _, b := malltest.Shop(t, app, "tees", true)
	form := maProductForm("Plain Tee")
	form.Del("variants.0.option1")
	form.Set("option1_values", "S, M")
	form.Set("generate", "1")
	p := b.PostMultipart("/admin/products", form)
	want := []string{"S/|TS-S|12.50|7", "M/||12.50|"}
	if got := rowValues(p); p.Status != 200 || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("%d rows:\n%s", p.Status, strings.Join(got, "\n"))
	}
}

func TestGenerateSaysWhatIsMissing(t *testing.T) {
	app := malltest.NewApp(t)
	_, _, b := malltest.Shop(t, app, "tees", true)
	cases := map[string]struct {
		set   map[string]string
		field string
	}{
		"name without values": {map[string]string{"option1_values": ""}, "option1_values"},
		"values without name": {map[string]string{"option1_values": "S", "option2_values": "Moss"}, "option2_name"},
		"too many":            {map[string]string{"option1_values": "1,2,3,4,5,6,7,8,9,10,11", "option2_name": "B", "option2_values": "1,2,3,4,5,6,7,8,9,10"}, "option2_values"},
	}
	for name, c := range cases {
		form := maProductForm("Tee")
		for k, v := range c.set {
			form.Set(k, v)
		}
		form.Set("generate", "1")
		p := b.PostMultipart("/admin/products", form)
		if p.Status != 422 || p.Doc.Find("#field-"+c.field+"-error").Length() != 1 {
			t.Errorf("%s: %d, no error at %s", name, p.Status, c.field)
		}
		if got := rowValues(p); len(got) != 2 || !strings.HasPrefix(got[0], "S/|TS-S") {
			t.Errorf("%s: rows changed: %v", name, got)
		}
	}
}

func png(t *testing.T, name string, w, h int) malltest.File {
	return malltest.File{Field: "image", Name: name, Type: "image/png", Data: malltest.PNG(t, w, h)}
}

// Several images go up at once, in the order chosen.
func TestSeveralImagesAtOnce(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	p := b.PostMultipart("/admin/products", maProductForm("Tee"), png(t, "front.png", 40, 30), png(t, "back.png", 30, 40), png(t, "side.png", 20, 20))
	if p.Status != 303 {
		t.Fatalf("create: %d\n%s", p.Status, p.Body)
	}
	prod, err := app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	if err != nil {
		t.Fatal(err)
	}
	if len(prod.Images) != 3 || prod.Images[0].Width != 40 || prod.Images[1].Width != 30 || prod.Images[2].Width != 20 {
		t.Fatalf("images: %+v", prod.Images)
	}
}

// One file refused among several: nothing is saved, the message names the
// file, and the files that passed stay with the form, so saving again
// (with the refused one left out) needs no new choice of them.
func TestOneRefusedImageSavesNothingAndKeepsTheOthers(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	bad := malltest.File{Field: "image", Name: "notes.png", Type: "image/png", Data: []byte("not an image")}
	p := b.PostMultipart("/admin/products", maProductForm("Tee"), png(t, "front.png", 40, 30), bad)
	if p.Status != 422 {
		t.Fatalf("status %d", p.Status)
	}
	msgs := p.Doc.Find(`[data-testid="image-file-error"]`)
	if msgs.Length() != 1 || !strings.HasPrefix(msgs.Text(), "notes.png: ") {
		t.Fatalf("per-file message: %q", msgs.Text())
	}
	if _, total, _ := app.Catalog.ListProducts(t.Context(), m.ID, catalog.ProductFilter{Page: 1, PerPage: 10}); total != 0 {
		t.Fatalf("saved %d products", total)
	}
	if n := p.Doc.Find(`[data-testid="pending-image"]`).Length(); n != 1 {
		t.Fatalf("%d images kept, want front.png", n)
	}
	if p := b.PostMultipart("/admin/products", editorForm(p)); p.Status != 303 {
		t.Fatalf("save again: %d\n%s", p.Status, p.Body)
	}
	prod, err := app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	if err != nil || len(prod.Images) != 1 || prod.Images[0].Width != 40 {
		t.Fatalf("images after saving again: %v %+v", err, prod)
	}
}

// "Add more rows" without JavaScript posts the form; the image already
// chosen is checked and kept, and goes on the product at the save.
func TestAddMoreRowsKeepsTheChosenImage(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	form := maProductForm("Tee")
	form.Set("add_rows", "1")
	form.Set("image_alt", "A green tee")
	p := b.PostMultipart("/admin/products", form, png(t, "tee.png", 40, 30))
	if p.Status != 200 || len(rowValues(p)) != 5 {
		t.Fatalf("add rows: %d, %d rows", p.Status, len(rowValues(p)))
	}
	if p.Doc.Find(`[data-testid="pending-image"]`).Length() != 1 {
		t.Fatalf("chosen image not kept:\n%s", p.Body)
	}
	next := editorForm(p)
	next.Set("variants.3.sku", "TS-XL")
	next.Set("variants.3.option1", "XL")
	next.Set("variants.3.price", "14")
	if p := b.PostMultipart("/admin/products", next); p.Status != 303 {
		t.Fatalf("save: %d\n%s", p.Status, p.Body)
	}
	prod, err := app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	if err != nil || len(prod.Images) != 1 || prod.Images[0].Alt != "A green tee" || len(prod.Variants) != 2 {
		t.Fatalf("saved: %v %+v", err, prod)
	}
}

// A kept image travels signed for its shop: a token altered, or taken
// from another shop's form, adds nothing.
func TestKeptImageCannotBeForgedOrMoved(t *testing.T) {
	app := malltest.NewApp(t)
	_, _, a := malltest.Shop(t, app, "alpha", true)
	mb, _, b := malltest.Shop(t, app, "bravo", true)
	form := maProductForm("Tee")
	form.Set("add_rows", "1")
	p := a.PostMultipart("/admin/products", form, png(t, "tee.png", 40, 30))
	token := p.Doc.Find(`input[name="pending_image"]`).AttrOr("value", "")
	if token == "" {
		t.Fatal("no kept image")
	}
	key, _, _ := strings.Cut(token, "|")
	for i, tok := range []string{token, strings.Replace(token, key, strings.Repeat("0", len(key)), 1)} {
		f := maProductForm(fmt.Sprintf("Tee %d", i))
		f.Set("variants.0.sku", fmt.Sprintf("TS-%d", i))
		f.Set("pending_image", tok)
		if p := b.PostMultipart("/admin/products", f); p.Status != 303 {
			t.Fatalf("save: %d %s", p.Status, p.Text(".field-error"))
		}
		prod, err := app.Catalog.ProductBySlug(t.Context(), mb.ID, fmt.Sprintf("tee-%d", i))
		if err != nil || len(prod.Images) != 0 {
			t.Fatalf("token %d put an image on bravo's product: %v %+v", i, err, prod)
		}
	}
}

// The merchant orders the images, describes each after upload, and
// picks the image a variant shows.
func TestImagesReorderAltAndVariantImage(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "tees", true)
	form := maProductForm("Tee")
	form.Set("option1_name", "Colour")
	form.Set("variants.0.option1", "Moss")
	form.Set("variants.1.sku", "TS-SLATE")
	form.Set("variants.1.option1", "Slate")
	form.Set("variants.1.price", "12.50")
	if p := b.PostMultipart("/admin/products", form, png(t, "moss.png", 40, 30), png(t, "slate.png", 30, 40)); p.Status != 303 {
		t.Fatalf("create: %d", p.Status)
	}
	prod, _ := app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	moss, slate := prod.Images[0], prod.Images[1]
	base := fmt.Sprintf("/admin/products/%d", prod.ID)

	// Slate's photo first.
	if p := b.Post(fmt.Sprintf("%s/images/%d/move", base, slate.ID), url.Values{"direction": {"up"}}); p.Status != 303 {
		t.Fatalf("move: %d", p.Status)
	}
	prod, _ = app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	if prod.Images[0].ID != slate.ID || prod.PrimaryImageKey != slate.Key {
		t.Fatalf("after moving slate up: %+v, primary %s", prod.Images, prod.PrimaryImageKey)
	}
	// Already first: it stays.
	b.Post(fmt.Sprintf("%s/images/%d/move", base, slate.ID), url.Values{"direction": {"up"}})
	if p := b.Post(fmt.Sprintf("%s/images/%d/move", base, slate.ID), url.Values{"direction": {"sideways"}}); p.Status != 422 {
		t.Fatalf("unknown direction: %d", p.Status)
	}

	if p := b.Post(fmt.Sprintf("%s/images/%d/alt", base, moss.ID), url.Values{"alt": {"  The tee in moss green  "}}); p.Status != 303 {
		t.Fatalf("alt: %d", p.Status)
	}
	long := strings.Repeat("x", 301)
	p := b.Post(fmt.Sprintf("%s/images/%d/alt", base, moss.ID), url.Values{"alt": {long}})
	if p.Status != 422 || p.Doc.Find(fmt.Sprintf("#image-alt-%d-error", moss.ID)).Length() != 1 ||
		p.Doc.Find(fmt.Sprintf("#image-alt-%d", moss.ID)).AttrOr("value", "") != long {
		t.Fatalf("too long alt: %d\n%s", p.Status, p.Body)
	}
	prod, _ = app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	if prod.Images[1].Alt != "The tee in moss green" {
		t.Fatalf("alt: %+v", prod.Images)
	}

	// Each row offers the images; Moss shows the moss photo.
	ed := b.Get(base)
	if n := ed.Doc.Find(`select[name="variants.0.image"] option`).Length(); n != 3 {
		t.Fatalf("image choices %d, want none + 2", n)
	}
	next := editorForm(ed)
	next.Set("variants.0.image", itoa(moss.ID))
	if p := b.PostMultipart(base, next); p.Status != 303 {
		t.Fatalf("save: %d\n%s", p.Status, p.Body)
	}
	prod, _ = app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	v := prod.VariantWithOptions([3]string{"Moss", "", ""})
	if v.ImageID == nil || *v.ImageID != moss.ID || prod.VariantWithOptions([3]string{"Slate", "", ""}).ImageID != nil {
		t.Fatalf("variant images: %+v", prod.Variants)
	}
	if got := b.Get(base).Doc.Find(`select[name="variants.0.image"] option[selected]`).AttrOr("value", ""); got != itoa(moss.ID) {
		t.Fatalf("editor shows %q selected", got)
	}
	// Removing the image leaves the variant without one.
	if p := b.Post(fmt.Sprintf("%s/images/%d/remove", base, moss.ID), nil); p.Status != 303 {
		t.Fatalf("remove: %d", p.Status)
	}
	prod, _ = app.Catalog.ProductBySlug(t.Context(), m.ID, "tee")
	if v := prod.VariantWithOptions([3]string{"Moss", "", ""}); v.ImageID != nil {
		t.Fatalf("variant still names the removed image: %v", *v.ImageID)
	}
}
