package storefront_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/internal/smtptest"
	"github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/server"
)

var linkRE = regexp.MustCompile(`https?://\S+`)

func links(text string) []string { return linkRE.FindAllString(text, -1) }

// reviewRequests are the review requests among the emails (the others
// are the order notices).
func reviewRequests(s *smtptest.Server) []smtptest.Message {
	var out []smtptest.Message
	for _, m := range s.Messages() {
		if m.Header.Get("List-Unsubscribe") != "" {
			out = append(out, m)
		}
	}
	return out
}

// local turns an emailed link into a path on the test mall.
func local(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.RequestURI()
}

// TestReviewRequestsAskEveryBuyerOnTheShopsDay: the shop sets the day,
// the mall mails every buyer of the delivered orders in the order's
// language; a guest reviews once through the signed link, forged and
// expired links are refused, and an opted-out buyer is asked no more.
func TestReviewRequestsAskEveryBuyerOnTheShopsDay(t *testing.T) {
	smtp := smtptest.Start(t, smtptest.Options{})
	sender, err := mail.NewSMTPSender(smtp.URL(), "Mall <reviews@mall.test>")
	if err != nil {
		t.Fatal(err)
	}
	var now atomic.Int64
	now.Store(time.Now().UTC().UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	advance := func(d time.Duration) { now.Add(int64(d)) }
	app := malltest.NewAppOn(t, dbtest.Open(t), func(o *server.Options) { o.Mail = sender; o.Now = clock })
	app.Outbox.SetClock(clock)
	ctx := t.Context()
	m, _, staff := malltest.Shop(t, app, "acme", true)
	p, err := app.Catalog.CreateProduct(ctx, m.ID, catalog.ProductInput{Title: "Steel Kettle", Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{SKU: "KET", Price: 2500, Currency: "USD", Stock: 50}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Orders.CreateShippingMethod(ctx, m.ID, orders.ShippingMethodInput{Name: "Post", Active: true}); err != nil {
		t.Fatal(err)
	}

	// The shop picks the day, within 3 to 30.
	staff.Get("/admin/reviews")
	for _, bad := range []string{"2", "31", "x"} {
		if r := staff.Post("/admin/reviews/settings", url.Values{"request_days": {bad}}); r.Status != http.StatusUnprocessableEntity ||
			r.Attr(`input[name="request_days"]`, "value") != bad {
			t.Fatalf("request days %q: %d", bad, r.Status)
		}
	}
	if r := staff.Post("/admin/reviews/settings", url.Values{"request_days": {"5"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("request days 5: %d", r.Status)
	}

	buy := func(accountID int64, email, locale string) *orders.Order {
		t.Helper()
		owner := orders.CartOwner{AccountID: accountID}
		if accountID == 0 {
			owner = orders.CartOwner{Token: orders.NewCartToken()}
		}
		if err := app.Orders.AddToCart(ctx, owner, p.Variants[0].ID, 1); err != nil {
			t.Fatal(err)
		}
		q, _ := app.Orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
		co, err := app.Orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: email, Provider: orders.ProviderOffline,
			ExpectedTotal: q.Total, Locale: locale,
			Address: orders.Address{Name: "Lee", Line1: "1 Road", City: "Hong Kong", PostalCode: "999077", Country: "HK"}})
		if err != nil {
			t.Fatal(err)
		}
		o := co.Orders[0]
		by := orders.Actor{Kind: orders.ActorStaff}
		app.Orders.ConfirmOfflinePayment(ctx, m.ID, o.ID, by)
		app.Orders.MarkShipped(ctx, m.ID, o.ID, "DHL", "1", by)
		if err := app.Orders.MarkDelivered(ctx, m.ID, o.ID, by); err != nil {
			t.Fatal(err)
		}
		return &o
	}
	ada := malltest.Account(t, app, "ada@example.test", "Ada")
	buy(ada.ID, ada.Email, "en")
	buy(0, "guest@example.test", "zh-Hans")

	if _, err := app.Outbox.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	advance(4 * 24 * time.Hour)
	app.Outbox.RunDue(ctx)
	if n := len(reviewRequests(smtp)); n != 0 {
		t.Fatalf("%d requests before the day", n)
	}
	advance(24*time.Hour + time.Minute)
	app.Outbox.RunDue(ctx)
	msgs := reviewRequests(smtp)
	if len(msgs) != 2 {
		t.Fatalf("%d requests on the day", len(msgs))
	}
	byTo := map[string]smtptest.Message{}
	for _, msg := range msgs {
		byTo[msg.To[0]] = msg
	}
	en, zh := byTo["ada@example.test"], byTo["guest@example.test"]
	if !strings.Contains(en.Subject, "How was your order") || !strings.Contains(zh.Subject, "怎么样") {
		t.Fatalf("subjects %q / %q", en.Subject, zh.Subject)
	}

	// The guest's link: forged, used and expired are refused.
	var guestLink string
	for _, l := range links(zh.Text) {
		if strings.Contains(l, "/reviews/write/") {
			guestLink = local(t, l)
		}
	}
	if guestLink == "" {
		t.Fatalf("no guest link in\n%s", zh.Text)
	}
	visitor := malltest.NewBrowser(t, app)
	if r := visitor.Get(guestLink[:len(guestLink)-4] + "0000"); r.Status != http.StatusNotFound {
		t.Fatalf("forged link: %d", r.Status)
	}
	if r := visitor.Get(guestLink); r.Status != 200 || r.Doc.Find(`[data-testid="review-form"]`).Length() != 1 {
		t.Fatalf("guest form: %d", r.Status)
	}
	if r := visitor.Post(guestLink, url.Values{"rating": {"4"}, "body": {"很好用"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("guest review: %d", r.Status)
	}
	if r := visitor.Post(guestLink, url.Values{"rating": {"1"}}); r.Status != http.StatusConflict {
		t.Fatalf("second use of the link: %d", r.Status)
	}
	page := visitor.Get("/s/acme/p/steel-kettle")
	if page.Text(`[data-testid="rating-average"]`) != "4.0" || page.Doc.Find(`[data-testid="review-verified"]`).Length() != 1 {
		t.Fatalf("guest review on the product: %q", page.Text(`[data-testid="rating-summary"]`))
	}

	// Ada's email links to her own review form, and she opts out.
	var optOut string
	for _, l := range links(en.Text) {
		if strings.Contains(l, "/reviews/opt-out") {
			optOut = local(t, l)
		}
		if strings.Contains(l, "/account/reviews/new?line=") {
			if r := malltest.SignedIn(t, app, ada).Get(local(t, l)); r.Status != 200 {
				t.Fatalf("Ada's review form: %d", r.Status)
			}
		}
	}
	if r := visitor.Get(optOut); r.Status != 200 {
		t.Fatalf("opt-out page: %d", r.Status)
	}
	if r := visitor.Post("/reviews/opt-out", url.Values{"email": {ada.Email}, "sig": {"forged"}}); r.Status != http.StatusNotFound {
		t.Fatalf("forged opt-out: %d", r.Status)
	}
	visitor.Get(optOut)
	q, _ := url.Parse(optOut)
	if r := visitor.Post("/reviews/opt-out", q.Query()); r.Status != http.StatusSeeOther {
		t.Fatalf("opt-out: %d", r.Status)
	}
	if r := visitor.Get("/reviews/opt-out?done=1"); r.Text(`[data-testid="opt-out-done"]`) != i18n.Translate(i18n.English, "reviews.opt_out.done") {
		t.Fatalf("opt-out done page %q", r.Text(`[data-testid="opt-out-done"]`))
	}
	buy(ada.ID, ada.Email, "en")
	app.Outbox.RunDue(ctx)
	advance(6 * 24 * time.Hour)
	app.Outbox.RunDue(ctx)
	if n := len(reviewRequests(smtp)); n != 2 {
		t.Fatalf("%d messages after Ada opted out", n)
	}

	// Past 45 days the guest's link has expired.
	advance(46 * 24 * time.Hour)
	if r := visitor.Get(guestLink); r.Status != http.StatusConflict || !strings.Contains(r.Body, i18n.Translate(i18n.English, "reviews.error.link_expired")) {
		t.Fatalf("expired link: %d", r.Status)
	}
}
