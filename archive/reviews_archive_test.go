package archive_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/mall-project/mall/archive"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/server"
)

// cupPhoto is a small PNG a buyer attaches to a review.
func cupPhoto(t *testing.T) reviews.PhotoUpload {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for i := range img.Pix {
		img.Pix[i] = byte(i * 7)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	return reviews.PhotoUpload{Name: "cup.png", Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

// originApp is a mall whose review log is named origin.example/reviews.
func originApp(t *testing.T) *server.App {
	t.Helper()
	skey, err := reviews.GenerateLogKey("origin.example/reviews")
	if err != nil {
		t.Fatal(err)
	}
	key, err := reviews.ParseLogKey(skey)
	if err != nil {
		t.Fatal(err)
	}
	return malltest.NewAppOn(t, dbtest.Open(t), func(o *server.Options) { o.ReviewLogKey = key })
}

// reviewedShop is shop() opened, with three delivered purchases by
// signed-in buyers, each reviewed, one of them then erased, and a review
// of another shop in the same mall.
func reviewedShop(t *testing.T, app *server.App) (*merchants.Merchant, []*reviews.Review) {
	t.Helper()
	ctx := t.Context()
	m := shop(t, app)
	approve(t, app, m)
	if _, err := app.Orders.CreateShippingMethod(ctx, m.ID, orders.ShippingMethodInput{Name: "Post", Price: 0, Active: true}); err != nil {
		t.Fatal(err)
	}
	lj := variantID(t, app, m.ID, "longjing", "LJ-50")
	inputs := []reviews.Input{
		// With a photo: the leaf's content hash covers it, so the archive
		// must carry its key for the review to check at the other mall.
		{Rating: 5, Title: "明前 & fresh", Body: "Sweet <chestnut> notes", Photos: []reviews.PhotoUpload{cupPhoto(t)}},
		{Rating: 2, Body: "Got it free", Incentivized: true},
		{Rating: 1, Body: "To be erased"},
	}
	var out []*reviews.Review
	for i, in := range inputs {
		buyer := malltest.Account(t, app, "buyer"+string(rune('a'+i))+"@shopper.test", "Buyer")
		owner := orders.CartOwner{AccountID: buyer.ID}
		if err := app.Orders.AddToCart(ctx, owner, lj, 1); err != nil {
			t.Fatal(err)
		}
		q, _ := app.Orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
		co, err := app.Orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: buyer.Email, Provider: orders.ProviderOffline,
			ExpectedTotal: q.Total, Address: orders.Address{Name: "林小姐", Line1: "1 Harbour Road", City: "Central", Region: "Hong Kong Island", Country: "HK"}})
		if err != nil {
			t.Fatal(err)
		}
		o := co.Orders[0]
		if err := app.Orders.ConfirmOfflinePayment(ctx, m.ID, o.ID, staff); err != nil {
			t.Fatal(err)
		}
		if err := app.Orders.MarkShipped(ctx, m.ID, o.ID, "SF", "1", staff); err != nil {
			t.Fatal(err)
		}
		if err := app.Orders.MarkDelivered(ctx, m.ID, o.ID, staff); err != nil {
			t.Fatal(err)
		}
		r, err := app.Reviews.Submit(ctx, buyer.ID, o.Lines[0].ID, in)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := app.Reviews.EraseOwn(ctx, *out[2].AccountID, out[2].ID); err != nil {
		t.Fatal(err)
	}
	return m, out
}

func TestReviewsTravelWithTheirProofs(t *testing.T) {
	ctx := t.Context()
	src := originApp(t)
	m, written := reviewedShop(t, src)
	data := export(t, src, m.ID)
	c, err := archive.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("read own export: %v", err)
	}
	if c.Manifest.Counts["reviews"] != 2 || len(c.Reviews.Reviews) != 2 || c.Reviews.Origin != "origin.example/reviews" {
		t.Fatalf("reviews in the archive: %d (%s)", len(c.Reviews.Reviews), c.Reviews.Origin)
	}
	if strings.Contains(string(entry(t, data, "reviews.json")), "To be erased") {
		t.Fatal("the erased review travelled")
	}

	dst, db := malltest.NewAppDB(t)
	acct := owner(t, dst, "owner@new.test")
	imported, err := archiver(dst).Import(ctx, c, archive.ImportOptions{OwnerAccountID: acct.ID, Slug: "tea-two"})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if n := count(t, db, "imported_reviews", "merchant_id = ?", imported.ID); n != 2 {
		t.Fatalf("%d imported reviews", n)
	}
	// Not re-logged as purchases of this mall, not in its rating.
	for _, table := range []string{"reviews", "review_log_leaves"} {
		if n := count(t, db, table, "1 = 1"); n != 0 {
			t.Errorf("the import wrote %d rows into %s", n, table)
		}
	}
	approve(t, dst, imported)
	p, err := dst.Catalog.ProductBySlug(ctx, imported.ID, "longjing")
	if err != nil {
		t.Fatal(err)
	}
	if agg, err := dst.Reviews.ProductAggregate(ctx, imported.ID, p.ID); err != nil || agg.RatedCount != 0 || agg.ReviewCount != 0 {
		t.Fatalf("imported reviews moved the rating: %+v %v", agg, err)
	}
	page := malltest.NewBrowser(t, dst).Get("/s/tea-two/p/longjing")
	items := page.Doc.Find(`[data-testid="imported-review"]`)
	if page.Status != http.StatusOK || items.Length() != 2 {
		t.Fatalf("product page: %d, %d imported reviews", page.Status, items.Length())
	}
	// The shop writes in Chinese: "于 <date> 在 origin.example/reviews 核验".
	if got := page.Text(`[data-testid="imported-review-verified"]`); strings.Count(got, "在 origin.example/reviews 核验") != 2 {
		t.Fatalf("verified mark %q", got)
	}
	if !strings.Contains(page.Text(`[data-testid="imported-review-body"]`), "Sweet <chestnut> notes") {
		t.Fatal("the imported text is not shown")
	}
	// The proof kept checks offline against the origin's key.
	proofURL := page.Attr(`[data-testid="imported-review-proof"]`, "href")
	resp := malltest.NewBrowser(t, dst).Get(proofURL)
	var rc reviews.Receipt
	if err := json.Unmarshal([]byte(resp.Body), &rc); err != nil {
		t.Fatalf("proof at %s: %d %v", proofURL, resp.Status, err)
	}
	v, err := note.NewVerifier(src.Reviews.Key().VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open([]byte(rc.Checkpoint), note.VerifierList(v))
	if err != nil {
		t.Fatalf("kept checkpoint: %v", err)
	}
	cp, _ := reviews.ParseCheckpoint(n.Text)
	if err := tlog.CheckRecord(rc.Proof, cp.Size, cp.Root, rc.Index, tlog.RecordHash([]byte(rc.Data))); err != nil {
		t.Fatalf("kept proof: %v", err)
	}
	var leaf reviews.Leaf
	json.Unmarshal([]byte(rc.Data), &leaf)
	if leaf.Review != written[0].ID && leaf.Review != written[1].ID {
		t.Fatalf("the proof is of review %d", leaf.Review)
	}
	if r := malltest.NewBrowser(t, dst).Get("/s/tea-two/reviews/imported/999999"); r.Status != http.StatusNotFound {
		t.Fatalf("unknown imported review: %d", r.Status)
	}
	// Another shop's address does not give this shop's imported review.
	malltest.Shop(t, dst, "bolt", true)
	foreign := strings.Replace(proofURL, "/s/tea-two/", "/s/bolt/", 1)
	if r := malltest.NewBrowser(t, dst).Get(foreign); foreign == proofURL || r.Status != http.StatusNotFound {
		t.Fatalf("%s: %d, want 404", foreign, r.Status)
	}

	// Exported again from the new mall, the shop's own (imported) reviews
	// are not re-signed as this mall's.
	out := export(t, dst, imported.ID)
	again, err := archive.Read(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatalf("re-export: %v", err)
	}
	if len(again.Reviews.Reviews) != 0 {
		t.Fatalf("re-export carries %d reviews", len(again.Reviews.Reviews))
	}
}

// editReviews decodes reviews.json loosely, lets edit change it, encodes it.
func editReviews(edit func(map[string]any)) func([]byte) []byte {
	return func(b []byte) []byte {
		var rv map[string]any
		if err := json.Unmarshal(b, &rv); err != nil {
			panic(err)
		}
		edit(rv)
		out, _ := json.Marshal(rv)
		return out
	}
}

func TestTamperedReviewsAreRefusedAndImportNothing(t *testing.T) {
	src := originApp(t)
	m, _ := reviewedShop(t, src)
	good := export(t, src, m.ID)
	first := func(rv map[string]any) map[string]any { return rv["reviews"].([]any)[0].(map[string]any) }
	otherKey, err := reviews.GenerateLogKey("origin.example/reviews")
	if err != nil {
		t.Fatal(err)
	}
	forger, _ := reviews.ParseLogKey(otherKey)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"rating changed", rewriteEntry(good, "reviews.json", editReviews(func(rv map[string]any) {
			first(rv)["rating"] = 1.0
		})), "reviews.json: review 1: its rating (1), verified mark or text is not what leaf"},
		{"text changed", rewriteEntry(good, "reviews.json", editReviews(func(rv map[string]any) {
			first(rv)["body"] = "Better than ever"
		})), "reviews.json: review 1: its rating (5), verified mark or text is not what leaf"},
		{"leaf changed", rewriteEntry(good, "reviews.json", editReviews(func(rv map[string]any) {
			r := first(rv)
			r["leaf"] = strings.Replace(r["leaf"].(string), `"rating":5`, `"rating":4`, 1)
			r["rating"] = 4.0
		})), "reviews.json: review 1: its leaf"},
		{"proof changed", rewriteEntry(good, "reviews.json", editReviews(func(rv map[string]any) {
			proof := first(rv)["proof"].([]any)
			proof[0] = tlog.Hash{1, 2, 3}.String()
		})), "is not in the origin's signed log"},
		{"wrong key", rewriteEntry(good, "reviews.json", editReviews(func(rv map[string]any) {
			rv["verifier_key"] = forger.VerifierKey()
		})), "reviews.json: the origin's checkpoint is not signed by the carried key"},
		{"unknown product", rewriteEntry(good, "reviews.json", editReviews(func(rv map[string]any) {
			first(rv)["product"] = "nothing"
		})), `reviews.json: review 1 is of product "nothing"`},
	}
	dst, db := malltest.NewAppDB(t)
	acct := owner(t, dst, "owner@new.test")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := archive.Read(bytes.NewReader(tt.data), int64(len(tt.data)))
			if err == nil {
				_, err = archiver(dst).Import(t.Context(), c, archive.ImportOptions{OwnerAccountID: acct.ID})
			}
			if err == nil || mall.ErrorCode(err) != mall.EInvalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want an invalid-archive error saying %q", err, tt.want)
			}
		})
	}
	for _, table := range []string{"merchants", "products", "orders", "imported_reviews", "reviews"} {
		if n := count(t, db, table, "1 = 1"); n != 0 {
			t.Errorf("refused archives left %d rows in %s", n, table)
		}
	}
	// The untouched archive imports.
	c, err := archive.Read(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := archiver(dst).Import(t.Context(), c, archive.ImportOptions{OwnerAccountID: acct.ID}); err != nil {
		t.Fatal(err)
	}
}

// Archives of version 2 (before reviews travelled) still import.
func TestVersionTwoArchiveStillImports(t *testing.T) {
	src := originApp(t)
	m, _ := reviewedShop(t, src)
	data := export(t, src, m.ID)
	old := rewriteEntry(data, "reviews.json", func([]byte) []byte { return nil })
	old = rewriteEntry(old, "manifest.json", func(b []byte) []byte {
		return bytes.Replace(b, []byte(`"version": 3`), []byte(`"version": 2`), 1)
	})
	c, err := archive.Read(bytes.NewReader(old), int64(len(old)))
	if err != nil {
		t.Fatalf("read a version 2 archive: %v", err)
	}
	dst, db := malltest.NewAppDB(t)
	if _, err := archiver(dst).Import(t.Context(), c, archive.ImportOptions{OwnerAccountID: owner(t, dst, "o@new.test").ID}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, "imported_reviews", "1 = 1"); n != 0 {
		t.Fatalf("a version 2 archive brought %d reviews", n)
	}
}
