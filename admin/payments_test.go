package admin_test

import (
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/internal/stripetest"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/payments"
	"github.com/mall-project/mall/server"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

// TestMain stops the stripe-mock the Stripe tests start.
func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }

// stripeApp is the mall taking cards through a local stripe-mock.
func stripeApp(t *testing.T) *server.App {
	t.Helper()
	store, err := media.NewDiskStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(malltest.BaseURL)
	app, err := server.New(server.Options{
		DB: dbtest.Open(t), Media: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Web:      web.Config{Secret: malltest.Secret, BaseURL: base},
		Site:     templates.Site{Name: "Test Mall", BaseURL: malltest.BaseURL, Currency: "USD"},
		Payments: payments.Config{StripeKey: stripetest.APIKey, StripeURL: stripetest.URL(t), BaseURL: malltest.BaseURL},
	})
	if err != nil {
		t.Fatal(err)
	}
	return app
}

func TestPaymentsPageExplainsOfflinePayments(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "acme", true)
	op := malltest.Operator(t, app)
	if err := app.Merchants.SetCommission(t.Context(), op.ID, m.ID, 725); err != nil {
		t.Fatal(err)
	}
	p := b.Get("/admin/payments")
	if p.Status != 200 || p.Doc.Find(`[data-testid="payments-offline"]`).Length() != 1 {
		t.Fatalf("offline page: %d", p.Status)
	}
	if !strings.Contains(p.Text(`[data-testid="payments-offline"]`), "Payment received") {
		t.Errorf("offline explanation %q", p.Text(`[data-testid="payments-offline"]`))
	}
	if got := p.Text(`[data-testid="payments-commission"]`); !strings.Contains(got, "7.25%") {
		t.Errorf("commission %q", got)
	}
	if p.Doc.Find(`[data-testid="connect-form"]`).Length() != 0 {
		t.Error("a Stripe button without Stripe")
	}
	if p.Doc.Find(`nav a[href="/admin/payments"][aria-current="page"]`).Length() != 1 {
		t.Error("payments not marked in the nav")
	}
	// Connecting is refused with a reason; the way back only returns.
	p = b.Post("/admin/payments/connect", nil)
	if p.Status != 409 || !strings.Contains(p.Text(`[data-testid="payments-problem"]`), "not set up") {
		t.Errorf("connect offline: %d %q", p.Status, p.Text(`[data-testid="payments-problem"]`))
	}
	if p := b.Get("/admin/payments/return"); p.Status != 303 || p.Location != "/admin/payments" {
		t.Errorf("return offline: %d %q", p.Status, p.Location)
	}
}

func TestOwnerConnectsTheShopToStripe(t *testing.T) {
	app := stripeApp(t)
	ctx := t.Context()
	m, owner, b := malltest.Shop(t, app, "acme", true)

	p := b.Get("/admin/payments")
	if p.Status != 200 || p.Doc.Find(`[data-testid="payments-offline"]`).Length() != 0 {
		t.Fatalf("stripe page: %d", p.Status)
	}
	if got := p.Text(`[data-testid="connect-status"]`); got != "Not connected" {
		t.Errorf("status %q", got)
	}
	if p.Doc.Find(`[data-testid="connect-form"] button`).Text() != "Connect with Stripe" {
		t.Fatal("no Connect with Stripe button")
	}

	// Payments are the owners': a clerk neither sees nor connects them.
	token, err := app.Merchants.Invite(ctx, m.ID, owner.ID, "clerk@acme.test", merchants.RoleClerk)
	if err != nil {
		t.Fatal(err)
	}
	clerkAcct := malltest.Account(t, app, "clerk@acme.test", "Clerk")
	if err := app.Merchants.AcceptInvitation(ctx, token, clerkAcct.ID); err != nil {
		t.Fatal(err)
	}
	clerk := malltest.SignedIn(t, app, clerkAcct)
	if p := clerk.Get("/admin/payments"); p.Status != 403 || p.Doc.Find(`[data-testid="connect-form"]`).Length() != 0 {
		t.Errorf("clerk sees payments: %d", p.Status)
	}
	clerk.Get("/admin")
	if p := clerk.Post("/admin/payments/connect", nil); p.Status != 403 {
		t.Errorf("clerk connect: %d", p.Status)
	}
	if a, _ := app.Payments.ConnectStatus(ctx, m.ID); a != nil {
		t.Fatalf("clerk made an account: %+v", a)
	}

	p = b.Post("/admin/payments/connect", nil)
	if p.Status != 303 || !strings.HasPrefix(p.Location, "https://") {
		t.Fatalf("connect: %d %q\n%s", p.Status, p.Location, p.Text(`[data-testid="payments-problem"]`))
	}
	a, err := app.Payments.ConnectStatus(ctx, m.ID)
	if err != nil || !a.Connected() {
		t.Fatalf("connected account: %+v %v", a, err)
	}
	want := "Onboarding not finished"
	if a.Ready() {
		want = "Payouts enabled"
	}
	p = b.Get("/admin/payments/return")
	if p.Status != 303 || p.Location != "/admin/payments" {
		t.Fatalf("return: %d %q", p.Status, p.Location)
	}
	p = b.Get("/admin/payments")
	if got := p.Text(`[data-testid="connect-status"]`); got != want {
		t.Errorf("status after onboarding %q, want %q", got, want)
	}
	if p.Text(`[data-testid="flash"]`) == "" {
		t.Error("no flash after coming back from Stripe")
	}
	if p := b.Get("/admin/payments?expired=1"); p.Doc.Find(`[data-testid="payments-link-expired"]`).Length() != 1 {
		t.Error("no word about the stale link")
	}
}
