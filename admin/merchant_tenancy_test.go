package admin_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/server"
)

// maObjects are one shop's object ids the matrix asks for.
type maObjects struct {
	Product, Variant, Image, Category, Staff, Invitation int64
	Shipping                                             int64
	// PendingOrder awaits payment; PaidOrder is paid, PaidLine its line.
	PendingOrder, PaidOrder, PaidLine int64
	// Review is a buyer's review of the shop's product.
	Review int64
	// Case is a buyer's review-for-reward report against the shop.
	Case int64
}

// maSeedShop gives a shop a product with a variant and two images, a
// category, a second staff member and a pending invitation.
func maSeedShop(t *testing.T, app *server.App, b *malltest.Browser, m *merchants.Merchant, ownerID int64) maObjects {
	t.Helper()
	ctx := t.Context()
	b.Get("/admin/categories")
	if p := b.Post("/admin/categories", url.Values{"name": {"Shirts " + m.Slug}}); p.Status != 303 {
		t.Fatalf("category: %d", p.Status)
	}
	cats, err := app.Catalog.Categories(ctx, m.ID)
	if err != nil || len(cats) != 1 {
		t.Fatalf("categories: %v %d", err, len(cats))
	}
	form := maProductForm("Tee " + m.Slug)
	form.Set("categories", itoa(cats[0].ID))
	// Two images, so that moving one changes the order.
	p := b.PostMultipart("/admin/products", form, malltest.File{Field: "image", Name: "a.png", Type: "image/png", Data: malltest.PNG(t, 40, 30)},
		malltest.File{Field: "image", Name: "b.png", Type: "image/png", Data: malltest.PNG(t, 30, 40)})
	if p.Status != 303 {
		t.Fatalf("product: %d\n%s", p.Status, p.Body)
	}
	prod, err := app.Catalog.ProductBySlug(ctx, m.ID, "tee-"+m.Slug)
	if err != nil {
		t.Fatal(err)
	}
	clerk := malltest.Account(t, app, "clerk@"+m.Slug+".test", "Clerk")
	token, err := app.Merchants.Invite(ctx, m.ID, ownerID, clerk.Email, merchants.RoleClerk)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Merchants.AcceptInvitation(ctx, token, clerk.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Merchants.Invite(ctx, m.ID, ownerID, "later@"+m.Slug+".test", merchants.RoleManager); err != nil {
		t.Fatal(err)
	}
	o := maObjects{Product: prod.ID, Variant: prod.Variants[0].ID, Image: prod.Images[0].ID, Category: cats[0].ID}
	staff, _ := app.Merchants.ListStaff(ctx, m.ID)
	for _, s := range staff {
		if s.AccountID == clerk.ID {
			o.Staff = s.ID
		}
	}
	invs, _ := app.Merchants.ListInvitations(ctx, m.ID)
	if len(invs) != 1 || o.Staff == 0 {
		t.Fatalf("staff %d, invitations %d", o.Staff, len(invs))
	}
	o.Invitation = invs[0].ID
	if p := b.Post("/admin/shipping", url.Values{"name": {"Post " + m.Slug}, "price": {"4.50"}, "free_over": {"50"}, "active": {"1"}}); p.Status != 303 {
		t.Fatalf("shipping method: %d", p.Status)
	}
	methods, err := app.Orders.ShippingMethods(ctx, m.ID)
	if err != nil || len(methods) != 1 {
		t.Fatalf("shipping methods: %v %d", err, len(methods))
	}
	o.Shipping = methods[0].ID
	for i := range 2 {
		co := placeOffline(t, app, "Buyer", fmt.Sprintf("buyer%d@%s.test", i, m.Slug), map[int64]int{o.Variant: 1})
		if i == 0 {
			o.PendingOrder = co.Orders[0].ID
			continue
		}
		o.PaidOrder = co.Orders[0].ID
		if err := app.Orders.ConfirmOfflinePayment(ctx, m.ID, o.PaidOrder, orders.Actor{Kind: orders.ActorStaff, AccountID: ownerID}); err != nil {
			t.Fatal(err)
		}
		paid, err := app.Orders.OrderInMerchant(ctx, m.ID, o.PaidOrder)
		if err != nil {
			t.Fatal(err)
		}
		o.PaidLine = paid.Lines[0].ID
	}
	o.Review = seedReview(t, app, m, o.Variant, "reviewer@"+m.Slug+".test")
	if err := app.Reviews.RecomputeSignals(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	paid, err := app.Orders.OrderInMerchant(ctx, m.ID, o.PaidOrder)
	if err != nil {
		t.Fatal(err)
	}
	rc, err := app.Reviews.ReportRewardAsGuest(ctx, paid, reviews.RewardReport{Body: "The parcel had a card offering money for a review."})
	if err != nil {
		t.Fatal(err)
	}
	o.Case = rc.ID
	return o
}

// maSnapshot is everything of a shop the admin could change, as JSON.
func maSnapshot(t *testing.T, app *server.App, m *merchants.Merchant, o maObjects) string {
	t.Helper()
	ctx := t.Context()
	var snap []any
	prod, err := app.Catalog.ProductInMerchant(ctx, m.ID, o.Product)
	if err != nil {
		t.Fatalf("B's product: %v", err)
	}
	cats, _ := app.Catalog.Categories(ctx, m.ID)
	products, total, _ := app.Catalog.ListProducts(ctx, m.ID, catalog.ProductFilter{Page: 1, PerPage: 100})
	staff, _ := app.Merchants.ListStaff(ctx, m.ID)
	invs, _ := app.Merchants.ListInvitations(ctx, m.ID)
	shop, _ := app.Merchants.MerchantByID(ctx, m.ID)
	methods, _ := app.Orders.ShippingMethods(ctx, m.ID)
	orderList, orderTotal, _ := app.Orders.ListOrders(ctx, m.ID, orders.OrderFilter{Page: 1, PerPage: 100})
	pay, _ := app.Merchants.PaymentInstructionsOf(ctx, m.ID)
	shopReviews, reviewTotal, _ := app.Reviews.MerchantReviews(ctx, m.ID, reviews.Filter{})
	shopCases, _ := app.Reviews.RewardCasesInMerchant(ctx, m.ID, 100)
	snap = append(snap, shopCases)
	snap = append(snap, prod, cats, products, total, staff, invs, shop, methods, orderList, orderTotal, pay, shopReviews, reviewTotal)
	for _, id := range []int64{o.PendingOrder, o.PaidOrder} {
		ord, err := app.Orders.OrderInMerchant(ctx, m.ID, id)
		if err != nil {
			t.Fatalf("B's order %d: %v", id, err)
		}
		snap = append(snap, ord)
	}
	raw, err := json.MarshalIndent(snap, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// maRouteCase is one request of the tenancy matrix: a path with another
// shop's ids, and the form to send.
type maRouteCase struct {
	path string
	form url.Values
}

// TestTenancyMatrix walks every route under /admin as staff of shop A
// asking for shop B's objects: each answers 404 and B is left unchanged. A
// route with an id in its path that this table does not know fails the
// test, so a new route cannot skip the check.
func TestTenancyMatrix(t *testing.T) {
	app := malltest.NewApp(t)
	a, aOwner, browserA := malltest.Shop(t, app, "alpha", true)
	b, bOwner, browserB := malltest.Shop(t, app, "bravo", true)
	oa := maSeedShop(t, app, browserA, a, aOwner.ID)
	ob := maSeedShop(t, app, browserB, b, bOwner.ID)
	id := itoa
	product := maProductForm("Hijacked")
	ownProductForeignVariant := maProductForm("Hijacked")
	ownProductForeignVariant.Set("variants.0.id", id(ob.Variant))
	// A's own product and variant, showing B's image.
	ownProductForeignImage := maProductForm("Hijacked")
	ownProductForeignImage.Set("variants.0.id", id(oa.Variant))
	ownProductForeignImage.Set("variants.0.image", id(ob.Image))

	table := map[string][]maRouteCase{
		"GET /admin/products/:id": {{path: "/admin/products/" + id(ob.Product)}},
		"POST /admin/products/:id": {
			{path: "/admin/products/" + id(ob.Product), form: product},
			{path: "/admin/products/" + id(oa.Product), form: ownProductForeignVariant},
			{path: "/admin/products/" + id(oa.Product), form: ownProductForeignImage},
		},
		"POST /admin/products/:id/archive": {{path: "/admin/products/" + id(ob.Product) + "/archive"}},
		"POST /admin/products/:id/images/:imageID/remove": {
			{path: "/admin/products/" + id(ob.Product) + "/images/" + id(ob.Image) + "/remove"},
			{path: "/admin/products/" + id(oa.Product) + "/images/" + id(ob.Image) + "/remove"},
		},
		"POST /admin/products/:id/images/:imageID/move": {
			{path: "/admin/products/" + id(ob.Product) + "/images/" + id(ob.Image) + "/move", form: url.Values{"direction": {"down"}}},
			{path: "/admin/products/" + id(oa.Product) + "/images/" + id(ob.Image) + "/move", form: url.Values{"direction": {"up"}}},
		},
		"POST /admin/products/:id/images/:imageID/alt": {
			{path: "/admin/products/" + id(ob.Product) + "/images/" + id(ob.Image) + "/alt", form: url.Values{"alt": {"Hijacked"}}},
			{path: "/admin/products/" + id(oa.Product) + "/images/" + id(ob.Image) + "/alt", form: url.Values{"alt": {"Hijacked"}}},
			{path: "/admin/products/" + id(oa.Product) + "/images/" + id(ob.Image) + "/alt", form: url.Values{"alt": {strings.Repeat("x", 400)}}},
		},
		"POST /admin/variants/:id/stock": {
			{path: "/admin/variants/" + id(ob.Variant) + "/stock", form: url.Values{"stock": {"99"}}},
			{path: "/admin/variants/" + id(ob.Variant) + "/stock", form: url.Values{"stock": {"-1"}}},
		},
		"POST /admin/categories/:id": {
			{path: "/admin/categories/" + id(ob.Category), form: url.Values{"name": {"Renamed"}}},
			{path: "/admin/categories/" + id(ob.Category), form: url.Values{"name": {""}}},
		},
		"POST /admin/categories/:id/delete": {{path: "/admin/categories/" + id(ob.Category) + "/delete"}},
		"POST /admin/staff/:id/remove":      {{path: "/admin/staff/" + id(ob.Staff) + "/remove"}},
		"POST /admin/shipping/:id": {
			{path: "/admin/shipping/" + id(ob.Shipping), form: url.Values{"name": {"Hijacked"}, "price": {"0"}, "active": {"1"}}},
			{path: "/admin/shipping/" + id(ob.Shipping), form: url.Values{"name": {""}, "price": {"x"}}},
		},
		"POST /admin/shipping/:id/delete":        {{path: "/admin/shipping/" + id(ob.Shipping) + "/delete"}},
		"GET /admin/orders/:id":                  {{path: "/admin/orders/" + id(ob.PendingOrder)}, {path: "/admin/orders/" + id(ob.PaidOrder)}},
		"GET /admin/orders/:id/packing-slip":     {{path: "/admin/orders/" + id(ob.PaidOrder) + "/packing-slip"}},
		"POST /admin/orders/:id/confirm-payment": {{path: "/admin/orders/" + id(ob.PendingOrder) + "/confirm-payment"}},
		"POST /admin/orders/:id/ship": {
			{path: "/admin/orders/" + id(ob.PaidOrder) + "/ship", form: url.Values{"carrier": {"DHL"}, "tracking_number": {"JD0001234567"}}},
			{path: "/admin/orders/" + id(ob.PaidOrder) + "/ship", form: url.Values{"carrier": {""}, "tracking_number": {"x"}}},
		},
		"POST /admin/orders/:id/deliver": {{path: "/admin/orders/" + id(ob.PaidOrder) + "/deliver"}},
		"POST /admin/orders/:id/cancel":  {{path: "/admin/orders/" + id(ob.PendingOrder) + "/cancel"}},
		"POST /admin/reviews/:id/reply": {
			{path: "/admin/reviews/" + id(ob.Review) + "/reply", form: url.Values{"reply": {"Hijacked"}}},
			{path: "/admin/reviews/" + id(ob.Review) + "/reply", form: url.Values{"reply": {""}}},
		},
		"POST /admin/reviews/:id/report": {
			{path: "/admin/reviews/" + id(ob.Review) + "/report", form: url.Values{"reason": {"spam_fake"}, "note": {"Hijacked"}}},
			{path: "/admin/reviews/" + id(ob.Review) + "/report", form: url.Values{"reason": {"nonsense"}}},
		},
		"POST /admin/orders/:id/refund": {
			{path: "/admin/orders/" + id(ob.PaidOrder) + "/refund", form: url.Values{"refund." + id(ob.PaidLine): {"1"}, "refund_shipping": {"1"}}},
			{path: "/admin/orders/" + id(ob.PaidOrder) + "/refund", form: url.Values{"refund." + id(ob.PaidLine): {"9"}}},
		},
	}

	// Operator routes with ids cross shops by design: a shop's staff is
	// refused them whatever shop the id belongs to.
	operatorTable := map[string][]maRouteCase{
		"GET /operator/merchants/:id":                     {{path: "/operator/merchants/" + id(b.ID)}},
		"GET /operator/merchants/:id/products":            {{path: "/operator/merchants/" + id(b.ID) + "/products"}},
		"GET /operator/merchants/:id/products/:productID": {{path: "/operator/merchants/" + id(b.ID) + "/products/" + id(ob.Product)}},
		"POST /operator/merchants/:id/approve":            {{path: "/operator/merchants/" + id(b.ID) + "/approve"}},
		"POST /operator/merchants/:id/reject":             {{path: "/operator/merchants/" + id(b.ID) + "/reject", form: url.Values{"reason": {"Hijacked"}}}},
		"POST /operator/merchants/:id/suspend":            {{path: "/operator/merchants/" + id(b.ID) + "/suspend", form: url.Values{"reason": {"Hijacked"}}}},
		"POST /operator/merchants/:id/reinstate":          {{path: "/operator/merchants/" + id(b.ID) + "/reinstate"}},
		"POST /operator/merchants/:id/commission":         {{path: "/operator/merchants/" + id(b.ID) + "/commission", form: url.Values{"commission": {"0"}}}},
		"POST /operator/reviews/:id/remove":               {{path: "/operator/reviews/" + id(ob.Review) + "/remove", form: url.Values{"reason": {"spam_fake"}, "statement": {"A competitor removing the review of its rival."}}}},
		"POST /operator/reviews/:id/dismiss":              {{path: "/operator/reviews/" + id(ob.Review) + "/dismiss", form: url.Values{"statement": {"A competitor closing the reports on its rival."}}}},
		"POST /operator/reviews/:id/appeal":               {{path: "/operator/reviews/" + id(ob.Review) + "/appeal", form: url.Values{"outcome": {"restore"}, "statement": {"A competitor deciding an appeal of its rival."}}}},
		"GET /operator/reviews/groups/:id":                {{path: "/operator/reviews/groups/" + id(ob.Review)}},
		"POST /operator/reviews/cases/:id/close":          {{path: "/operator/reviews/cases/" + id(ob.Case) + "/close", form: url.Values{"outcome": {string(reviews.CaseUnfounded)}, "statement": {"A rival closing the case against itself."}}}},
	}

	before := maSnapshot(t, app, b, ob)
	for _, r := range app.Fiber.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/operator") || !strings.Contains(r.Path, ":") || (r.Method != "GET" && r.Method != "POST") {
			continue
		}
		key := r.Method + " " + r.Path
		cases, ok := operatorTable[key]
		if !ok {
			t.Errorf("operator route %s takes an id but is not in the tenancy matrix", key)
			continue
		}
		for _, c := range cases {
			var p *malltest.Page
			if r.Method == "GET" {
				p = browserA.Get(c.path)
			} else {
				browserA.Get("/admin")
				p = browserA.Post(c.path, c.form)
			}
			if p.Status != 403 {
				t.Errorf("%s %s as staff of A: %d, want 403", r.Method, c.path, p.Status)
			}
		}
	}
	seen := map[string]bool{}
	for _, r := range app.Fiber.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/admin") || (r.Method != "GET" && r.Method != "POST") {
			continue
		}
		key := r.Method + " " + r.Path
		if seen[key] {
			continue
		}
		seen[key] = true
		cases, ok := table[key]
		if !ok {
			if strings.Contains(r.Path, ":") || strings.Contains(r.Path, "*") {
				t.Errorf("route %s takes an id but is not in the tenancy matrix", key)
			}
			continue
		}
		for _, c := range cases {
			var p *malltest.Page
			if r.Method == "GET" {
				p = browserA.Get(c.path)
			} else {
				browserA.Get("/admin")
				form := url.Values{}
				for k, v := range c.form {
					form[k] = v
				}
				if strings.HasPrefix(r.Path, "/admin/products/:id") && !strings.Contains(r.Path, "images") && !strings.Contains(r.Path, "archive") {
					p = browserA.PostMultipart(c.path, form)
				} else {
					p = browserA.Post(c.path, form)
				}
			}
			if p.Status != 404 {
				t.Errorf("%s %s as staff of A: %d, want 404", r.Method, c.path, p.Status)
			}
		}
	}
	for key := range table {
		if !seen[key] {
			t.Errorf("matrix names %s, which is not a route", key)
		}
	}
	if after := maSnapshot(t, app, b, ob); after != before {
		t.Errorf("shop B changed:\nbefore %s\nafter %s", before, after)
	}
	// A's own product keeps its variant: the foreign variant id changed nothing.
	if p, _ := app.Catalog.ProductInMerchant(t.Context(), a.ID, oa.Product); len(p.Variants) != 1 || p.Title == "Hijacked" || p.Variants[0].ImageID != nil {
		t.Errorf("A's product changed by a request naming B's variant or image: %+v", p)
	}
}

// TestTenancyOfReviewErasureAndFeed: staff of shop A cannot erase shop
// B's review through the operator's erasure page (it is the operator's
// alone), and A's reviews page links A's own ratings feed, which carries
// none of B's reviews.
func TestTenancyOfReviewErasureAndFeed(t *testing.T) {
	app := malltest.NewApp(t)
	a, aOwner, browserA := malltest.Shop(t, app, "alpha", true)
	b, bOwner, browserB := malltest.Shop(t, app, "bravo", true)
	maSeedShop(t, app, browserA, a, aOwner.ID)
	ob := maSeedShop(t, app, browserB, b, bOwner.ID)
	before := maSnapshot(t, app, b, ob)
	browserA.Get("/admin")
	if p := browserA.Post("/operator/reviews/erasures", url.Values{"review": {itoa(ob.Review)}, "reason": {"Shop A asks to erase B's review."}}); p.Status != 403 {
		t.Fatalf("staff of A erases B's review: %d", p.Status)
	}
	if p := browserA.Get("/operator/reviews/erasures"); p.Status != 403 {
		t.Fatalf("staff of A opens the erasure page: %d", p.Status)
	}
	if after := maSnapshot(t, app, b, ob); after != before {
		t.Fatalf("B changed:\nbefore %s\nafter %s", before, after)
	}
	feed := browserA.Get("/admin/reviews").Attr(`[data-testid="review-feed-link"]`, "href")
	if !strings.HasSuffix(feed, "/s/alpha/reviews/feed.xml") {
		t.Fatalf("A's feed link %q", feed)
	}
	u, _ := url.Parse(feed)
	body := malltest.NewBrowser(t, app).Get(u.Path).Body
	if !strings.Contains(body, "<review_id>") || strings.Contains(body, "<review_id>"+itoa(ob.Review)+"</review_id>") {
		t.Fatalf("A's feed:\n%s", body)
	}
}
