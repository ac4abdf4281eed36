package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/server"
)

// seedReview has a new shopper buy variant from m, the shop deliver it,
// and the shopper review it with 2 stars; it returns the review id.
func seedReview(t *testing.T, app *server.App, m *merchants.Merchant, variant int64, email string) int64 {
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
		Owner: owner, Email: email, Provider: orders.ProviderOffline, ExpectedTotal: q.Total,
		Address: orders.Address{Name: "Buyer", Line1: "1 Harbour Road", City: "Hong Kong", PostalCode: "999077", Country: "HK"},
	})
	if err != nil {
		t.Fatalf("place: %v", err)
	}
	o := co.Orders[0]
	staff := orders.Actor{Kind: orders.ActorStaff}
	if err := app.Orders.ConfirmOfflinePayment(ctx, m.ID, o.ID, staff); err != nil {
		t.Fatal(err)
	}
	if err := app.Orders.MarkShipped(ctx, m.ID, o.ID, "DHL", "JD1", staff); err != nil {
		t.Fatal(err)
	}
	if err := app.Orders.MarkDelivered(ctx, m.ID, o.ID, staff); err != nil {
		t.Fatal(err)
	}
	full, err := app.Orders.OrderInMerchant(ctx, m.ID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	r, err := app.Reviews.Submit(ctx, buyer.ID, full.Lines[0].ID, reviews.Input{Rating: 2, Title: "Meh", Body: "Arrived scratched."})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// TestMerchantRepliesButCannotTouchReviews: the shop lists its reviews and
// replies once (edits keep history); every attempt to change, hide or
// delete a review is refused and changes nothing.
func TestMerchantRepliesButCannotTouchReviews(t *testing.T) {
	app := malltest.NewApp(t)
	m, owner, b := malltest.Shop(t, app, "alpha", true)
	o := maSeedShop(t, app, b, m, owner.ID)
	id := itoa(o.Review)
	ctx := t.Context()

	p := b.Get("/admin/reviews")
	if p.Status != 200 || p.Doc.Find(`[data-testid="admin-review"]`).Length() != 1 || !strings.Contains(p.Text(`[data-testid="admin-review-body"]`), "Arrived scratched.") {
		t.Fatalf("review list: %d", p.Status)
	}
	if p := b.Post("/admin/reviews/"+id+"/reply", url.Values{"reply": {"   "}}); p.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.Text(`[data-testid="admin-review"]`), i18n.Translate(i18n.English, "reviews.error.reply_empty")) {
		t.Fatalf("empty reply: %d", p.Status)
	}
	long := strings.Repeat("x", reviews.MaxReply+1)
	if p := b.Post("/admin/reviews/"+id+"/reply", url.Values{"reply": {long}}); p.Status != http.StatusUnprocessableEntity || p.Doc.Find(`textarea[name="reply"]`).Text() != long {
		t.Fatalf("long reply: %d", p.Status)
	}
	if p := b.Post("/admin/reviews/"+id+"/reply", url.Values{"reply": {"Sorry! A new one is on its way."}}); p.Status != http.StatusSeeOther {
		t.Fatalf("reply: %d", p.Status)
	}
	if p := b.Post("/admin/reviews/"+id+"/reply", url.Values{"reply": {"Sorry! A new one left today."}}); p.Status != http.StatusSeeOther {
		t.Fatalf("reply edit: %d", p.Status)
	}
	if got := b.Get("/admin/reviews").Text(`[data-testid="admin-review-reply"]`); !strings.Contains(got, "left today") {
		t.Fatalf("reply shown %q", got)
	}

	before, _, _ := app.Reviews.MerchantReviews(ctx, m.ID, reviews.Filter{})
	size, _ := app.Reviews.LogSize(ctx)
	attempts := []string{
		"/admin/reviews/" + id,
		"/admin/reviews/" + id + "/edit",
		"/admin/reviews/" + id + "/hide",
		"/admin/reviews/" + id + "/delete",
		"/account/reviews/" + id,
	}
	for _, path := range attempts {
		b.Get("/admin/reviews")
		if p := b.Post(path, url.Values{"rating": {"5"}, "body": {"Perfect"}, "status": {"hidden"}}); p.Status != http.StatusNotFound {
			t.Errorf("POST %s as the shop: %d, want 404", path, p.Status)
		}
	}
	after, _, _ := app.Reviews.MerchantReviews(ctx, m.ID, reviews.Filter{})
	if len(after) != 1 || after[0].Rating != 2 || after[0].Body != before[0].Body || after[0].Version != 1 {
		t.Fatalf("the review changed: %+v", after)
	}
	if n, _ := app.Reviews.LogSize(ctx); n != size {
		t.Fatalf("the log grew from %d to %d", size, n)
	}
	// The shopper sees both versions of the reply.
	p = malltest.NewBrowser(t, app).Get("/s/alpha/p/tee-alpha")
	if got := p.Text(`[data-testid="review-reply"]`); !strings.Contains(got, "left today") || !strings.Contains(got, "on its way") {
		t.Fatalf("reply on the product page %q", got)
	}
	// Staff cannot review their own shop.
	if err := app.Reviews.Eligible(ctx, owner.ID, after[0].OrderLineID); err == nil {
		t.Fatal("the owner may review")
	}
}
