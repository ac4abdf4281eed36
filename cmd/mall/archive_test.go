package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
)

// A merchant takes its shop out of one mall and into another with two
// commands, and the products arrive with their variants and stock, the
// orders with their numbers and states, the shipping methods as they were.
func TestExportThenImportIntoAnotherMall(t *testing.T) {
	ctx := context.Background()
	srcEnv, _, srcMerchants, srcDB := seedEnvDB(t)
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

	dstEnv, dstCatalog, dstMerchants, dstDB := seedEnvDB(t)
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

	srcShop, err := srcMerchants.MerchantBySlug(ctx, "xihu-tea")
	if err != nil {
		t.Fatal(err)
	}
	srcHistory, dstHistory := orderHistory(t, srcDB, srcShop.ID), orderHistory(t, dstDB, m.ID)
	t.Logf("history moved: %s", dstHistory)
	if !strings.Contains(srcHistory, "order") || srcHistory != dstHistory {
		t.Errorf("orders and shipping methods differ after the move:\nsource: %s\nimported: %s", srcHistory, dstHistory)
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

// orderHistory sums up a shop's orders and shipping methods in a line of
// text: numbers, statuses, totals, lines, events and refunds.
func orderHistory(t *testing.T, db *gorm.DB, merchantID int64) string {
	t.Helper()
	var rows []struct {
		Number, Status        string
		Total, RefundedAmount int64
		Lines, Events         int
	}
	err := db.Raw(`SELECT o.number, o.status, o.total, o.refunded_amount,
			(SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id) AS lines,
			(SELECT COUNT(*) FROM order_events e WHERE e.order_id = o.id) AS events
		FROM orders o WHERE o.merchant_id = ? ORDER BY o.seq`, merchantID).Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	var methods []string
	if err := db.Raw(`SELECT name FROM shipping_methods WHERE merchant_id = ? ORDER BY position, id`, merchantID).Scan(&methods).Error; err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "order %s %s %d refunded %d, %d lines, %d events; ", r.Number, r.Status, r.Total, r.RefundedAmount, r.Lines, r.Events)
	}
	fmt.Fprintf(&b, "shipping %s", strings.Join(methods, ", "))
	return b.String()
}
