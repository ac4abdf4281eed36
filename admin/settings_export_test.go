package admin_test

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
)

func TestOwnerDownloadsTheShopArchive(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	ownerAcct := malltest.Account(t, app, "owner@kite.test", "Owner")
	m, err := app.Merchants.Apply(ctx, ownerAcct.ID, merchants.ApplyInput{Name: "Kites", Slug: "kites", ContactEmail: "k@kite.test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Catalog.CreateProduct(ctx, m.ID, catalog.ProductInput{Title: "Delta kite", Slug: "delta", Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{SKU: "DK-1", Price: 2500, Currency: "USD", Stock: 4}}}); err != nil {
		t.Fatal(err)
	}

	owner := malltest.SignedIn(t, app, ownerAcct)
	if link := owner.Get("/admin/settings").Attr(`[data-testid="export-archive"]`, "href"); link != "/admin/settings/export" {
		t.Fatalf("settings page export link = %q", link)
	}
	p := owner.Get("/admin/settings/export")
	if p.Status != http.StatusOK || p.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("export = %d %s", p.Status, p.Header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(strings.NewReader(p.Body), int64(len(p.Body)))
	if err != nil {
		t.Fatalf("download is not a zip: %v", err)
	}
	var products []byte
	for _, f := range zr.File {
		if f.Name == "products.json" {
			rc, _ := f.Open()
			products, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	if !bytes.Contains(products, []byte(`"sku": "DK-1"`)) {
		t.Errorf("products.json lacks the product:\n%s", products)
	}

	// A clerk sees no export and may not download it.
	clerkAcct := malltest.Account(t, app, "clerk@kite.test", "Clerk")
	token, err := app.Merchants.Invite(ctx, m.ID, ownerAcct.ID, "clerk@kite.test", merchants.RoleClerk)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Merchants.AcceptInvitation(ctx, token, clerkAcct.ID); err != nil {
		t.Fatal(err)
	}
	clerk := malltest.SignedIn(t, app, clerkAcct)
	if clerk.Get("/admin/settings").Doc.Find(`[data-testid="export-archive"]`).Length() != 0 {
		t.Error("a clerk is offered the export")
	}
	if p := clerk.Get("/admin/settings/export"); p.Status != http.StatusForbidden {
		t.Errorf("clerk export = %d, want 403", p.Status)
	}
}
