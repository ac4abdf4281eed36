package admin_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/server"
)

// A shop awaiting approval may have a few product images, not more: the
// next upload is refused beside the image field before it is decoded,
// with what was typed kept. An approved shop has no such limit.
func TestPendingShopHasASmallImageQuota(t *testing.T) {
	app := malltest.NewApp(t)
	for _, approved := range []bool{false, true} {
		slug := map[bool]string{false: "soon", true: "open"}[approved]
		m, _, b := malltest.Shop(t, app, slug, approved)
		p, err := app.Catalog.CreateProduct(t.Context(), m.ID, catalog.ProductInput{Title: "Mug", Status: catalog.StatusDraft,
			Variants: []catalog.VariantInput{{SKU: "MUG", Price: 900, Currency: "USD"}}})
		if err != nil {
			t.Fatal(err)
		}
		for i := range merchants.PendingImageQuota {
			key := fmt.Sprintf("%040x-jpg", i+1)
			if _, err := app.Catalog.AddImage(t.Context(), m.ID, p.ID, catalog.ImageInput{Key: key, Width: 10, Height: 10}); err != nil {
				t.Fatal(err)
			}
		}
		page := b.PostMultipart("/admin/products", maProductForm("Plain Tee"),
			malltest.File{Field: "image", Name: "tee.png", Type: "image/png", Data: malltest.PNG(t, 40, 30)})
		_, total, _ := app.Catalog.ListProducts(t.Context(), m.ID, catalog.ProductFilter{Page: 1, PerPage: 10})
		if approved {
			if page.Status != 303 || total != 2 {
				t.Fatalf("approved shop: status %d, %d products", page.Status, total)
			}
			continue
		}
		if page.Status != 422 {
			t.Fatalf("pending shop at its quota: status %d", page.Status)
		}
		msg := strings.TrimSpace(page.Doc.Find(`[data-testid="image-error"]`).Text())
		if !strings.Contains(msg, fmt.Sprint(merchants.PendingImageQuota)) || !strings.Contains(msg, "approved") {
			t.Fatalf("message at the image field = %q", msg)
		}
		if page.Doc.Find("#field-title").AttrOr("value", "") != "Plain Tee" {
			t.Fatal("title not kept")
		}
		if total != 1 {
			t.Fatalf("%d products after a refused upload", total)
		}
	}
}

// When the mall is already decoding as many images as it may, an upload
// that gets no turn in time is answered 503 with a "try again" page and a
// Retry-After, and stores nothing.
func TestUploadWhileImagesAreBusyAsksToTryAgain(t *testing.T) {
	db := dbtest.Open(t)
	pool := media.NewPool(1, 20*time.Millisecond)
	store, err := media.NewDiskStoreWithPool(t.TempDir(), pool)
	if err != nil {
		t.Fatal(err)
	}
	app := malltest.NewAppOn(t, db, func(o *server.Options) { o.Media = store })
	m, _, b := malltest.Shop(t, app, "busy", true)
	release, err := pool.Acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	page := b.PostMultipart("/admin/products", maProductForm("Plain Tee"),
		malltest.File{Field: "image", Name: "tee.png", Type: "image/png", Data: malltest.PNG(t, 40, 30)})
	if page.Status != 503 || page.Header.Get("Retry-After") == "" {
		t.Fatalf("status %d, Retry-After %q", page.Status, page.Header.Get("Retry-After"))
	}
	if !strings.Contains(page.Body, "try again in a moment") {
		t.Fatalf("page does not say to try again:\n%s", page.Body)
	}
	if _, total, _ := app.Catalog.ListProducts(t.Context(), m.ID, catalog.ProductFilter{Page: 1, PerPage: 10}); total != 0 {
		t.Fatalf("%d products saved", total)
	}
}
