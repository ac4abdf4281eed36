package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/server"
)

// linkedReview has a new account buy variant from one browser (device)
// and review it at once; it returns the review's id.
func linkedReview(t *testing.T, app *server.App, m *merchants.Merchant, variant int64, email, device string) int64 {
	t.Helper()
	ctx := t.Context()
	buyer := malltest.Account(t, app, email, "Buyer")
	owner := orders.CartOwner{AccountID: buyer.ID}
	if err := app.Orders.AddToCart(ctx, owner, variant, 1); err != nil {
		t.Fatal(err)
	}
	q, err := app.Orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	co, err := app.Orders.PlaceCheckout(ctx, orders.PlaceRequest{
		Owner: owner, Email: email, Provider: orders.ProviderOffline, ExpectedTotal: q.Total, DeviceToken: device,
		Address: orders.Address{Name: "Buyer", Line1: email + " Road", City: "Central", Region: "Hong Kong Island", Country: "HK"},
	})
	if err != nil {
		t.Fatal(err)
	}
	o := co.Orders[0]
	staff := orders.Actor{Kind: orders.ActorStaff}
	for _, step := range []func() error{
		func() error { return app.Orders.ConfirmOfflinePayment(ctx, m.ID, o.ID, staff) },
		func() error { return app.Orders.MarkShipped(ctx, m.ID, o.ID, "DHL", "JD1", staff) },
		func() error { return app.Orders.MarkDelivered(ctx, m.ID, o.ID, staff) },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	r, err := app.Reviews.Submit(ctx, buyer.ID, o.Lines[0].ID, reviews.Input{Rating: 5, Body: "Superb, " + email})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// TestOperatorSeesSignalsAndTheLinkedBuyers: reviews by buyers on one
// browser join the operator's queue unreported, highest score first,
// with their signals in words and a page of the linked buyers (emails
// masked); the shop sees the signals on its own reviews, without the
// buyers' page; nothing about the reviews changes.
func TestOperatorSeesSignalsAndTheLinkedBuyers(t *testing.T) {
	app := malltest.NewApp(t)
	m, owner, shopB := malltest.Shop(t, app, "alpha", true)
	o := maSeedShop(t, app, shopB, m, owner.ID)
	a := linkedReview(t, app, m, o.Variant, "ann@buyers.test", "one-browser")
	b := linkedReview(t, app, m, o.Variant, "ben@buyers.test", "one-browser")
	runOutbox(t, app) // the worker computes the shop's signals
	opB := malltest.SignedIn(t, app, malltest.Operator(t, app))

	p := opB.Get("/operator/reviews")
	items := p.Doc.Find(`[data-testid="queue-item"]`)
	if items.Length() < 2 {
		t.Fatalf("queue holds %d reviews:\n%s", items.Length(), p.Text("main"))
	}
	first, _ := items.Eq(0).Attr("data-review-id")
	if first != itoa(a) && first != itoa(b) {
		t.Errorf("the linked reviews are not first: %s", first)
	}
	text := p.Text(`[data-review-id="` + itoa(a) + `"] [data-testid="integrity"]`)
	if !strings.Contains(text, "Linked to other buyers through a browser: 2 buyers in the group") || !strings.Contains(text, "Integrity score") {
		t.Fatalf("signals of the linked review: %q", text)
	}
	group := p.Attr(`[data-review-id="`+itoa(a)+`"] [data-testid="integrity-group"]`, "href")
	if group == "" {
		t.Fatal("no link to the linked buyers")
	}
	g := opB.Get(group)
	if g.Status != 200 || g.Doc.Find(`[data-testid="group-member"]`).Length() != 2 {
		t.Fatalf("group page %d:\n%s", g.Status, g.Text("main"))
	}
	emails := g.Text(`[data-testid="group-member"] [data-testid="group-email"]`)
	if !strings.Contains(emails, "a***@buyers.test") || strings.Contains(emails, "ann@") {
		t.Errorf("emails shown as %q", emails)
	}
	if g.Doc.Find(`[data-testid="group-order"]`).Length() != 2 || g.Doc.Find(`[data-testid="group-review"]`).Length() != 2 {
		t.Errorf("group orders/reviews: %s", g.Text("main"))
	}

	mine := shopB.Get("/admin/reviews")
	if !strings.Contains(mine.Text(`[data-review-id="`+itoa(a)+`"] [data-testid="integrity"]`), "Linked to other buyers") {
		t.Errorf("the shop does not see its review's signals: %q", mine.Text(`[data-review-id="`+itoa(a)+`"]`))
	}
	if mine.Doc.Find(`[data-testid="integrity-group"]`).Length() != 0 {
		t.Error("the shop is shown the linked buyers' page")
	}
	if p := shopB.Get(group); p.Status != 403 {
		t.Errorf("the shop opens the linked buyers' page: %d", p.Status)
	}
	for _, id := range []int64{a, b} {
		r, err := app.Reviews.ReviewAcrossMall(t.Context(), id)
		if err != nil || r.Status != reviews.StatusPublished || !r.Verified {
			t.Errorf("review %d changed: %+v %v", id, r, err)
		}
	}
}

// TestOperatorClosesARewardCase: the operator lists the shoppers' cases,
// closes one only with a statement (422 with the form kept otherwise),
// and the closed case shows its outcome.
func TestOperatorClosesARewardCase(t *testing.T) {
	app := malltest.NewApp(t)
	m, owner, shopB := malltest.Shop(t, app, "alpha", true)
	o := maSeedShop(t, app, shopB, m, owner.ID)
	opB := malltest.SignedIn(t, app, malltest.Operator(t, app))
	p := opB.Get("/operator/reviews/cases")
	if p.Doc.Find(`[data-case-id="`+itoa(o.Case)+`"]`).Length() != 1 || !strings.Contains(p.Text(`[data-testid="case-body"]`), "offering money") {
		t.Fatalf("cases page:\n%s", p.Text("main"))
	}
	action := "/operator/reviews/cases/" + itoa(o.Case) + "/close"
	bad := opB.Post(action, url.Values{"outcome": {string(reviews.CaseFounded)}, "statement": {"Too short"}})
	if bad.Status != 422 || !strings.Contains(bad.Doc.Find(`[data-case-id="`+itoa(o.Case)+`"] textarea[name="statement"]`).Text(), "Too short") {
		t.Fatalf("short statement: %d", bad.Status)
	}
	if p := opB.Post("/operator/reviews/cases/999999/close", url.Values{"outcome": {string(reviews.CaseFounded)}, "statement": {"x"}}); p.Status != 404 {
		t.Errorf("no such case: %d", p.Status)
	}
	ok := opB.Post(action, url.Values{"outcome": {string(reviews.CaseFounded)}, "statement": {"The photo shows the shop's card offering a refund for five stars."}})
	if ok.Status != 303 {
		t.Fatalf("close: %d", ok.Status)
	}
	after := opB.Get("/operator/reviews/cases")
	if !strings.Contains(after.Text(`[data-testid="case-closed"]`), "Founded") || after.Doc.Find(`[data-testid="case"]`).Length() != 0 {
		t.Errorf("after closing:\n%s", after.Text("main"))
	}
	d, err := app.Reviews.CaseDecisions(t.Context(), o.Case)
	if err != nil || len(d) != 1 || d[0].Outcome != reviews.CaseFounded {
		t.Errorf("decisions %+v %v", d, err)
	}
}
