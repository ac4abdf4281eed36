package archive_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/archive"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/server"
)

func archiver(app *server.App) *archive.Archiver {
	return &archive.Archiver{Merchants: app.Merchants, Catalog: app.Catalog, Media: app.Media, Reviews: app.Reviews}
}

func owner(t *testing.T, app *server.App, email string) *accounts.Account {
	t.Helper()
	a, err := app.Accounts.SignUp(t.Context(), accounts.SignUpInput{Email: email, Name: "Owner", Password: "a long enough password 1"})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// shop builds a small but complete shop: settings, logo, two categories,
// products in every status, several variants, images shared and not.
func shop(t *testing.T, app *server.App) *merchants.Merchant {
	t.Helper()
	ctx := t.Context()
	acct := owner(t, app, "owner@tea.test")
	m, err := app.Merchants.Apply(ctx, acct.ID, merchants.ApplyInput{Name: "Tea House", Slug: "tea-house", Description: "Leaves", ContactEmail: "hi@tea.test"})
	if err != nil {
		t.Fatal(err)
	}
	logo, err := app.Media.Save(ctx, bytes.NewReader(malltest.PNG(t, 64, 64)), "logo.png")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Merchants.UpdateSettings(ctx, m.ID, merchants.SettingsInput{Name: "Tea House", Description: "Leaves from Hangzhou",
		ThemeColor: "#2f5d50", Locale: "zh-Hans", BothLocales: true, ContactEmail: "hi@tea.test", LogoPath: logo.Key}); err != nil {
		t.Fatal(err)
	}
	green, err := app.Catalog.CreateCategory(ctx, m.ID, catalog.CategoryInput{Name: "Green tea", Slug: "green", Position: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Catalog.CreateCategory(ctx, m.ID, catalog.CategoryInput{Name: "Teaware", Slug: "teaware", Position: 2}); err != nil {
		t.Fatal(err)
	}
	photo, err := app.Media.Save(ctx, bytes.NewReader(malltest.PNG(t, 120, 80)), "leaf.png")
	if err != nil {
		t.Fatal(err)
	}
	products := []catalog.ProductInput{
		{Title: "西湖龙井 明前特级", Slug: "longjing", Description: "**Spring** picking", Status: catalog.StatusActive,
			Tags: []string{"green", "hangzhou"}, Featured: true, OptionNames: [3]string{"Weight"}, CategoryIDs: []int64{green.ID},
			Variants: []catalog.VariantInput{
				{SKU: "LJ-50", Options: [3]string{"50 g"}, Price: 3800, CompareAtPrice: 4200, Currency: "USD", Stock: 12, WeightGrams: 60},
				{SKU: "LJ-100", Options: [3]string{"100 g"}, Price: 6900, Currency: "USD", Stock: 0, WeightGrams: 115},
			}},
		{Title: "Draft kettle", Slug: "kettle", Status: catalog.StatusDraft,
			Variants: []catalog.VariantInput{{SKU: "K-1", Price: 12000, Currency: "USD", Stock: 3}}},
		{Title: "Old cup", Slug: "old-cup", Status: catalog.StatusArchived,
			Variants: []catalog.VariantInput{{SKU: "C-1", Price: 900, Currency: "USD", Stock: 1}}},
	}
	for i, in := range products {
		p, err := app.Catalog.CreateProduct(ctx, m.ID, in)
		if err != nil {
			t.Fatalf("product %d: %v", i, err)
		}
		if i < 2 {
			if _, err := app.Catalog.AddImage(ctx, m.ID, p.ID, catalog.ImageInput{Key: photo.Key, Alt: "Leaves " + in.Slug, Width: photo.Width, Height: photo.Height}); err != nil {
				t.Fatal(err)
			}
		}
		if i == 0 {
			// The 100 g bag shows a photo of its own.
			bag, err := app.Media.Save(ctx, bytes.NewReader(malltest.PNG(t, 90, 90)), "bag.png")
			if err != nil {
				t.Fatal(err)
			}
			img, err := app.Catalog.AddImage(ctx, m.ID, p.ID, catalog.ImageInput{Key: bag.Key, Alt: "The 100 g bag", Width: bag.Width, Height: bag.Height})
			if err != nil {
				t.Fatal(err)
			}
			if err := app.Catalog.SetVariantImage(ctx, m.ID, p.Variants[1].ID, img.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	return m
}

func export(t *testing.T, app *server.App, merchantID int64) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := archiver(app).Write(t.Context(), &buf, merchantID); err != nil {
		t.Fatalf("export: %v", err)
	}
	return buf.Bytes()
}

func entry(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, _ := f.Open()
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return b
		}
	}
	t.Fatalf("archive has no %s", name)
	return nil
}

// comparable drops what an import cannot keep the same (when a product was
// created here, and the file names images get) so two exports of the same shop compare equal.
func comparable(t *testing.T, raw []byte) []archive.Product {
	t.Helper()
	var ps []archive.Product
	if err := json.Unmarshal(raw, &ps); err != nil {
		t.Fatal(err)
	}
	for i := range ps {
		ps[i].CreatedAt = time.Time{}
		ps[i].PublishedAt = nil
		for j := range ps[i].Images {
			ps[i].Images[j].File = "image"
		}
	}
	return ps
}

func TestExportImportRoundTripIsLossless(t *testing.T) {
	src := malltest.NewApp(t)
	m := shop(t, src)
	first := export(t, src, m.ID)

	c, err := archive.Read(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatalf("read own export: %v", err)
	}
	if c.Manifest.Counts["products"] != 3 || c.Manifest.Counts["variants"] != 4 || c.Manifest.Counts["categories"] != 2 {
		t.Errorf("manifest counts = %v", c.Manifest.Counts)
	}

	dst := malltest.NewApp(t)
	acct := owner(t, dst, "owner@new.test")
	imported, err := archiver(dst).Import(t.Context(), c, archive.ImportOptions{OwnerAccountID: acct.ID})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if imported.Status != merchants.MerchantPending || imported.Slug != "tea-house" || imported.Locale != "zh-Hans" || !imported.BothLocales {
		t.Errorf("imported merchant = %+v", imported)
	}
	second := export(t, dst, imported.ID)

	a, b := comparable(t, entry(t, first, "products.json")), comparable(t, entry(t, second, "products.json"))
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("products differ after a round trip:\nfirst:  %s\nsecond: %s", ja, jb)
	}
	for _, name := range []string{"categories.json"} {
		if x, y := entry(t, first, name), entry(t, second, name); !bytes.Equal(x, y) {
			t.Errorf("%s differs:\n%s\n%s", name, x, y)
		}
	}
	// The images arrive with their pixels: a resized variant exists for them.
	p, err := dst.Catalog.ProductBySlug(t.Context(), imported.ID, "longjing")
	if err != nil || len(p.Images) != 2 || p.Images[0].Width != 120 {
		t.Fatalf("imported product images = %+v, %v", p, err)
	}
	// The 100 g bag still shows its own photo.
	if v := p.VariantWithOptions([3]string{"100 g"}); v == nil || v.ImageID == nil || *v.ImageID != p.Images[1].ID {
		t.Errorf("imported variant image = %+v, want image %d", v, p.Images[1].ID)
	}
	if v := p.VariantWithOptions([3]string{"50 g"}); v == nil || v.ImageID != nil {
		t.Errorf("50 g variant got an image: %+v", v)
	}
	if _, _, _, err := dst.Media.Open(t.Context(), p.Images[0].Key, "thumb"); err != nil {
		t.Errorf("imported image has no thumbnail: %v", err)
	}
}

func TestBadArchivesAreRefusedAndChangeNothing(t *testing.T) {
	src := malltest.NewApp(t)
	m := shop(t, src)
	good := export(t, src, m.ID)

	rewrite := func(name string, edit func([]byte) []byte) []byte {
		zr, _ := zip.NewReader(bytes.NewReader(good), int64(len(good)))
		var out bytes.Buffer
		zw := zip.NewWriter(&out)
		for _, f := range zr.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if f.Name == name {
				b = edit(b)
				if b == nil {
					continue
				}
			}
			w, _ := zw.Create(f.Name)
			w.Write(b)
		}
		zw.Close()
		return out.Bytes()
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not a zip", []byte("hello"), "not a zip"},
		{"no products", rewrite("products.json", func([]byte) []byte { return nil }), "no products.json"},
		{"wrong format", rewrite("manifest.json", func(b []byte) []byte {
			return bytes.Replace(b, []byte(archive.Format), []byte("something-else"), 1)
		}), "format"},
		{"broken json", rewrite("products.json", func(b []byte) []byte { return b[:len(b)/2] }), "products.json is not valid"},
		{"unknown category", rewrite("products.json", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"green"`+"\n"), []byte(`"nope"`+"\n"), 1)
		}), `category "nope"`},
		{"variant image out of range", rewrite("products.json", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"image": 1`), []byte(`"image": 7`), 1)
		}), "image 7"},
		{"negative stock", rewrite("products.json", func(b []byte) []byte {
			return bytes.Replace(b, []byte(`"stock": 12`), []byte(`"stock": -1`), 1)
		}), "negative"},
	}
	dst := malltest.NewApp(t)
	acct := owner(t, dst, "owner@new.test")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := archive.Read(bytes.NewReader(tt.data), int64(len(tt.data)))
			if err == nil {
				_, err = archiver(dst).Import(t.Context(), c, archive.ImportOptions{OwnerAccountID: acct.ID})
			}
			if err == nil || mall.ErrorCode(err) != mall.EInvalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want an invalid-archive error mentioning %q", err, tt.want)
			}
		})
	}
	list, total, err := dst.Merchants.ListMerchantsAcrossMall(t.Context(), merchants.MerchantFilter{})
	if err != nil || total != 0 {
		t.Fatalf("bad archives left merchants behind: %d %+v %v", total, list, err)
	}
}

func TestImportFailingHalfWayLeavesNothing(t *testing.T) {
	src := malltest.NewApp(t)
	m := shop(t, src)
	data := export(t, src, m.ID)
	c, err := archive.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	// The last product's title is too long for the catalog: the archive
	// reads, but the import fails after the first products were written.
	c.Products[len(c.Products)-1].Title = strings.Repeat("x", catalog.MaxTitleLen+1)
	dst := malltest.NewApp(t)
	acct := owner(t, dst, "owner@new.test")
	if _, err := archiver(dst).Import(t.Context(), c, archive.ImportOptions{OwnerAccountID: acct.ID}); err == nil {
		t.Fatal("import of an invalid product succeeded")
	}
	_, total, _ := dst.Merchants.ListMerchantsAcrossMall(t.Context(), merchants.MerchantFilter{})
	if total != 0 {
		t.Errorf("a failed import left %d merchants", total)
	}
	res, err := dst.Catalog.Search(t.Context(), catalog.SearchQuery{Text: "longjing"})
	if err != nil || res.Total != 0 {
		t.Errorf("a failed import left products in search: %+v %v", res, err)
	}
}
