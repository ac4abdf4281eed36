package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
)

// A merchant takes its shop out of one mall and into another with two
// commands, and the products arrive with their variants and stock.
func TestExportThenImportIntoAnotherMall(t *testing.T) {
	ctx := context.Background()
	srcEnv, _, _ := seedEnv(t)
	var out bytes.Buffer
	if err := run(ctx, []string{"seed"}, srcEnv, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("seed: %v\n%s", err, out.String())
	}
	file := filepath.Join(t.TempDir(), "shop.zip")
	out.Reset()
	if err := run(ctx, []string{"export", "--merchant", "xihu-tea", "--out", file}, srcEnv, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("export: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "exported xihu-tea") {
		t.Errorf("export said: %s", out.String())
	}

	dstEnv, dstCatalog, dstMerchants := seedEnv(t)
	if err := run(ctx, []string{"create-operator", "--email", "new@owner.test", "--password", "a long enough password 1"}, dstEnv, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("create account: %v", err)
	}
	out.Reset()
	if err := run(ctx, []string{"import", "--file", file, "--owner", "new@owner.test"}, dstEnv, strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	m, err := dstMerchants.MerchantBySlug(ctx, "xihu-tea")
	if err != nil {
		t.Fatalf("imported shop not found: %v", err)
	}
	ps, total, err := dstCatalog.ListProducts(ctx, m.ID, catalog.ProductFilter{PerPage: 100})
	if err != nil || total == 0 {
		t.Fatalf("imported shop has %d products (%v)", total, err)
	}
	p, err := dstCatalog.ProductInMerchant(ctx, m.ID, ps[0].ID)
	if err != nil || len(p.Variants) == 0 || len(p.Images) == 0 {
		t.Fatalf("imported product lacks variants or images: %+v %v", p, err)
	}

	// The same archive again: the slug is taken, nothing changes.
	err = run(ctx, []string{"import", "--file", file, "--owner", "new@owner.test"}, dstEnv, strings.NewReader(""), &out, &out)
	if err == nil {
		t.Fatal("importing the same shop twice succeeded")
	}
	_, again, _ := dstCatalog.ListProducts(ctx, m.ID, catalog.ProductFilter{PerPage: 100})
	if again != total {
		t.Errorf("failed import changed the product count from %d to %d", total, again)
	}
}
