package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/server"
)

// TestReviewsVerifyCatchesEditsToARunningMall runs `mall reviews verify`
// against a live mall: it passes, remembers the checkpoint, passes again
// after the log grew, and fails, saying where, once a rating is changed
// in the database or a leaf is deleted. `mall reviews export` writes a
// file that verifies offline.
func TestReviewsVerifyCatchesEditsToARunningMall(t *testing.T) {
	db, dbcfg := dbtest.OpenWithURL(t)
	skey, err := reviews.GenerateLogKey("mall.test/reviews")
	if err != nil {
		t.Fatal(err)
	}
	key, _ := reviews.ParseLogKey(skey)
	app := malltest.NewAppOn(t, db, func(o *server.Options) { o.ReviewLogKey = key })
	ctx := t.Context()
	m, _, _ := malltest.Shop(t, app, "alpha", true)
	p, err := app.Catalog.CreateProduct(ctx, m.ID, catalog.ProductInput{Title: "Tee", Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{SKU: "TEE", Price: 2000, Currency: "USD", Stock: 50}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Orders.CreateShippingMethod(ctx, m.ID, orders.ShippingMethodInput{Name: "Post", Active: true}); err != nil {
		t.Fatal(err)
	}
	review := func(i, rating int) *reviews.Review {
		t.Helper()
		buyer := malltest.Account(t, app, fmt.Sprintf("b%d@example.test", i), "Buyer")
		owner := orders.CartOwner{AccountID: buyer.ID}
		if err := app.Orders.AddToCart(ctx, owner, p.Variants[0].ID, 1); err != nil {
			t.Fatal(err)
		}
		q, _ := app.Orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
		co, err := app.Orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: buyer.Email, Provider: orders.ProviderOffline, ExpectedTotal: q.Total,
			Address: orders.Address{Name: "B", Line1: "1 Road", City: "Hong Kong", PostalCode: "999077", Country: "HK"}})
		if err != nil {
			t.Fatal(err)
		}
		o := co.Orders[0]
		staff := orders.Actor{Kind: orders.ActorStaff}
		app.Orders.ConfirmOfflinePayment(ctx, m.ID, o.ID, staff)
		app.Orders.MarkShipped(ctx, m.ID, o.ID, "DHL", "1", staff)
		if err := app.Orders.MarkDelivered(ctx, m.ID, o.ID, staff); err != nil {
			t.Fatal(err)
		}
		full, _ := app.Orders.OrderInMerchant(ctx, m.ID, o.ID)
		r, err := app.Reviews.Submit(ctx, buyer.ID, full.Lines[0].ID, reviews.Input{Rating: rating})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := review(1, 2)
	review(2, 5)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Fiber.Listener(ln)
	t.Cleanup(func() { app.Fiber.Shutdown() })
	base := "http://" + ln.Addr().String()

	dataDir := t.TempDir()
	env := map[string]string{"MALL_DATA_DIR": dataDir, "MALL_LOG_LEVEL": "error", "MALL_REVIEW_LOG_KEY": skey}
	if dbcfg.URL != "" {
		env["DATABASE_URL"] = dbcfg.URL
	} else {
		env["MALL_DATA_DIR"] = filepath.Dir(dbcfg.SQLitePath)
	}
	mall := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, io.Discard)
		return out.String(), err
	}
	state := t.TempDir()
	out, err := mall("reviews", "verify", "--url", base, "--state", state)
	if err != nil || !strings.Contains(out, "ok: mall.test/reviews, 2 leaves") {
		t.Fatalf("first verify: %v\n%s", err, out)
	}
	review(3, 4)
	out, err = mall("reviews", "verify", "--url", base, "--state", state)
	if err != nil || !strings.Contains(out, "consistent with the 2 leaves seen last time") {
		t.Fatalf("second verify: %v\n%s", err, out)
	}

	exported := filepath.Join(t.TempDir(), "log.jsonl")
	if out, err := mall("reviews", "export", "--out", exported); err != nil {
		t.Fatalf("export: %v\n%s", err, out)
	}
	if out, err := mall("reviews", "verify", "--file", exported); err != nil || !strings.Contains(out, "3 leaves") {
		t.Fatalf("verify the export: %v\n%s", err, out)
	}

	db.Exec(`UPDATE reviews SET rating = 5 WHERE id = ?`, first.ID)
	out, err = mall("reviews", "verify", "--url", base, "--state", state)
	if !errors.Is(err, reviews.ErrNotVerified) || !strings.Contains(out, fmt.Sprintf("FAIL: review %d: shows 5 stars", first.ID)) {
		t.Fatalf("verify after a rating was changed: %v\n%s", err, out)
	}
	db.Exec(`UPDATE reviews SET rating = 2 WHERE id = ?`, first.ID)
	db.Exec(`DELETE FROM review_log_leaves WHERE idx = 1`)
	out, err = mall("reviews", "verify", "--url", base, "--state", state)
	if !errors.Is(err, reviews.ErrNotVerified) || !strings.Contains(out, "FAIL: leaf 1 is missing") {
		t.Fatalf("verify after a leaf was deleted: %v\n%s", err, out)
	}
}
