package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/internal/smtptest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/server"
)

// runOutbox runs every job that is due, twice over (a handler may publish
// further jobs).
func runOutbox(t *testing.T, app *server.App) {
	t.Helper()
	for range 2 {
		if _, err := app.Outbox.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
}

// onlyEmail is the one email that reached to since the last call.
func onlyEmail(t *testing.T, srv *smtptest.Server, to string, seen map[string]int) smtptest.Message {
	t.Helper()
	got := inboxOf(srv, to)
	if len(got) != seen[to]+1 {
		t.Fatalf("%s has %d emails, want %d", to, len(got), seen[to]+1)
	}
	seen[to]++
	return got[len(got)-1]
}

// TestOperatorReviewsAnApplication: the applicant is emailed when they
// apply; the operator opens the applicant's draft products, read-only,
// and rejects the application with a reason, which is logged and emailed;
// the applicant's admin says why and keeps their data reachable.
func TestOperatorReviewsAnApplication(t *testing.T) {
	app, srv := mailedApp(t)
	ctx := t.Context()
	seen := map[string]int{}
	applicant := malltest.SignedIn(t, app, malltest.Account(t, app, "ana@romeo.test", "Ana"))
	applicant.Get("/sell")
	if p := applicant.Post("/sell", url.Values{"name": {"Romeo Tea"}, "slug": {"romeo"}, "description": {"Teas"}, "contact_email": {"ana@romeo.test"}}); p.Status != 303 {
		t.Fatalf("apply: %d", p.Status)
	}
	runOutbox(t, app)
	e := onlyEmail(t, srv, "ana@romeo.test", seen)
	if e.Subject != "We have your application for Romeo Tea" || !strings.Contains(e.Text, "will email you the decision") {
		t.Errorf("application email %q:\n%s", e.Subject, e.Text)
	}
	m, _ := app.Merchants.MerchantBySlug(ctx, "romeo")
	form := maProductForm("Draft oolong")
	form.Set("status", "draft")
	form.Set("description", "Roasted **oolong**.")
	if p := applicant.PostMultipart("/admin/products", form); p.Status != 303 {
		t.Fatalf("draft: %d", p.Status)
	}

	op := malltest.SignedIn(t, app, malltest.Operator(t, app))
	page := "/operator/merchants/" + itoa(m.ID)
	p := op.Get(page)
	if p.Attr(`[data-testid="merchant-products"]`, "href") != page+"/products" || p.Doc.Find(`[data-testid="reject-form"]`).Length() != 1 {
		t.Fatal("merchant page offers neither the products nor the reject form")
	}
	p = op.Get(page + "/products")
	if p.Status != 200 || p.Text(`[data-testid="operator-product"] a`) != "Draft oolong" || p.Text(`[data-testid="operator-product-status"]`) != "Draft" {
		t.Fatalf("products: %d %q", p.Status, p.Text(`[data-testid="operator-products"]`))
	}
	href := p.Attr(`[data-testid="operator-product"] a`, "href")
	p = op.Get(href)
	if p.Status != 200 || !strings.Contains(p.Text(`[data-testid="operator-product-description"] strong`), "oolong") {
		t.Fatalf("product: %d %q", p.Status, p.Text(`[data-testid="operator-product-description"]`))
	}
	if n := p.Doc.Find(`main form`).Length(); n != 0 {
		t.Errorf("the operator's product page has %d forms", n)
	}
	// Another shop's product under this merchant's address is not found.
	other, _, ob := malltest.Shop(t, app, "sierra", true)
	ob.PostMultipart("/admin/products", maProductForm("Other tee"))
	otherProduct, _ := app.Catalog.ProductBySlug(ctx, other.ID, "other-tee")
	if p := op.Get(page + "/products/" + itoa(otherProduct.ID)); p.Status != 404 {
		t.Errorf("another shop's product under romeo: %d", p.Status)
	}

	// A rejection needs a reason, kept on the page when missing.
	op.Get(page)
	if p := op.Post(page+"/reject", url.Values{"reason": {" "}}); p.Status != 422 || p.Doc.Find(`[data-testid="reject-form"] #field-reason-error`).Length() != 1 {
		t.Fatalf("reject without reason: %d", p.Status)
	}
	if p := op.Post(page+"/reject", url.Values{"reason": {"We only host tea grown by the seller."}}); p.Status != 303 {
		t.Fatalf("reject: %d", p.Status)
	}
	got, _ := app.Merchants.MerchantByID(ctx, m.ID)
	if got.Status != merchants.MerchantRejected {
		t.Fatalf("status %q", got.Status)
	}
	p = op.Get(page)
	if p.Text(`[data-testid="merchant-status"]`) != "Not approved" || !strings.Contains(p.Text(`[data-testid="merchant-log"]`), "Application rejected") ||
		!strings.Contains(p.Text(`[data-testid="merchant-log"]`), "We only host tea grown by the seller.") {
		t.Errorf("after rejection: %q / %q", p.Text(`[data-testid="merchant-status"]`), p.Text(`[data-testid="merchant-log"]`))
	}
	runOutbox(t, app)
	e = onlyEmail(t, srv, "ana@romeo.test", seen)
	if e.Subject != "Your application for Romeo Tea was not approved" || !strings.Contains(e.Text, "The operator's reason: We only host tea grown by the seller.") {
		t.Errorf("rejection email %q:\n%s", e.Subject, e.Text)
	}
	// The applicant sees why, can take their data, and changes nothing.
	p = applicant.Get("/admin")
	if p.Text(`[data-testid="suspended-reason"]`) != "We only host tea grown by the seller." || p.Doc.Find(`[data-testid="suspended-export"]`).Length() != 1 {
		t.Errorf("applicant's banner: %q", p.Text(`[data-testid="suspended-banner"]`))
	}
	if p := applicant.PostMultipart("/admin/products", maProductForm("After rejection")); p.Status != 403 || !strings.Contains(p.Text(`[data-testid="error-message"]`), "did not approve") {
		t.Errorf("rejected shop adds a product: %d", p.Status)
	}
	// The shop stays closed to shoppers.
	if p := malltest.NewBrowser(t, app).Get("/s/romeo"); p.Status != 404 {
		t.Errorf("rejected shop's storefront: %d", p.Status)
	}
}

// TestMerchantIsEmailedEveryDecision: approval, suspension (with the
// reason) and reinstatement each reach the merchant's contact address
// once, and each is in the merchant's log.
func TestMerchantIsEmailedEveryDecision(t *testing.T) {
	app, srv := mailedApp(t)
	ctx := t.Context()
	seen := map[string]int{}
	m, _, _ := malltest.Shop(t, app, "tango", false)
	runOutbox(t, app)
	onlyEmail(t, srv, m.ContactEmail, seen)
	op := malltest.SignedIn(t, app, malltest.Operator(t, app))
	page := "/operator/merchants/" + itoa(m.ID)
	steps := []struct {
		action  string
		form    url.Values
		subject string
		text    string
	}{
		{"approve", nil, "Shop tango is open", "Your storefront: http://mall.test/s/tango"},
		{"suspend", url.Values{"reason": {"Unpaid commission"}}, "Shop tango is suspended", "The operator's reason: Unpaid commission"},
		{"reinstate", nil, "Shop tango is open again", "shoppers can see it and buy from it again"},
	}
	for _, s := range steps {
		op.Get(page)
		if p := op.Post(page+"/"+s.action, s.form); p.Status != 303 {
			t.Fatalf("%s: %d", s.action, p.Status)
		}
		runOutbox(t, app)
		e := onlyEmail(t, srv, m.ContactEmail, seen)
		if e.Subject != s.subject || !strings.Contains(e.Text, s.text) {
			t.Errorf("%s email %q:\n%s", s.action, e.Subject, e.Text)
		}
	}
	events, _ := app.Merchants.MerchantEvents(ctx, m.ID)
	var kinds []string
	for _, e := range events {
		kinds = append(kinds, string(e.Kind))
	}
	if got := strings.Join(kinds, " "); got != "reinstated suspended approved applied" {
		t.Errorf("log %q", got)
	}
}
