package reviews_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

// allTables lists the database's tables, on either engine.
func (f *fixture) allTables() []string {
	f.t.Helper()
	var names []string
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if f.db.Dialector.Name() == "postgres" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	if err := f.db.Raw(q).Scan(&names).Error; err != nil {
		f.t.Fatal(err)
	}
	if len(names) < 10 {
		f.t.Fatalf("only %d tables found: %v", len(names), names)
	}
	return names
}

// tablesHolding names every table with a cell that contains needle.
func (f *fixture) tablesHolding(needle string) []string {
	f.t.Helper()
	var found []string
	for _, table := range f.allTables() {
		rows, err := f.db.Raw(`SELECT * FROM "` + table + `"`).Rows()
		if err != nil {
			f.t.Fatalf("%s: %v", table, err)
		}
		cols, _ := rows.Columns()
		hit := false
		for rows.Next() {
			cells := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range cells {
				ptrs[i] = &cells[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				f.t.Fatalf("%s: %v", table, err)
			}
			for _, c := range cells {
				var s string
				switch v := c.(type) {
				case string:
					s = v
				case []byte:
					s = string(v)
				}
				if strings.Contains(s, needle) {
					hit = true
				}
			}
		}
		rows.Close()
		if hit {
			found = append(found, table)
		}
	}
	return found
}

func TestErasureDeletesTextAndSaltAndTheLogStillVerifies(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	buyer, other := f.account("buyer@example.test"), f.account("other@example.test")
	op := f.operator("op@example.test")
	_, v := f.product(shop, "Tee", 0, 2000)
	o := f.order(buyer, v[0], 1, orders.StatusDelivered)
	line := o.Lines[0].ID
	const title, body, edited = "Xylophone-grade cotton", "Written by Quentin Marlowe of Harbour Road", "Quentin again: still fine"
	r, err := f.reviews.Submit(ctx, buyer, line, reviews.Input{Rating: 5, Title: title, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.reviews.Edit(ctx, buyer, r.ID, reviews.Input{Rating: 4, Title: title, Body: edited}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.reviews.SaveReply(ctx, shop, r.ID, 1, "Thank you Quentin Marlowe"); err != nil {
		t.Fatal(err)
	}
	// A second review stays as it is.
	b2 := f.account("b2@example.test")
	keep, err := f.reviews.Submit(ctx, b2, f.order(b2, v[0], 1, orders.StatusDelivered).Lines[0].ID, reviews.Input{Rating: 2, Body: "Thin"})
	if err != nil {
		t.Fatal(err)
	}
	var salt string
	f.db.Raw(`SELECT line_salt FROM reviews WHERE id = ?`, r.ID).Scan(&salt)
	if len(salt) < 32 || len(f.tablesHolding("Quentin")) == 0 || len(f.tablesHolding(salt)) != 1 {
		t.Fatalf("the test cannot see the text or salt before erasure (salt %q)", salt)
	}
	if res := f.verify(nil); !res.OK() {
		t.Fatalf("before: %v", res.Problems)
	}

	// Someone else cannot erase it; the operator needs a reason.
	if err := f.reviews.EraseOwn(ctx, other, r.ID); mall.ErrorCode(err) != mall.ENotFound {
		t.Fatalf("someone else's erasure: %v", err)
	}
	if err := f.reviews.EraseForSubject(ctx, op, r.ID, "short"); key(err) != "reviews_erasure.error.reason" {
		t.Fatalf("no reason: %v", err)
	}
	if err := f.reviews.EraseForSubject(ctx, buyer, r.ID, "The data subject wrote to us on 1 March."); mall.ErrorCode(err) != mall.EForbidden {
		t.Fatalf("a shopper as operator: %v", err)
	}
	if n := f.count("reviews", "erased_at IS NOT NULL"); n != 0 {
		t.Fatalf("refused erasures erased %d", n)
	}

	if err := f.reviews.EraseOwn(ctx, buyer, r.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.reviews.EraseOwn(ctx, buyer, r.ID); mall.ErrorCode(err) != mall.ENotFound {
		t.Fatalf("second erasure by the former author: %v", err)
	}
	if err := f.reviews.EraseForSubject(ctx, op, r.ID, "The data subject wrote to us on 1 March."); key(err) != "reviews_erasure.error.already" {
		t.Fatalf("second erasure: %v", err)
	}

	for _, needle := range []string{"Quentin", "Xylophone", salt} {
		if tables := f.tablesHolding(needle); len(tables) != 0 {
			t.Errorf("%q is still in %v", needle, tables)
		}
	}
	// The commitment in every leaf of the review can no longer be
	// recomputed from anything the mall keeps.
	var salts []string
	f.db.Raw(`SELECT line_salt FROM reviews`).Scan(&salts)
	var lines []int64
	f.db.Raw(`SELECT id FROM order_lines`).Scan(&lines)
	var datas []string
	f.db.Raw(`SELECT data FROM review_log_leaves WHERE review_id = ? ORDER BY idx`, r.ID).Scan(&datas)
	if len(datas) != 3 {
		t.Fatalf("%d leaves, want published, edited, erased", len(datas))
	}
	for i, d := range datas {
		var l reviews.Leaf
		if err := json.Unmarshal([]byte(d), &l); err != nil {
			t.Fatal(err)
		}
		if i < 2 && l.Line != reviews.LineCommitment(salt, line) {
			t.Fatalf("leaf %d was rewritten: %s", i, d)
		}
		if i == 2 && (l.Action != reviews.ActionErased || l.Content != reviews.ErasedContent || l.Line != "" || l.Rating != 4) {
			t.Fatalf("erasure leaf %s", d)
		}
		for _, s := range salts {
			for _, id := range lines {
				if l.Line != "" && reviews.LineCommitment(s, id) == l.Line {
					t.Fatalf("leaf %d still links to line %d", i, id)
				}
			}
		}
	}
	if n := f.count("reviews", "id = ? AND (order_line_id = ? OR account_id IS NOT NULL OR order_id <> 0)", r.ID, line); n != 0 {
		t.Fatal("the review still names its order, line or account")
	}
	if n := f.count("review_erasures", "review_id = ? AND requested_by = ?", r.ID, reviews.ErasedByReviewer); n != 1 {
		t.Fatalf("%d erasure records", n)
	}

	res := f.verify(nil)
	if !res.OK() || res.Reviews != 2 {
		t.Fatalf("after erasure: %+v", res)
	}
	// The rating leaves the aggregates; the other review stays.
	agg, err := f.reviews.ProductAggregate(ctx, shop, r.ProductID)
	if err != nil || agg.RatedCount != 1 || agg.RatingSum != 2 || agg.ReviewCount != 2 {
		t.Fatalf("aggregate %+v %v", agg, err)
	}
	list, _, err := f.reviews.ProductReviews(ctx, shop, r.ProductID, reviews.Filter{})
	if err != nil || len(list) != 2 {
		t.Fatalf("list %v %d", err, len(list))
	}
	for _, it := range list {
		if it.ID == r.ID && (!it.Erased() || it.Body != "" || it.Reply.Body != "") {
			t.Fatalf("erased review shows %+v", it)
		}
		if it.ID == keep.ID && (it.Erased() || it.Body != "Thin") {
			t.Fatalf("the other review changed: %+v", it)
		}
	}
	if _, err := f.reviews.SaveReply(ctx, shop, r.ID, 1, "Still here?"); key(err) != "reviews_erasure.error.reply" {
		t.Fatalf("reply to an erased review: %v", err)
	}
	// Its buyer may write about the line again.
	if _, err := f.reviews.Submit(ctx, buyer, line, reviews.Input{Rating: 3, Body: "New opinion"}); err != nil {
		t.Fatalf("new review of the line: %v", err)
	}
	if res := f.verify(nil); !res.OK() {
		t.Fatalf("after the new review: %v", res.Problems)
	}

	// Text put back into an erased review is caught.
	f.db.Exec(`UPDATE reviews SET body = 'forged' WHERE id = ?`, r.ID)
	f.db.Exec(`UPDATE reviews SET erased_at = NULL WHERE id = ?`, r.ID)
	if res := f.verify(nil); res.OK() || !has(res.Problems, fmt.Sprintf("review %d", r.ID)) {
		t.Fatalf("un-erased review passed: %v", res.Problems)
	}
}

func TestOperatorErasesOnTheSubjectsRequest(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	buyer := f.account("buyer@example.test")
	op := f.operator("op@example.test")
	_, v := f.product(shop, "Tee", 0, 2000)
	r, err := f.reviews.Submit(ctx, buyer, f.order(buyer, v[0], 1, orders.StatusDelivered).Lines[0].ID, reviews.Input{Rating: 1, Body: "Zebra-striped disaster"})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.reviews.EraseForSubject(ctx, op, r.ID, "Letter of 2 March from the reviewer, identity checked."); err != nil {
		t.Fatal(err)
	}
	list, err := f.reviews.Erasures(ctx, 10)
	if err != nil || len(list) != 1 || list[0].RequestedBy != reviews.ErasedByOperator || list[0].OperatorAccountID == nil ||
		*list[0].OperatorAccountID != op || !strings.Contains(list[0].Reason, "2 March") {
		t.Fatalf("erasures %v %+v", err, list)
	}
	if tables := f.tablesHolding("Zebra"); len(tables) != 0 {
		t.Fatalf("text still in %v", tables)
	}
	if res := f.verify(nil); !res.OK() {
		t.Fatal(res.Problems)
	}
}
