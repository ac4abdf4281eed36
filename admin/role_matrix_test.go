package admin_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/server"
)

// Who a route is for, as the role matrix states it (independently of
// merchants' rights table, which it checks).
const (
	rmOwners    = "owners"    // a shop's owners
	rmManagers  = "managers"  // owners and managers
	rmStaff     = "staff"     // every staff member of a shop
	rmAccounts  = "accounts"  // any signed-in account
	rmOperators = "operators" // the mall's operators
)

// rmVisitors are the columns of the matrix. "suspended owner" is the owner
// of a shop the operator suspended: it may look at what an owner may, and
// change nothing of its shop.
var rmVisitors = []string{"owner", "manager", "clerk", "suspended owner", "shopper", "operator", "nobody"}

// rmRoute is one row: who may use it, and the request to send.
type rmRoute struct {
	who  string
	path string
	form url.Values
	// multipart sends the form as multipart/form-data (product forms).
	multipart bool
}

// rmAllowed is what the matrix expects of a visitor on a route.
func rmAllowed(r rmRoute, method, visitor string) bool {
	switch visitor {
	case "nobody":
		return false
	case "operator":
		return r.who == rmOperators || r.who == rmAccounts
	case "shopper":
		return r.who == rmAccounts
	case "suspended owner":
		// The language switch and choosing a shop change nothing of it.
		changesNothing := method == "GET" || strings.HasSuffix(r.path, "/locale") || strings.HasSuffix(r.path, "/switch")
		return r.who != rmOperators && changesNothing
	}
	switch r.who {
	case rmOwners:
		return visitor == "owner"
	case rmManagers:
		return visitor == "owner" || visitor == "manager"
	case rmStaff, rmAccounts:
		return true
	}
	return false
}

// rmMallSnapshot is what the operator could change, as JSON.
func rmMallSnapshot(t *testing.T, app *server.App) string {
	t.Helper()
	ctx := t.Context()
	list, total, err := app.Merchants.ListMerchantsAcrossMall(ctx, merchants.MerchantFilter{Page: 1, PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	settings, err := app.Merchants.MallSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	snap := []any{list, total, settings}
	for _, m := range list {
		events, _ := app.Merchants.MerchantEvents(ctx, m.ID)
		snap = append(snap, events)
	}
	raw, err := json.MarshalIndent(snap, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// staffMember puts a new account on m's team with role and signs it in.
func staffMember(t *testing.T, app *server.App, m *merchants.Merchant, ownerID int64, role merchants.StaffRoleName) (*accounts.Account, *malltest.Browser) {
	t.Helper()
	ctx := t.Context()
	acct := malltest.Account(t, app, string(role)+"2@"+m.Slug+".test", "Sam "+string(role))
	token, err := app.Merchants.Invite(ctx, m.ID, ownerID, acct.Email, role)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Merchants.AcceptInvitation(ctx, token, acct.ID); err != nil {
		t.Fatal(err)
	}
	return acct, malltest.SignedIn(t, app, acct)
}

// TestRoleMatrix walks every admin and operator route as an owner, a
// manager and a clerk of a shop, the owner of a suspended shop, a shopper,
// an operator and nobody. Each answers as the table says: allowed ones get
// past the gate, refused staff get the one 403 page saying why, accounts
// without a shop are refused with the invitation to apply, nobody is sent
// to sign in. Refused requests change nothing. A route this table does not
// know fails the test, so a new route cannot skip the rules.
func TestRoleMatrix(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	a, aOwner, ownerB := malltest.Shop(t, app, "alpha", true)
	o := maSeedShop(t, app, ownerB, a, aOwner.ID)
	_, managerB := staffMember(t, app, a, aOwner.ID, merchants.RoleManager)
	_, clerkB := staffMember(t, app, a, aOwner.ID, merchants.RoleClerk)

	s, sOwner, suspendedB := malltest.Shop(t, app, "sierra", true)
	so := maSeedShop(t, app, suspendedB, s, sOwner.ID)
	op := malltest.Operator(t, app)
	if err := app.Merchants.Suspend(ctx, op.ID, s.ID, "Counterfeit goods reported"); err != nil {
		t.Fatal(err)
	}
	pend, _, pendB := malltest.Shop(t, app, "papa", false)
	if p := pendB.PostMultipart("/admin/products", maProductForm("Draft tee")); p.Status != 303 {
		t.Fatalf("applicant's draft: %d", p.Status)
	}
	pendProducts, _, _ := app.Catalog.ListProducts(ctx, pend.ID, catalog.ProductFilter{Page: 1, PerPage: 1})
	pendProduct := pendProducts[0].ID

	browsers := map[string]*malltest.Browser{
		"owner": ownerB, "manager": managerB, "clerk": clerkB, "suspended owner": suspendedB,
		"shopper":  malltest.SignedIn(t, app, malltest.Account(t, app, "shopper@mall.test", "Shopper")),
		"operator": malltest.SignedIn(t, app, op),
		"nobody":   malltest.NewBrowser(t, app),
	}
	// ids are the visitor's own shop's objects (the suspended owner's are
	// its own shop's).
	ids := map[string]maObjects{"suspended owner": so}
	objects := func(visitor string) maObjects {
		if v, ok := ids[visitor]; ok {
			return v
		}
		return o
	}
	id := itoa

	table := func(ob maObjects) map[string]rmRoute {
		mid := id(pend.ID)
		return map[string]rmRoute{
			"POST /admin/locale": {who: rmAccounts, path: "/admin/locale", form: url.Values{"locale": {"en"}, "next": {"/admin"}}},
			"GET /admin/":        {who: rmStaff, path: "/admin"},
			"POST /admin/switch": {who: rmStaff, path: "/admin/switch", form: url.Values{"merchant": {"0"}}},
			"GET /admin/account": {who: rmStaff, path: "/admin/account"},
			"GET /admin/staff":   {who: rmStaff, path: "/admin/staff"},

			"GET /admin/products":                             {who: rmManagers, path: "/admin/products"},
			"GET /admin/products/new":                         {who: rmManagers, path: "/admin/products/new"},
			"POST /admin/products":                            {who: rmManagers, path: "/admin/products", form: maProductForm("Made by a visitor"), multipart: true},
			"GET /admin/products/:id":                         {who: rmManagers, path: "/admin/products/" + id(ob.Product)},
			"POST /admin/products/:id":                        {who: rmManagers, path: "/admin/products/" + id(ob.Product), form: maProductForm("Renamed by a visitor"), multipart: true},
			"POST /admin/products/:id/archive":                {who: rmManagers, path: "/admin/products/" + id(ob.Product) + "/archive"},
			"POST /admin/products/:id/images/:imageID/remove": {who: rmManagers, path: "/admin/products/" + id(ob.Product) + "/images/" + id(ob.Image) + "/remove"},
			"POST /admin/products/:id/images/:imageID/move":   {who: rmManagers, path: "/admin/products/" + id(ob.Product) + "/images/" + id(ob.Image) + "/move", form: url.Values{"direction": {"down"}}},
			"POST /admin/products/:id/images/:imageID/alt":    {who: rmManagers, path: "/admin/products/" + id(ob.Product) + "/images/" + id(ob.Image) + "/alt", form: url.Values{"alt": {"Described by a visitor"}}},
			"GET /admin/stock":                                {who: rmManagers, path: "/admin/stock"},
			"POST /admin/variants/:id/stock":                  {who: rmManagers, path: "/admin/variants/" + id(ob.Variant) + "/stock", form: url.Values{"stock": {"99"}}},
			"POST /admin/stock":                               {who: rmManagers, path: "/admin/stock?page=1", form: url.Values{"stock." + id(ob.Variant): {"98"}, "was." + id(ob.Variant): {"1"}}},
			"GET /admin/categories":                           {who: rmManagers, path: "/admin/categories"},
			"POST /admin/categories":                          {who: rmManagers, path: "/admin/categories", form: url.Values{"name": {"New"}}},
			"POST /admin/categories/:id":                      {who: rmManagers, path: "/admin/categories/" + id(ob.Category), form: url.Values{"name": {"Renamed"}}},
			"POST /admin/categories/:id/delete":               {who: rmManagers, path: "/admin/categories/" + id(ob.Category) + "/delete"},

			"GET /admin/orders":                      {who: rmStaff, path: "/admin/orders"},
			"GET /admin/orders/:id":                  {who: rmStaff, path: "/admin/orders/" + id(ob.PaidOrder)},
			"GET /admin/orders/:id/packing-slip":     {who: rmStaff, path: "/admin/orders/" + id(ob.PaidOrder) + "/packing-slip"},
			"POST /admin/orders/:id/confirm-payment": {who: rmStaff, path: "/admin/orders/" + id(ob.PendingOrder) + "/confirm-payment"},
			"POST /admin/orders/:id/ship":            {who: rmStaff, path: "/admin/orders/" + id(ob.PaidOrder) + "/ship", form: url.Values{"carrier": {"DHL"}, "tracking_number": {"JD0001234567"}}},
			"POST /admin/orders/:id/deliver":         {who: rmStaff, path: "/admin/orders/" + id(ob.PaidOrder) + "/deliver"},
			"POST /admin/orders/:id/cancel":          {who: rmStaff, path: "/admin/orders/" + id(ob.PendingOrder) + "/cancel"},
			"POST /admin/orders/:id/refund":          {who: rmManagers, path: "/admin/orders/" + id(ob.PaidOrder) + "/refund", form: url.Values{"refund." + id(ob.PaidLine): {"1"}}},

			"GET /admin/reviews":             {who: rmManagers, path: "/admin/reviews"},
			"POST /admin/reviews/settings":   {who: rmManagers, path: "/admin/reviews/settings", form: url.Values{"request_days": {"10"}}},
			"POST /admin/reviews/:id/reply":  {who: rmManagers, path: "/admin/reviews/" + id(ob.Review) + "/reply", form: url.Values{"reply": {"Thank you for the review"}}},
			"POST /admin/reviews/:id/report": {who: rmManagers, path: "/admin/reviews/" + id(ob.Review) + "/report", form: url.Values{"reason": {"spam_fake"}, "note": {"Ordered by our competitor"}}},
			"GET /admin/settings/payment":    {who: rmOwners, path: "/admin/settings/payment"},
			"POST /admin/settings/payment":   {who: rmOwners, path: "/admin/settings/payment", form: url.Values{"bank_payee": {"Thief"}}},

			"GET /admin/payments":          {who: rmOwners, path: "/admin/payments"},
			"POST /admin/payments/connect": {who: rmOwners, path: "/admin/payments/connect"},
			"GET /admin/payments/return":   {who: rmOwners, path: "/admin/payments/return"},

			"GET /admin/shipping":                {who: rmManagers, path: "/admin/shipping"},
			"POST /admin/shipping":               {who: rmManagers, path: "/admin/shipping", form: url.Values{"name": {"Courier"}, "price": {"3"}, "active": {"1"}}},
			"POST /admin/shipping/:id":           {who: rmManagers, path: "/admin/shipping/" + id(ob.Shipping), form: url.Values{"name": {"Free"}, "price": {"0"}, "active": {"1"}}},
			"POST /admin/shipping/:id/delete":    {who: rmManagers, path: "/admin/shipping/" + id(ob.Shipping) + "/delete"},
			"GET /admin/settings":                {who: rmOwners, path: "/admin/settings"},
			"POST /admin/settings":               {who: rmOwners, path: "/admin/settings", form: url.Values{"name": {"Taken over"}, "theme_color": {"#000000"}, "locale": {"en"}, "contact_email": {"thief@evil.test"}}},
			"POST /admin/settings/domain":        {who: rmOwners, path: "/admin/settings/domain", form: url.Values{"domain": {"taken-over.example"}}},
			"POST /admin/settings/domain/verify": {who: rmOwners, path: "/admin/settings/domain/verify"},
			"GET /admin/settings/export":         {who: rmOwners, path: "/admin/settings/export"},
			"POST /admin/staff/invitations":      {who: rmOwners, path: "/admin/staff/invitations", form: url.Values{"email": {"friend@evil.test"}, "role": {"owner"}}},
			"POST /admin/staff/:id/remove":       {who: rmOwners, path: "/admin/staff/" + id(ob.Staff) + "/remove"},

			"GET /operator/":                                  {who: rmOperators, path: "/operator"},
			"GET /operator/merchants":                         {who: rmOperators, path: "/operator/merchants"},
			"GET /operator/merchants/:id":                     {who: rmOperators, path: "/operator/merchants/" + mid},
			"GET /operator/merchants/:id/products":            {who: rmOperators, path: "/operator/merchants/" + mid + "/products"},
			"GET /operator/merchants/:id/products/:productID": {who: rmOperators, path: "/operator/merchants/" + mid + "/products/" + id(pendProduct)},
			"POST /operator/merchants/:id/reject":             {who: rmOperators, path: "/operator/merchants/" + mid + "/reject", form: url.Values{"reason": {"Not for this mall"}}},
			"POST /operator/merchants/:id/approve":            {who: rmOperators, path: "/operator/merchants/" + mid + "/approve"},
			"POST /operator/merchants/:id/suspend":            {who: rmOperators, path: "/operator/merchants/" + mid + "/suspend", form: url.Values{"reason": {"Because"}}},
			"POST /operator/merchants/:id/reinstate":          {who: rmOperators, path: "/operator/merchants/" + mid + "/reinstate"},
			"POST /operator/merchants/:id/commission":         {who: rmOperators, path: "/operator/merchants/" + mid + "/commission", form: url.Values{"commission": {"9"}}},
			"GET /operator/settings":                          {who: rmOperators, path: "/operator/settings"},
			"GET /operator/reviews":                           {who: rmOperators, path: "/operator/reviews"},
			"POST /operator/reviews/:id/remove":               {who: rmOperators, path: "/operator/reviews/" + id(ob.Review) + "/remove", form: url.Values{"reason": {"spam_fake"}, "statement": {"The shop showed the order was placed by a competitor."}}},
			"POST /operator/reviews/:id/dismiss":              {who: rmOperators, path: "/operator/reviews/" + id(ob.Review) + "/dismiss", form: url.Values{"statement": {"Nothing in the review breaks the rules."}}},
			"POST /operator/reviews/:id/appeal":               {who: rmOperators, path: "/operator/reviews/" + id(ob.Review) + "/appeal", form: url.Values{"outcome": {"restore"}, "statement": {"The review breaks none of the rules."}}},
			"GET /operator/reviews/erasures":                  {who: rmOperators, path: "/operator/reviews/erasures"},
			"POST /operator/reviews/erasures":                 {who: rmOperators, path: "/operator/reviews/erasures", form: url.Values{"review": {id(ob.Review)}, "reason": {"The reviewer wrote to the mall asking for erasure."}}},
			"POST /operator/settings":                         {who: rmOperators, path: "/operator/settings", form: url.Values{"commission": {"1"}}},
			"GET /operator/reviews/groups/:id":                {who: rmOperators, path: "/operator/reviews/groups/" + id(ob.Review)},
			"GET /operator/reviews/cases":                     {who: rmOperators, path: "/operator/reviews/cases"},
			"POST /operator/reviews/cases/:id/close":          {who: rmOperators, path: "/operator/reviews/cases/" + id(ob.Case) + "/close", form: url.Values{"outcome": {string(reviews.CaseFounded)}, "statement": {"The photo shows the shop's offer of money for a review."}}},
		}
	}

	type request struct {
		key, method, visitor string
		route                rmRoute
	}
	var refused, allowed []request
	seen := map[string]bool{}
	known := table(o)
	for _, r := range app.Fiber.GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/admin") && !strings.HasPrefix(r.Path, "/operator") {
			continue
		}
		if r.Method != "GET" && r.Method != "POST" {
			continue
		}
		key := r.Method + " " + r.Path
		if seen[key] {
			continue
		}
		seen[key] = true
		if _, ok := known[key]; !ok {
			t.Errorf("route %s is not in the role matrix", key)
			continue
		}
		for _, v := range rmVisitors {
			req := request{key: key, method: r.Method, visitor: v, route: table(objects(v))[key]}
			if rmAllowed(req.route, r.Method, v) {
				allowed = append(allowed, req)
			} else {
				refused = append(refused, req)
			}
		}
	}
	for key := range known {
		if !seen[key] {
			t.Errorf("matrix names %s, which is not a route", key)
		}
	}

	send := func(req request) *malltest.Page {
		b := browsers[req.visitor]
		if req.method == "GET" {
			return b.Get(req.route.path)
		}
		if req.visitor == "nobody" {
			b.Get("/account/sign-in")
		} else {
			b.Get("/account")
		}
		form := url.Values{}
		for k, v := range req.route.form {
			form[k] = slices.Clone(v)
		}
		if req.route.multipart {
			return b.PostMultipart(req.route.path, form)
		}
		return b.Post(req.route.path, form)
	}

	beforeA, beforeS, beforeMall := maSnapshot(t, app, a, o), maSnapshot(t, app, s, so), rmMallSnapshot(t, app)
	for _, req := range refused {
		p := send(req)
		where := req.method + " " + req.route.path + " as " + req.visitor
		switch {
		case req.visitor == "nobody":
			if p.Status != 303 || !strings.HasPrefix(p.Location, "/account/sign-in") {
				t.Errorf("%s: %d %q, want sent to sign in", where, p.Status, p.Location)
			}
		case p.Status != 403:
			t.Errorf("%s: %d, want 403", where, p.Status)
		case strings.HasPrefix(req.key, "GET /operator") || strings.HasPrefix(req.key, "POST /operator"):
			if !strings.Contains(p.Text(`[data-testid="error-message"]`), "Only the mall's operators") {
				t.Errorf("%s: refused without saying why: %q", where, p.Text(`[data-testid="error-message"]`))
			}
		case req.visitor == "shopper" || req.visitor == "operator":
			if p.Doc.Find(`[data-testid="admin-none"] a[href="/sell"]`).Length() != 1 {
				t.Errorf("%s: refused without the invitation to apply", where)
			}
		case req.visitor == "suspended owner":
			if !strings.Contains(p.Text(`[data-testid="refused"] [data-testid="error-message"]`), "suspended") {
				t.Errorf("%s: refused without saying the shop is suspended: %q", where, p.Text(`[data-testid="error-message"]`))
			}
		default:
			if !strings.Contains(p.Text(`[data-testid="refused"] [data-testid="error-message"]`), "Your role in this shop does not allow this") {
				t.Errorf("%s: refused without saying why: %q", where, p.Text(`[data-testid="error-message"]`))
			}
		}
	}
	if after := maSnapshot(t, app, a, o); after != beforeA {
		t.Errorf("refused requests changed the shop:\nbefore %s\nafter %s", beforeA, after)
	}
	if after := maSnapshot(t, app, s, so); after != beforeS {
		t.Errorf("refused requests changed the suspended shop:\nbefore %s\nafter %s", beforeS, after)
	}
	if after := rmMallSnapshot(t, app); after != beforeMall {
		t.Errorf("refused requests changed the mall:\nbefore %s\nafter %s", beforeMall, after)
	}

	// Allowed requests get past the gate (what they then answer is each
	// page's own test's business). Clerks go first, owners and operators
	// last, as their changes are the largest.
	order := map[string]int{"clerk": 0, "manager": 1, "suspended owner": 2, "shopper": 3, "owner": 4, "operator": 5}
	slices.SortStableFunc(allowed, func(x, y request) int { return order[x.visitor] - order[y.visitor] })
	for _, req := range allowed {
		p := send(req)
		where := req.method + " " + req.route.path + " as " + req.visitor
		if p.Status == 403 || p.Status >= 500 || strings.HasPrefix(p.Location, "/account/sign-in") {
			t.Errorf("%s: %d %q, want let through\n%s", where, p.Status, p.Location, p.Text(`[data-testid="error-message"]`))
		}
	}
}

// TestClerkCannotTakeOverTheShop is the attack that found the hole: a
// clerk renaming the shop, claiming its domain, and editing categories and
// products. Each is refused and nothing changes.
func TestClerkCannotTakeOverTheShop(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	m, owner, ownerB := malltest.Shop(t, app, "kilo", true)
	o := maSeedShop(t, app, ownerB, m, owner.ID)
	_, clerk := staffMember(t, app, m, owner.ID, merchants.RoleClerk)
	clerk.Get("/admin")
	posts := []struct {
		path string
		form url.Values
	}{
		{"/admin/settings", url.Values{"name": {"Clerk's shop"}, "theme_color": {"#000000"}, "locale": {"en"}, "contact_email": {"clerk@evil.test"}}},
		{"/admin/settings/domain", url.Values{"domain": {"clerk.example"}}},
		{"/admin/categories", url.Values{"name": {"Clerk's"}}},
		{"/admin/categories/" + itoa(o.Category), url.Values{"name": {"Clerk's"}}},
		{"/admin/categories/" + itoa(o.Category) + "/delete", nil},
	}
	for _, post := range posts {
		if p := clerk.Post(post.path, post.form); p.Status != 403 || p.Doc.Find(`[data-testid="refused"]`).Length() != 1 {
			t.Errorf("clerk POST %s: %d", post.path, p.Status)
		}
	}
	if p := clerk.PostMultipart("/admin/products/"+itoa(o.Product), maProductForm("Clerk's")); p.Status != 403 {
		t.Errorf("clerk edits a product: %d", p.Status)
	}
	if p := clerk.PostMultipart("/admin/products", maProductForm("Clerk's new")); p.Status != 403 {
		t.Errorf("clerk adds a product: %d", p.Status)
	}
	got, _ := app.Merchants.MerchantByID(ctx, m.ID)
	if got.Name != m.Name || got.CustomDomain != "" || got.ContactEmail != m.ContactEmail {
		t.Errorf("shop changed: %q %q %q", got.Name, got.CustomDomain, got.ContactEmail)
	}
	cats, _ := app.Catalog.Categories(ctx, m.ID)
	if len(cats) != 1 || strings.Contains(cats[0].Name, "Clerk") {
		t.Errorf("categories changed: %+v", cats)
	}
	if p, _ := app.Catalog.ProductInMerchant(ctx, m.ID, o.Product); strings.Contains(p.Title, "Clerk") {
		t.Errorf("product changed: %q", p.Title)
	}
	// The clerk's nav offers only what the clerk may open.
	p := clerk.Get("/admin")
	for _, href := range []string{"/admin/products", "/admin/stock", "/admin/categories", "/admin/shipping", "/admin/payments", "/admin/settings"} {
		if p.Doc.Find(`nav a[href="`+href+`"]`).Length() != 0 {
			t.Errorf("clerk's nav offers %s", href)
		}
	}
	if p.Doc.Find(`nav a[href="/admin/orders"]`).Length() != 1 {
		t.Error("clerk's nav does not offer orders")
	}
	// No page a clerk opens links to one the clerk is refused.
	for _, page := range []string{"/admin", "/admin/orders", "/admin/orders/" + itoa(o.PaidOrder), "/admin/staff", "/admin/account"} {
		clerk.Get(page).Doc.Find(`a[href^="/admin"]`).Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			if p := clerk.Get(href); p.Status == 403 {
				t.Errorf("%s links to %s, which the clerk is refused", page, href)
			}
		})
	}
}
