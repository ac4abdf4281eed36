package storefront_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/reviews"
)

func TestShopperErasesTheirReviewFromTheAccountPage(t *testing.T) {
	m := newBuyingMall(t)
	adaAccount := malltest.Account(t, m.app, "ada@example.test", "Ada")
	ada := malltest.SignedIn(t, m.app, adaAccount)
	bo := malltest.SignedIn(t, m.app, malltest.Account(t, m.app, "bo@example.test", "Bo"))
	o := deliveredKettle(t, m, ada, adaAccount.ID)
	r, err := m.app.Reviews.Submit(t.Context(), adaAccount.ID, o.Lines[0].ID, reviews.Input{Rating: 5, Body: "Boils in a minute, says Ada Lovelace"})
	if err != nil {
		t.Fatal(err)
	}
	visitor := m.visitor()
	if p := visitor.Get("/s/acme/p/steel-kettle"); !strings.Contains(p.Text(`[data-testid="review-body"]`), "Ada Lovelace") {
		t.Fatal("the review is not on the product page")
	}
	mine := ada.Get("/account/reviews")
	action := mine.Attr(`[data-testid="erase-form"]`, "action")
	if action != "/account/reviews/"+itoa(r.ID)+"/erase" {
		t.Fatalf("erase form posts to %q", action)
	}
	// Bo cannot erase Ada's review.
	bo.Get("/account")
	if p := bo.Post(action, url.Values{}); p.Status != http.StatusNotFound {
		t.Fatalf("Bo erases Ada's review: %d", p.Status)
	}
	if p := ada.Post(action, url.Values{}); p.Status != http.StatusSeeOther {
		t.Fatalf("erase: %d\n%s", p.Status, p.Text(`[data-testid="error-message"]`))
	}
	page := visitor.Get("/s/acme/p/steel-kettle")
	if strings.Contains(page.Text(`[data-testid="product-reviews"]`), "Ada Lovelace") {
		t.Fatal("the erased text is still on the product page")
	}
	if got := page.Text(`[data-testid="review-erased"]`); got != "Review removed at the reviewer's request." {
		t.Fatalf("erased notice %q", got)
	}
	if page.Doc.Find(`[data-testid="review-rating"]`).Length() != 0 {
		t.Fatal("the erased review still shows its stars")
	}
	res, err := reviews.Verify(t.Context(), m.app.Reviews, nil)
	if err != nil || !res.OK() || res.Erased != 1 {
		t.Fatalf("verify after erasure: %v %+v", err, res)
	}
}
