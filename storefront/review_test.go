package storefront_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

// deliveredKettle has ada buy the kettle signed in and the shop deliver
// it; it returns the order.
func deliveredKettle(t *testing.T, m *buyingMall, ada *malltest.Browser, accountID int64) *orders.Order {
	t.Helper()
	add(t, ada, "/s/acme/p/steel-kettle", 1)
	checkOut(t, ada, "ada@example.test")
	list, _, err := m.app.Orders.OrdersOfAccount(t.Context(), accountID, 1, 10)
	if err != nil || len(list) == 0 {
		t.Fatalf("orders: %v %v", list, err)
	}
	o := list[0]
	staff := orders.Actor{Kind: orders.ActorStaff}
	ctx := t.Context()
	if err := m.app.Orders.ConfirmOfflinePayment(ctx, m.acme.ID, o.ID, staff); err != nil {
		t.Fatal(err)
	}
	if err := m.app.Orders.MarkShipped(ctx, m.acme.ID, o.ID, "DHL", "JD1", staff); err != nil {
		t.Fatal(err)
	}
	if err := m.app.Orders.MarkDelivered(ctx, m.acme.ID, o.ID, staff); err != nil {
		t.Fatal(err)
	}
	got, err := m.app.Orders.OrderInMerchant(ctx, m.acme.ID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestBuyerReviewsFromTheOrderPageAndTheProductShowsIt(t *testing.T) {
	m := newBuyingMall(t)
	adaAccount := malltest.Account(t, m.app, "ada@example.test", "Ada")
	ada := malltest.SignedIn(t, m.app, adaAccount)
	bo := malltest.SignedIn(t, m.app, malltest.Account(t, m.app, "bo@example.test", "Bo"))
	visitor := m.visitor()

	// Before delivery there is nothing to review.
	if p := ada.Get("/account/reviews"); p.Status != 200 || p.Doc.Find(`[data-testid="reviews-to-write-none"]`).Length() != 1 {
		t.Fatalf("reviews to write before buying: %d", p.Status)
	}
	// The product page is cached with no reviews.
	if p := visitor.Get("/s/acme/p/steel-kettle"); p.Doc.Find(`[data-testid="reviews-none"]`).Length() != 1 {
		t.Fatalf("product page before any review:\n%s", p.Text(`[data-testid="product-reviews"]`))
	}

	o := deliveredKettle(t, m, ada, adaAccount.ID)
	line := o.Lines[0].ID
	orderPage := ada.Get("/account/orders/" + itoa(o.ID))
	link := orderPage.Attr(`[data-testid="order-line"] a[data-testid="write-review"]`, "href")
	if link != "/account/reviews/new?line="+itoa(line) {
		t.Fatalf("write-review link %q", link)
	}
	if href := ada.Get("/account/reviews").Attr(`[data-testid="reviews-to-write"] a[data-testid="write-review"]`, "href"); href != link {
		t.Fatalf("reviews you can write links %q", href)
	}
	// Someone else's line does not exist for Bo.
	if p := bo.Get(link); p.Status != http.StatusNotFound {
		t.Fatalf("Bo opens Ada's review form: %d", p.Status)
	}
	if p := bo.Post("/account/reviews", url.Values{"line": {itoa(line)}, "rating": {"1"}}); p.Status != http.StatusNotFound {
		t.Fatalf("Bo reviews Ada's line: %d", p.Status)
	}

	form := ada.Get(link)
	if form.Status != 200 || !strings.Contains(form.Text(`[data-testid="review-form-product"]`), "Steel Kettle") {
		t.Fatalf("form: %d", form.Status)
	}
	body := "<script>alert(1)</script> Boils fast."
	bad := ada.Post("/account/reviews", url.Values{"line": {itoa(line)}, "rating": {"0"}, "title": {"Great"}, "body": {body}})
	if bad.Status != http.StatusUnprocessableEntity {
		t.Fatalf("rating 0: %d", bad.Status)
	}
	if got := bad.Doc.Find(`textarea[name="body"]`).Text(); got != body || bad.Attr(`input[name="title"]`, "value") != "Great" {
		t.Fatalf("input not kept: %q", got)
	}
	if bad.Text(`[data-testid="error-rating"]`) != i18n.Translate(i18n.English, "reviews.error.rating") {
		t.Fatalf("rating error %q", bad.Text(`[data-testid="error-rating"]`))
	}
	ok := ada.Post("/account/reviews", url.Values{"line": {itoa(line)}, "rating": {"5"}, "title": {"Great"}, "body": {body}})
	if ok.Status != http.StatusSeeOther || ok.Location != "/account/reviews" {
		t.Fatalf("publish: %d %q", ok.Status, ok.Location)
	}
	if again := ada.Post("/account/reviews", url.Values{"line": {itoa(line)}, "rating": {"4"}}); again.Status != http.StatusConflict {
		t.Fatalf("second review: %d", again.Status)
	}
	if ada.Get("/account/orders/"+itoa(o.ID)).Doc.Find(`a[data-testid="write-review"]`).Length() != 0 {
		t.Fatal("the order still offers a review")
	}

	// The cached product page shows it at once.
	p := visitor.Get("/s/acme/p/steel-kettle")
	if got := p.Text(`[data-testid="rating-average"]`); got != "5.0" {
		t.Fatalf("average %q", got)
	}
	rv := p.Doc.Find(`[data-testid="review"]`)
	if rv.Length() != 1 || rv.Find(`[data-testid="review-verified"]`).Length() != 1 {
		t.Fatalf("reviews on the page: %d", rv.Length())
	}
	if strings.Contains(p.Body, "<script>alert(1)") || !strings.Contains(rv.Find(`[data-testid="review-body"]`).Text(), "<script>alert(1)</script>") {
		t.Fatal("the review text is not escaped")
	}
	enCtx := i18n.WithLocale(t.Context(), i18n.English)
	if !strings.Contains(p.Text(`[data-testid="review-dates"]`), i18n.Date(enCtx, o.PlacedAt)) {
		t.Fatalf("dates %q", p.Text(`[data-testid="review-dates"]`))
	}
	if !strings.Contains(p.Body, `"aggregateRating"`) || !strings.Contains(p.Body, `"ratingCount":1`) || !strings.Contains(p.Body, `"reviewRating"`) {
		t.Fatal("JSON-LD carries no rating")
	}
	if href := p.Attr(`[data-testid="rating-bar-5"]`, "href"); href != "/s/acme/p/steel-kettle?reviews_stars=5#reviews" {
		t.Fatalf("histogram link %q", href)
	}
	if n := visitor.Get("/s/acme/p/steel-kettle?reviews_stars=2").Doc.Find(`[data-testid="review"]`).Length(); n != 0 {
		t.Fatalf("2-star filter lists %d", n)
	}

	// The receipt checks offline against the signed checkpoint.
	receipt := visitor.Get(rv.Find(`[data-testid="review-receipt"]`).AttrOr("href", ""))
	var rc reviews.Receipt
	if err := json.Unmarshal([]byte(receipt.Body), &rc); err != nil {
		t.Fatalf("receipt %d: %v", receipt.Status, err)
	}
	v, err := note.NewVerifier(strings.TrimSpace(visitor.Get("/reviews/log/key").Body))
	if err != nil {
		t.Fatal(err)
	}
	n, err := note.Open([]byte(rc.Checkpoint), note.VerifierList(v))
	if err != nil {
		t.Fatal(err)
	}
	cp, _ := reviews.ParseCheckpoint(n.Text)
	if err := tlog.CheckRecord(rc.Proof, cp.Size, cp.Root, rc.Index, tlog.RecordHash([]byte(rc.Data))); err != nil {
		t.Fatal(err)
	}

	// Ada edits: the old version stays visible.
	mine := ada.Get("/account/reviews")
	edit := mine.Attr(`a[data-testid="edit-review"]`, "href")
	if p := ada.Get(edit); p.Status != 200 || p.Attr(`input[name="rating"][checked]`, "value") != "5" {
		t.Fatalf("edit form %d", p.Status)
	}
	action := strings.TrimSuffix(edit, "/edit")
	if p := bo.Post(action, url.Values{"rating": {"1"}}); p.Status != http.StatusNotFound {
		t.Fatalf("Bo edits Ada's review: %d", p.Status)
	}
	if p := ada.Post(action, url.Values{"rating": {"3"}, "body": {"Lid broke after a week."}}); p.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d", p.Status)
	}
	p = visitor.Get("/s/acme/p/steel-kettle")
	if p.Text(`[data-testid="rating-average"]`) != "3.0" || p.Doc.Find(`[data-testid="review-history"]`).Length() != 1 {
		t.Fatalf("after the edit: %q", p.Text(`[data-testid="rating-summary"]`))
	}

	// The shop refunds: the review stays, out of the rating, saying why.
	ref, err := m.app.Orders.PrepareRefund(t.Context(), m.acme.ID, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: line, Quantity: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.app.Orders.CompleteRefund(t.Context(), m.acme.ID, ref.ID, "", "", orders.Actor{Kind: orders.ActorStaff}); err != nil {
		t.Fatal(err)
	}
	p = visitor.Get("/s/acme/p/steel-kettle")
	if p.Doc.Find(`[data-testid="rating-average"]`).Length() != 0 || p.Doc.Find(`[data-testid="rating-average-none"]`).Length() != 1 {
		t.Fatalf("rating after the refund: %q", p.Text(`[data-testid="rating-summary"]`))
	}
	if got := p.Text(`[data-testid="review-unverified"]`); got != i18n.Translate(i18n.English, "reviews.mark.refunded") {
		t.Fatalf("reason %q", got)
	}
	if strings.Contains(p.Body, `"aggregateRating"`) {
		t.Fatal("JSON-LD still carries the rating")
	}
}

// TestReviewLogEndpoints serves what a verifier needs, and refuses proofs
// outside the log.
func TestReviewLogEndpoints(t *testing.T) {
	m := newBuyingMall(t)
	visitor := m.visitor()
	cp := visitor.Get("/reviews/log/checkpoint")
	if cp.Status != 200 || !strings.HasPrefix(cp.Body, "mall.test/reviews\n0\n") {
		t.Fatalf("checkpoint %d %q", cp.Status, cp.Body)
	}
	if p := visitor.Get("/reviews/log/leaves"); p.Status != 200 || strings.TrimSpace(p.Body) != `{"leaves":[]}` {
		t.Fatalf("leaves %d %q", p.Status, p.Body)
	}
	if p := visitor.Get("/reviews/log/proof/inclusion?index=0&size=1"); p.Status != http.StatusUnprocessableEntity && p.Status != http.StatusBadRequest {
		t.Fatalf("proof beyond the log: %d", p.Status)
	}
	if p := visitor.Get("/reviews/log/leaves?start=-1"); p.Status == 200 || p.Status >= 500 {
		t.Fatalf("negative start: %d", p.Status)
	}
	if p := visitor.Get("/reviews/log/receipt/0"); p.Status != http.StatusNotFound {
		t.Fatalf("receipt of no leaf: %d", p.Status)
	}
}
