package reviews_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

func has(problems []string, want string) bool {
	for _, p := range problems {
		if strings.Contains(p, want) {
			return true
		}
	}
	return false
}

// TestLogCatchesEditsInTheDatabase: the log verifies, and stops verifying,
// saying where, when a rating, a leaf or the history is changed behind
// the mall's back.
func TestLogCatchesEditsInTheDatabase(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	var ids []int64
	for i := range 3 {
		b := f.account(fmt.Sprintf("b%d@example.test", i))
		r, err := f.reviews.Submit(ctx, b, f.order(b, v[0], 1, orders.StatusDelivered).Lines[0].ID, reviews.Input{Rating: 2 + i, Body: "ok"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	first := f.verify(nil)
	if !first.OK() || first.Size != 3 || first.Reviews != 3 {
		t.Fatalf("first check: %+v", first)
	}
	seen := &reviews.Seen{VerifierKey: testKey.VerifierKey(), Checkpoint: first.Signed}
	b := f.account("late@example.test")
	if _, err := f.reviews.Submit(ctx, b, f.order(b, v[0], 1, orders.StatusDelivered).Lines[0].ID, reviews.Input{Rating: 5}); err != nil {
		t.Fatal(err)
	}
	if res := f.verify(seen); !res.OK() || res.PreviousSize != 3 || res.Size != 4 {
		t.Fatalf("second check: %+v", res)
	}

	// A rating changed in the reviews table.
	f.db.Exec(`UPDATE reviews SET rating = 5 WHERE id = ?`, ids[0])
	res := f.verify(seen)
	if res.OK() || !has(res.Problems, fmt.Sprintf("review %d: shows 5 stars", ids[0])) {
		t.Fatalf("changed rating: %v", res.Problems)
	}
	f.db.Exec(`UPDATE reviews SET rating = 2 WHERE id = ?`, ids[0])

	// A leaf rewritten.
	var data string
	f.db.Raw(`SELECT data FROM review_log_leaves WHERE idx = 1`).Scan(&data)
	f.db.Exec(`UPDATE review_log_leaves SET data = ? WHERE idx = 1`, strings.Replace(data, `"rating":3`, `"rating":5`, 1))
	res = f.verify(seen)
	if res.OK() || !has(res.Problems, "leaf 1: its data does not match") {
		t.Fatalf("rewritten leaf: %v", res.Problems)
	}
	f.db.Exec(`UPDATE review_log_leaves SET data = ? WHERE idx = 1`, data)
	if res := f.verify(seen); !res.OK() {
		t.Fatalf("restored: %v", res.Problems)
	}

	// A leaf deleted.
	f.db.Exec(`DELETE FROM review_log_leaves WHERE idx = 2`)
	res = f.verify(seen)
	if res.OK() || !has(res.Problems, "leaf 2 is missing") {
		t.Fatalf("deleted leaf: %v", res.Problems)
	}

	// A log rebuilt with another history under the same key: what was
	// seen last time is not a prefix of it.
	g := newFixture(t)
	gs := g.merchant("alpha")
	_, gv := g.product(gs, "Tee", 0, 2000)
	for i := range 5 {
		b := g.account(fmt.Sprintf("g%d@example.test", i))
		if _, err := g.reviews.Submit(ctx, b, g.order(b, gv[0], 1, orders.StatusDelivered).Lines[0].ID, reviews.Input{Rating: 5}); err != nil {
			t.Fatal(err)
		}
	}
	res = g.verify(seen)
	if res.OK() || !has(res.Problems, "not an extension of the 3 seen last time") || !has(res.Problems, "first 3 leaves were changed") {
		t.Fatalf("rewritten history: %v", res.Problems)
	}
}

// TestReceiptChecksOffline: a review's receipt proves its leaf against the
// signed checkpoint with nothing but the public key.
func TestReceiptChecksOffline(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	var last *reviews.Review
	for i := range 5 {
		b := f.account(fmt.Sprintf("b%d@example.test", i))
		r, err := f.reviews.Submit(ctx, b, f.order(b, v[0], 1, orders.StatusDelivered).Lines[0].ID, reviews.Input{Rating: 4})
		if err != nil {
			t.Fatal(err)
		}
		last = r
	}
	rc, err := f.reviews.Receipt(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	verifier, err := note.NewVerifier(rc.Key)
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open([]byte(rc.Checkpoint), note.VerifierList(verifier))
	if err != nil {
		t.Fatal(err)
	}
	cp, err := reviews.ParseCheckpoint(n.Text)
	if err != nil {
		t.Fatal(err)
	}
	if err := tlog.CheckRecord(rc.Proof, cp.Size, cp.Root, rc.Index, tlog.RecordHash([]byte(rc.Data))); err != nil {
		t.Fatalf("receipt does not check: %v", err)
	}
	if err := tlog.CheckRecord(rc.Proof, cp.Size, cp.Root, rc.Index, tlog.RecordHash([]byte(strings.Replace(rc.Data, `"rating":4`, `"rating":5`, 1)))); err == nil {
		t.Fatal("a changed leaf checks")
	}
	if last.LeafIndex != 4 || strings.Contains(rc.Data, "@") {
		t.Fatalf("leaf %d, data %s", last.LeafIndex, rc.Data)
	}
}
