package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/reviews"
)

// TestReportRemoveAppealThroughThePages: the shop reports a review (it
// stays up), an operator removes it for a listed reason with a statement
// (the product says one review is withheld and why, the transparency page
// counts it), the reviewer appeals once, the remover cannot decide the
// appeal, a second operator restores it.
func TestReportRemoveAppealThroughThePages(t *testing.T) {
	app := malltest.NewApp(t)
	m, owner, shop := malltest.Shop(t, app, "alpha", true)
	o := maSeedShop(t, app, shop, m, owner.ID)
	id := itoa(o.Review)
	ctx := t.Context()
	visitor := malltest.NewBrowser(t, app)
	product := "/s/alpha/p/tee-alpha"

	shop.Get("/admin/reviews")
	if p := shop.Post("/admin/reviews/"+id+"/report", url.Values{"reason": {"one_star"}, "note": {"unfair"}}); p.Status != http.StatusUnprocessableEntity ||
		p.Doc.Find(`textarea[name="note"]`).Text() != "unfair" {
		t.Fatalf("report with an unlisted reason: %d", p.Status)
	}
	if p := shop.Post("/admin/reviews/"+id+"/report", url.Values{"reason": {"personal_data"}, "note": {"It names our courier"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("report: %d", p.Status)
	}
	if n := visitor.Get(product).Doc.Find(`[data-testid="review"]`).Length(); n != 1 {
		t.Fatalf("a report took the review down: %d shown", n)
	}
	if p := shop.Get("/operator/reviews"); p.Status != http.StatusForbidden || p.Doc.Find(`[data-testid="queue-item"]`).Length() != 0 {
		t.Fatalf("the shop opens the moderation queue: %d", p.Status)
	}

	op1 := malltest.SignedIn(t, app, malltest.Operator(t, app))
	second, err := app.Accounts.CreateOperator(ctx, "second@mall.test", "Second", malltest.Password)
	if err != nil {
		t.Fatal(err)
	}
	op2 := malltest.SignedIn(t, app, second)
	q := op1.Get("/operator/reviews")
	if q.Doc.Find(`[data-testid="queue-item"]`).Length() != 1 || !strings.Contains(q.Text(`[data-testid="queue-report"]`), "It names our courier") {
		t.Fatalf("queue: %q", q.Text(`main`))
	}
	if p := op1.Post("/operator/reviews/"+id+"/remove", url.Values{"reason": {"personal_data"}, "statement": {"short"}}); p.Status != http.StatusUnprocessableEntity ||
		p.Doc.Find(`[data-testid="remove-form"] textarea[name="statement"]`).Text() != "short" {
		t.Fatalf("removal without a statement: %d", p.Status)
	}
	statement := "The review gives the courier's full name and phone number."
	if p := op1.Post("/operator/reviews/"+id+"/remove", url.Values{"reason": {"personal_data"}, "statement": {statement}}); p.Status != http.StatusSeeOther {
		t.Fatalf("removal: %d", p.Status)
	}
	page := visitor.Get(product)
	if page.Doc.Find(`[data-testid="review"]`).Length() != 0 || !strings.Contains(page.Text(`[data-testid="reviews-withheld"]`), i18n.Translate(i18n.English, "reviews.reason.personal_data")) {
		t.Fatalf("product after removal: %q", page.Text(`[data-testid="product-reviews"]`))
	}
	tp := visitor.Get("/reviews/transparency")
	if tp.Text(`[data-testid="t-received"]`) != "1" || tp.Text(`[data-testid="t-removed"]`) != "1" {
		t.Fatalf("transparency: %q", tp.Text(`main`))
	}
	if !strings.Contains(shop.Get("/admin/reviews").Text(`[data-testid="admin-review-removed"]`), statement) {
		t.Fatal("the shop does not see the statement of reasons")
	}

	r, _ := app.Reviews.ReviewAcrossMall(ctx, o.Review)
	reviewer, err := app.Accounts.AccountByID(ctx, *r.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	rb := malltest.SignedIn(t, app, reviewer)
	mine := rb.Get("/account/reviews")
	if !strings.Contains(mine.Text(`[data-testid="my-review-removed"]`), statement) || mine.Doc.Find(`[data-testid="appeal-form"]`).Length() != 1 {
		t.Fatalf("the reviewer's page: %q", mine.Text(`[data-testid="reviews-written"]`))
	}
	if p := rb.Post("/account/reviews/"+id+"/appeal", url.Values{"appeal": {"The number is the shop's own hotline."}}); p.Status != http.StatusSeeOther {
		t.Fatalf("appeal: %d", p.Status)
	}
	if p := rb.Post("/account/reviews/"+id+"/appeal", url.Values{"appeal": {"Again"}}); p.Status != http.StatusConflict {
		t.Fatalf("second appeal: %d", p.Status)
	}
	restore := func() url.Values {
		return url.Values{"outcome": {"restore"}, "statement": {"The number is the shop's public hotline, not personal data."}}
	}
	op1.Get("/operator/reviews")
	if p := op1.Post("/operator/reviews/"+id+"/appeal", restore()); p.Status != http.StatusForbidden ||
		!strings.Contains(p.Body, i18n.Translate(i18n.English, "reviews.error.same_operator")) {
		t.Fatalf("the remover decides the appeal: %d", p.Status)
	}
	op2.Get("/operator/reviews")
	if p := op2.Post("/operator/reviews/"+id+"/appeal", restore()); p.Status != http.StatusSeeOther {
		t.Fatalf("appeal decision: %d %s", p.Status, p.Text("main"))
	}
	if n := visitor.Get(product).Doc.Find(`[data-testid="review"]`).Length(); n != 1 {
		t.Fatalf("restored review not shown: %d", n)
	}
	tr, _ := app.Reviews.TransparencyAcrossMall(ctx)
	if tr.Removed != 0 || tr.AppealsRestored != 1 || tr.ReportsByStatus[reviews.ReportUpheld] != 1 {
		t.Fatalf("transparency %+v", tr)
	}
	if res, err := reviews.Verify(ctx, app.Reviews, nil); err != nil || !res.OK() || res.Size != 3 {
		t.Fatalf("log: %v %+v", err, res)
	}
}
