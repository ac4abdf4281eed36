package e2e_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/browsertest"
	"github.com/mall-project/mall/internal/smtptest"
	"github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/server"
)

var reviewLinkIn = regexp.MustCompile(`http://\S+/reviews/write/\d+\?\S+`)

// signInAs signs an account in on the sign-in page and waits for where
// the mall sends it (landing, a path).
func signInAs(b *browsertest.Browser, m *testMall, email, landing string) {
	b.Run(
		chromedp.Navigate(m.URL+"/account/sign-in"),
		typeInto(en("account.field.email"), email),
		typeInto(en("account.field.password"), password),
		click(`//form[@data-testid="sign-in-form"]`+button(en("account.sign_in.submit"))),
		waitPage("signed in as "+email, fmt.Sprintf(`location.pathname === %s`, jsString(landing))),
	)
}

// reviewOf is the XPath of the review with that id in an admin list.
func reviewOf(testID string, id int64) string {
	return fmt.Sprintf(`//li[@data-testid=%s and @data-review-id='%d']`, xq(testID), id)
}

// TestReviewsOnlyRealBuyersCanWrite is issue 15's whole story in a
// browser: a guest buys, the shop ships and delivers, the review request
// arrives by SMTP, the buyer follows its link and reviews with a photo;
// the product page shows a verified purchase with the variant, the dates
// and the photo, and the rating in its JSON-LD; the shop replies and
// cannot delete the review; a refund takes it out of the rating with its
// reason; an operator removes another review for a listed reason, its
// author appeals and a second operator decides; the transparency page
// counts the removal; and the command's verifier passes against the
// running mall, then names the review whose rating was changed in the
// database.
func TestReviewsOnlyRealBuyersCanWrite(t *testing.T) {
	smtp := smtptest.Start(t, smtptest.Options{})
	sender, err := mail.NewSMTPSender(smtp.URL(), "Test Mall <reviews@mall.test>")
	if err != nil {
		t.Fatal(err)
	}
	var now atomic.Int64
	now.Store(time.Now().UTC().UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	m := startMall(t, func(o *server.Options) { o.Mail = sender; o.Now = clock })
	m.app.Outbox.SetClock(clock)
	ctx := t.Context()

	acme := m.openShop(t, "acme", "Acme Kitchen")
	kettle := m.addProduct(t, acme, catalog.ProductInput{
		Title: "Steel Kettle", Slug: "steel-kettle", OptionNames: [3]string{"Size"},
		Variants: []catalog.VariantInput{
			{SKU: "KET-S", Options: [3]string{"Small"}, Price: 2500, Currency: "USD", Stock: 10},
			{SKU: "KET-L", Options: [3]string{"Large"}, Price: 3500, Currency: "USD", Stock: 10},
		},
	})
	if _, err := m.app.Orders.CreateShippingMethod(ctx, acme.Merchant.ID, orders.ShippingMethodInput{Name: "Standard", Price: 500, Active: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.app.Accounts.CreateOperator(ctx, "first-operator@mall.test", "First Operator", password); err != nil {
		t.Fatal(err)
	}
	if _, err := m.app.Accounts.CreateOperator(ctx, "second-operator@mall.test", "Second Operator", password); err != nil {
		t.Fatal(err)
	}
	// Bo bought the large kettle earlier (seeded), and reviews it below.
	bo, err := m.app.Accounts.SignUp(ctx, accounts.SignUpInput{Email: "bo@example.test", Name: "Bo", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	boOrder := placeDelivered(t, m, acme, orders.CartOwner{AccountID: bo.ID}, bo.Email, kettle.Variants[1].ID)

	// Each step is one person at one page or two, in a browser of its own
	// (closed when the step ends, each bounded by browsertest.Timeout).
	step := func(name string, fn func(t *testing.T)) {
		t.Helper()
		if !t.Run(name, fn) {
			t.FailNow()
		}
	}
	signedIn := func(t *testing.T, email, landing string) *browsertest.Browser {
		b := browsertest.New(t)
		signInAs(b, m, email, landing)
		return b
	}

	step("a guest buys", func(t *testing.T) {
		browsertest.New(t).Run(
			addToCart(m, "/s/acme/p/steel-kettle", 1),
			chromedp.Navigate(m.URL+"/checkout"),
			typeInto(en("account.field.email"), "ada@example.test"),
			typeInto(en("checkout.address.name"), "Ada Lovelace"),
			typeInto(en("checkout.address.line1"), "12 St James's Square"),
			chooseCountry("GB"),
			typeInto(en("address.label.post_town"), "London"),
			typeInto(en("address.label.postal"), "SW1Y 4JH"),
			click(`//form[@data-testid="checkout-form"]`+button(en("checkout.place"))),
			waitPage("the confirmation", `/^\/checkout\/[0-9a-f]{32}$/.test(location.pathname)`),
		)
	})

	step("the shop confirms the payment, ships and delivers", func(t *testing.T) {
		signedIn(t, acme.Owner.Email, "/admin").Run(
			chromedp.Navigate(m.URL+"/admin/orders"),
			click(link("ACME-1002")),
			waitPage("the order", `/^\/admin\/orders\/\d+$/.test(location.pathname)`),
			click(`//form[@data-testid="confirm-payment-form"]`+button(en("admin.order.confirm_payment"))),
			waitText(testid("flash"), en("admin.order.flash.payment_confirmed")),
			typeInto(en("admin.order.carrier"), "Royal Mail"),
			typeInto(en("admin.order.tracking_number"), "RM123456789GB"),
			click(`//form[@data-testid="ship-form"]`+button(en("admin.order.ship_submit"))),
			waitText(testid("flash"), en("admin.order.flash.shipped")),
			click(`//form[@data-testid="deliver-form"]`+button(en("admin.order.deliver"))),
			waitText(testid("flash"), en("admin.order.flash.delivered")),
		)
	})

	// The request job runs on the shop's day (7 days after delivery).
	if _, err := m.app.Outbox.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	now.Add(int64(7*24*time.Hour + time.Minute))
	if _, err := m.app.Outbox.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	var reviewLink string
	for deadline := time.Now().Add(15 * time.Second); reviewLink == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, msg := range smtp.Messages() {
			if len(msg.To) == 1 && msg.To[0] == "ada@example.test" && msg.Header.Get("List-Unsubscribe") != "" {
				reviewLink = reviewLinkIn.FindString(msg.Text)
			}
		}
	}
	if reviewLink == "" || !strings.HasPrefix(reviewLink, m.URL) {
		t.Fatalf("no review request reached ada: %q", reviewLink)
	}

	// Ada follows the link and reviews with a photo.
	photo := pngFile(t, "kettle-on-the-stove.png")
	step("the buyer follows the emailed link and reviews with a photo", func(t *testing.T) {
		browsertest.New(t).Run(
			chromedp.Navigate(reviewLink),
			waitText("h1", en("reviews.form.title")),
			click(`//form[@data-testid="review-form"]//label[contains(@class,"chip")][.//input[@value='5']]`),
			typeInto(en("reviews.form.review_title"), "Boils in two minutes"),
			typeInto(en("reviews.form.body"), "Quiet, and the handle stays cool."),
			bounded("to attach the photo", chromedp.SetUploadFiles(`#field-photos`, []string{photo}, chromedp.ByQuery)),
			click(`//form[@data-testid="review-form"]`+button(en("reviews.form.submit"))),
			waitText(testid("flash"), en("reviews.flash.published")),
		)
	})
	list, _, err := m.app.Reviews.MerchantReviews(ctx, acme.Merchant.ID, reviews.Filter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("reviews after Ada's: %d %v", len(list), err)
	}
	adaReview := list[0]
	line, err := m.app.Orders.PurchasedLine(ctx, adaReview.OrderLineID)
	if err != nil {
		t.Fatal(err)
	}

	// The product page shows it as a verified purchase, with the variant,
	// the dates and the photo, and carries the rating in its JSON-LD.
	article := fmt.Sprintf(`#review-%d`, adaReview.ID)
	var marks, variant, dates, jsonld string
	var photoLoaded bool
	step("the product page shows the verified purchase", func(t *testing.T) {
		browsertest.New(t).Run(
			chromedp.Navigate(m.URL+"/s/acme/p/steel-kettle"),
			textOf(article+" "+testid("review-verified"), &marks),
			textOf(article+" "+testid("review-variant"), &variant),
			textOf(article+" "+testid("review-dates"), &dates),
			waitJS("the review photo to load", fmt.Sprintf(`(() => { const i = document.querySelector(%s); return !!i && i.complete && i.naturalWidth > 0 })()`,
				jsString(article+` img[data-testid="review-photo"]`))),
			chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%s).complete`, jsString(article+` img[data-testid="review-photo"]`)), &photoLoaded),
			chromedp.Evaluate(`[...document.querySelectorAll('script[type="application/ld+json"]')].map(s => s.textContent).join("\n")`, &jsonld),
		)
	})
	if marks != en("reviews.mark.verified") {
		t.Errorf("marks %q, want %q", marks, en("reviews.mark.verified"))
	}
	if line.VariantTitle == "" || variant != en("reviews.product.variant", "Variant", line.VariantTitle) {
		t.Errorf("variant %q, want the line's %q", variant, line.VariantTitle)
	}
	if !strings.Contains(dates, "Bought") || !strings.Contains(dates, "reviewed") {
		t.Errorf("dates %q", dates)
	}
	if !photoLoaded || !strings.Contains(jsonld, `"aggregateRating"`) || !strings.Contains(jsonld, `"ratingValue":5`) {
		t.Errorf("photo loaded %t; JSON-LD: %s", photoLoaded, jsonld)
	}

	// Bo, signed in, reviews his large kettle.
	step("another buyer reviews", func(t *testing.T) {
		signedIn(t, bo.Email, "/account").Run(
			chromedp.Navigate(m.URL+"/account/reviews"),
			click(`//*[@data-testid="reviews-to-write"]//a[@data-testid="write-review"]`),
			waitText("h1", en("reviews.form.title")),
			click(`//form[@data-testid="review-form"]//label[contains(@class,"chip")][.//input[@value='1']]`),
			typeInto(en("reviews.form.body"), "Call 555-0100 and ask for my neighbour Carol Smith."),
			click(`//form[@data-testid="review-form"]`+button(en("reviews.form.submit"))),
			waitPage("Bo's reviews", `location.pathname === "/account/reviews"`),
		)
	})
	boReview, err := m.app.Reviews.ReviewsOfLines(ctx, []int64{boOrder.Lines[0].ID})
	if err != nil || boReview[boOrder.Lines[0].ID] == nil {
		t.Fatalf("Bo's review: %v", err)
	}
	boID := boReview[boOrder.Lines[0].ID].ID

	// The shop replies to Ada, reports Bo's review, and cannot delete one.
	var deleteStatus []int
	step("the shop replies, reports and cannot delete", func(t *testing.T) {
		signedIn(t, acme.Owner.Email, "/admin").Run(
			chromedp.Navigate(m.URL+"/admin/reviews"),
			waitJS("the shop to see Ada's photo", fmt.Sprintf(`!!document.querySelector('li[data-review-id="%d"] [data-testid="admin-review-photos"] img')`, adaReview.ID)),
			bounded("to type the reply", chromedp.SendKeys(reviewOf("admin-review", adaReview.ID)+`//textarea[@name="reply"]`, "Thank you, Ada!", chromedp.BySearch)),
			click(reviewOf("admin-review", adaReview.ID)+`//form[@data-testid="reply-form"]`+button(en("reviews_admin.reply_submit"))),
			waitText(testid("flash"), en("reviews_admin.reply_saved")),
			click(reviewOf("admin-review", boID)+`//summary`),
			bounded("to pick the report reason", chromedp.SetValue(reviewOf("admin-review", boID)+`//select[@name="reason"]`, "personal_data", chromedp.BySearch)),
			bounded("to type the note", chromedp.SendKeys(reviewOf("admin-review", boID)+`//textarea[@name="note"]`, "Names a neighbour and her phone number.", chromedp.BySearch)),
			click(reviewOf("admin-review", boID)+`//form[@data-testid="report-form"]`+button(en("reviews_admin.report_submit"))),
			waitText(testid("flash"), en("reviews_admin.report_saved")),
			chromedp.Evaluate(fmt.Sprintf(`(async () => {
			const token = document.querySelector('input[name="_csrf"]').value;
			const out = [];
			for (const path of ["/admin/reviews/%[1]d/delete", "/admin/reviews/%[1]d", "/admin/reviews/%[1]d/hide", "/admin/reviews/%[1]d/edit"]) {
				const r = await fetch(path, {method: "POST", body: new URLSearchParams({_csrf: token}), redirect: "manual"});
				out.push(r.status);
			}
			return out;
		})()`, adaReview.ID), &deleteStatus, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
		)
	})
	for i, st := range deleteStatus {
		if st != http.StatusNotFound && st != http.StatusMethodNotAllowed {
			t.Errorf("the shop's POST %d to change Ada's review answered %d, want 404 or 405", i, st)
		}
	}
	if len(deleteStatus) != 4 {
		t.Fatalf("delete attempts: %v", deleteStatus)
	}
	if r, err := m.app.Reviews.ReviewAcrossMall(ctx, adaReview.ID); err != nil || r.Status != reviews.StatusPublished || r.Rating != 5 || r.Version != 1 {
		t.Fatalf("Ada's review after the shop's attempts: %+v %v", r, err)
	}

	// The shop refunds Ada: the review stays, out of the rating, saying why.
	var reason, reply string
	step("the shop refunds", func(t *testing.T) {
		signedIn(t, acme.Owner.Email, "/admin").Run(
			chromedp.Navigate(m.URL+"/admin/orders"),
			click(link("ACME-1002")),
			waitPage("the order", `/^\/admin\/orders\/\d+$/.test(location.pathname)`),
			bounded("to set the refund quantity", chromedp.SetValue(`//form[@data-testid="refund-form"]//input[@type="number"]`, "1", chromedp.BySearch)),
			click(`//form[@data-testid="refund-form"]`+button(en("admin.order.refund_submit"))),
			waitText(testid("flash"), en("admin.order.flash.refunded")),
		)
	})
	step("the refunded review leaves the rating", func(t *testing.T) {
		browsertest.New(t).Run(
			chromedp.Navigate(m.URL+"/s/acme/p/steel-kettle"),
			textOf(article+" "+testid("review-unverified"), &reason),
			textOf(article+" "+testid("review-reply"), &reply),
			chromedp.Evaluate(`[...document.querySelectorAll('script[type="application/ld+json"]')].map(s => s.textContent).join("\n")`, &jsonld),
		)
	})
	if reason != en("reviews.mark.refunded") {
		t.Errorf("after the refund the review says %q, want %q", reason, en("reviews.mark.refunded"))
	}
	if !strings.Contains(reply, "Thank you, Ada!") {
		t.Errorf("the shop's reply reads %q", reply)
	}
	// Only Bo's one star is left in the rating.
	if !strings.Contains(jsonld, `"ratingCount":1,"ratingValue":1,`) {
		t.Errorf("the refunded review still rates the product: %s", jsonld)
	}

	// The first operator removes Bo's review for a listed reason.
	step("an operator removes the other review", func(t *testing.T) {
		signedIn(t, "first-operator@mall.test", "/operator").Run(
			chromedp.Navigate(m.URL+"/operator/reviews"),
			bounded("to pick the reason", chromedp.SetValue(reviewOf("queue-item", boID)+`//select[@name="reason"]`, "personal_data", chromedp.BySearch)),
			bounded("to type the statement", chromedp.SendKeys(reviewOf("queue-item", boID)+`//textarea[@name="statement"]`, "The review gives a named neighbour's phone number.", chromedp.BySearch)),
			click(reviewOf("queue-item", boID)+button(en("reviews_admin.operator.remove"))),
			waitText(testid("flash"), en("reviews_admin.operator.removed")),
		)
	})
	step("its author reads why and appeals", func(t *testing.T) {
		signedIn(t, bo.Email, "/account").Run(
			chromedp.Navigate(m.URL+"/account/reviews"),
			waitContains(`[data-testid="reviews-written"]`, "The review gives a named neighbour's phone number."),
			typeInto(en("reviews.mine.appeal"), "Carol asked me to share her number."),
			click(`//form[@data-testid="appeal-form"]`+button(en("reviews.mine.appeal_submit"))),
			waitText(testid("flash"), en("reviews.flash.appealed")),
		)
	})
	step("the operator who removed it cannot decide the appeal", func(t *testing.T) {
		signedIn(t, "first-operator@mall.test", "/operator").Run(
			chromedp.Navigate(m.URL+"/operator/reviews"),
			bounded("to type the appeal statement", chromedp.SendKeys(reviewOf("queue-item", boID)+`//textarea[@name="statement"]`, "I decide my own removal.", chromedp.BySearch)),
			click(reviewOf("queue-item", boID)+button(en("reviews_admin.operator.uphold"))),
			waitJS("the refusal", `!!document.querySelector('[data-testid="error-message"], .field-error, [data-testid="flash"]')`),
		)
	})
	if r, _ := m.app.Reviews.ReviewAcrossMall(ctx, boID); r.AppealStatus != reviews.AppealPending {
		t.Fatalf("the removing operator decided the appeal: %q", r.AppealStatus)
	}
	step("a second operator decides the appeal", func(t *testing.T) {
		signedIn(t, "second-operator@mall.test", "/operator").Run(
			chromedp.Navigate(m.URL+"/operator/reviews"),
			bounded("to type the appeal statement", chromedp.SendKeys(reviewOf("queue-item", boID)+`//textarea[@name="statement"]`, "A third person's phone number stays off the page.", chromedp.BySearch)),
			click(reviewOf("queue-item", boID)+button(en("reviews_admin.operator.uphold"))),
			waitText(testid("flash"), en("reviews_admin.operator.appeal_decided")),
		)
	})
	if r, _ := m.app.Reviews.ReviewAcrossMall(ctx, boID); r.AppealStatus != reviews.AppealUpheld || r.Status != reviews.StatusRemoved {
		t.Fatalf("after the second operator: %q %q", r.Status, r.AppealStatus)
	}

	// The public transparency page counts the removal.
	var removed string
	step("the transparency page counts the removal", func(t *testing.T) {
		b := browsertest.New(t)
		b.Run(
			chromedp.Navigate(m.URL+"/reviews/transparency"),
			textOf(testid("t-removed"), &removed),
		)
		b.Screenshot(t.Name())
	})
	if removed != "1" {
		t.Errorf("transparency counts %q removals, want 1", removed)
	}

	// The command's verifier passes against the running mall...
	src := reviews.NewHTTPLog(m.URL, &http.Client{Timeout: 10 * time.Second})
	res, err := reviews.Verify(ctx, src, nil)
	if err != nil || !res.OK() || res.Reviews != 2 {
		t.Fatalf("verify the running mall: %+v %v", res, err)
	}
	// ... and names the review whose rating was changed in the database.
	if err := m.db.Exec(`UPDATE reviews SET rating = 1 WHERE id = ?`, adaReview.ID).Error; err != nil {
		t.Fatal(err)
	}
	res, err = reviews.Verify(context.Background(), src, nil)
	if err != nil || res.OK() || !strings.Contains(strings.Join(res.Problems, "\n"), fmt.Sprintf("review %d: shows 1 stars", adaReview.ID)) {
		t.Fatalf("verify after tampering: %v %v", res.Problems, err)
	}
}

// placeDelivered has owner buy one of variant from the shop and the shop
// deliver it, through the stores (the story's other buyer).
func placeDelivered(t *testing.T, m *testMall, s shop, owner orders.CartOwner, email string, variant int64) *orders.Order {
	t.Helper()
	ctx := t.Context()
	if err := m.app.Orders.AddToCart(ctx, owner, variant, 1); err != nil {
		t.Fatal(err)
	}
	q, err := m.app.Orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	co, err := m.app.Orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: email, Provider: orders.ProviderOffline,
		ExpectedTotal: q.Total, Address: orders.Address{Name: "Bo", Line1: "1 Harbour Road", City: "Central", Region: "Hong Kong Island", Country: "HK"}})
	if err != nil {
		t.Fatal(err)
	}
	o := co.Orders[0]
	by := orders.Actor{Kind: orders.ActorStaff}
	if err := m.app.Orders.ConfirmOfflinePayment(ctx, s.Merchant.ID, o.ID, by); err != nil {
		t.Fatal(err)
	}
	if err := m.app.Orders.MarkShipped(ctx, s.Merchant.ID, o.ID, "DHL", "1", by); err != nil {
		t.Fatal(err)
	}
	if err := m.app.Orders.MarkDelivered(ctx, s.Merchant.ID, o.ID, by); err != nil {
		t.Fatal(err)
	}
	got, err := m.app.Orders.OrderInMerchant(ctx, s.Merchant.ID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
