package archive_test

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/mall-project/mall/archive"
	"github.com/mall-project/mall/internal/malltest"
)

// An archive written before variants had images (no "image" in its
// variants) still imports, its variants showing the product's first image.
func TestArchiveWithoutVariantImagesStillImports(t *testing.T) {
	src := malltest.NewApp(t)
	m := shop(t, src)
	data := export(t, src, m.ID)
	if !bytes.Contains(entry(t, data, "products.json"), []byte(`"image": 1`)) {
		t.Fatalf("export does not name the 100 g bag's image:\n%s", entry(t, data, "products.json"))
	}
	old := rewriteEntry(data, "products.json", func(b []byte) []byte {
		return regexp.MustCompile(`,\s*"image": \d+`).ReplaceAll(b, nil)
	})
	if bytes.Contains(entry(t, old, "products.json"), []byte(`"image"`)) {
		t.Fatal("the old archive still names variant images")
	}
	c, err := archive.Read(bytes.NewReader(old), int64(len(old)))
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	dst := malltest.NewApp(t)
	acct := owner(t, dst, "owner@new.test")
	imported, err := archiver(dst).Import(t.Context(), c, archive.ImportOptions{OwnerAccountID: acct.ID})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	p, err := dst.Catalog.ProductBySlug(t.Context(), imported.ID, "longjing")
	if err != nil || len(p.Images) != 2 || len(p.Variants) != 2 {
		t.Fatalf("imported: %+v %v", p, err)
	}
	for _, v := range p.Variants {
		if v.ImageID != nil {
			t.Errorf("variant %s has image %d from an archive that named none", v.SKU, *v.ImageID)
		}
	}
}
