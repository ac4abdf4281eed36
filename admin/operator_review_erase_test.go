package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/reviews"
)

// TestOperatorErasesAReviewThroughThePage erases a review on the data
// subject's request: a reason is required (422 with the form kept), the
// erasure is listed, the product page shows the notice, the log verifies.
func TestOperatorErasesAReviewThroughThePage(t *testing.T) {
	app := malltest.NewApp(t)
	m, owner, shop := malltest.Shop(t, app, "alpha", true)
	o := maSeedShop(t, app, shop, m, owner.ID)
	id := itoa(o.Review)
	visitor := malltest.NewBrowser(t, app)
	product := "/s/alpha/p/tee-alpha"
	before := visitor.Get(product).Doc.Find(`[data-testid="review-body"]`).Length()
	if before != 1 {
		t.Fatalf("%d review bodies before erasure", before)
	}

	op := malltest.SignedIn(t, app, malltest.Operator(t, app))
	page := op.Get("/operator/reviews")
	if href := page.Attr(`[data-testid="erasures-link"]`, "href"); href != "/operator/reviews/erasures" {
		t.Fatalf("queue links %q", href)
	}
	op.Get("/operator/reviews/erasures")
	if p := op.Post("/operator/reviews/erasures", url.Values{"review": {id}, "reason": {"short"}}); p.Status != http.StatusUnprocessableEntity ||
		p.Attr(`input[name="review"]`, "value") != id || !strings.Contains(p.Text(`.field-error`), "10 to 1000") {
		t.Fatalf("erasure without a reason: %d %q", p.Status, p.Text(`.field-error`))
	}
	if p := op.Post("/operator/reviews/erasures", url.Values{"review": {"999999"}, "reason": {"The reviewer wrote on 2 March."}}); p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("erasure of no review: %d", p.Status)
	}
	if p := op.Post("/operator/reviews/erasures", url.Values{"review": {id}, "reason": {"The reviewer wrote on 2 March."}}); p.Status != http.StatusSeeOther {
		t.Fatalf("erasure: %d %s", p.Status, p.Text(`[data-testid="error-message"]`))
	}
	list := op.Get("/operator/reviews/erasures")
	if got := list.Text(`[data-testid="erasure"]`); !strings.Contains(got, "Review "+id) || !strings.Contains(got, "2 March") {
		t.Fatalf("erasures listed %q", got)
	}
	if p := op.Post("/operator/reviews/erasures", url.Values{"review": {id}, "reason": {"The reviewer wrote on 2 March."}}); p.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(p.Text(`.field-error`), "already erased") {
		t.Fatalf("second erasure: %d %q", p.Status, p.Text(`.field-error`))
	}
	pp := visitor.Get(product)
	if pp.Doc.Find(`[data-testid="review-body"]`).Length() != 0 || pp.Doc.Find(`[data-testid="review-erased"]`).Length() != 1 {
		t.Fatalf("product page after erasure:\n%s", pp.Text(`[data-testid="product-reviews"]`))
	}
	res, err := reviews.Verify(t.Context(), app.Reviews, nil)
	if err != nil || !res.OK() || res.Erased != 1 {
		t.Fatalf("verify: %v %+v", err, res)
	}
}
