package server_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/internal/stripetest"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/payments"
	"github.com/mall-project/mall/server"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

const webhookSecret = "whsec_server_test"

// newStripeApp is the mall with a Stripe webhook secret (the key itself is
// not needed to receive events).
func newStripeApp(t *testing.T) (*server.App, *gorm.DB) {
	t.Helper()
	db := dbtest.Open(t)
	store, err := media.NewDiskStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(malltest.BaseURL)
	app, err := server.New(server.Options{
		DB: db, Media: store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Web:      web.Config{Secret: malltest.Secret, BaseURL: base},
		Site:     templates.Site{Name: "Test Mall", BaseURL: malltest.BaseURL, Currency: "USD"},
		Payments: payments.Config{WebhookSecret: webhookSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	return app, db
}

func postWebhook(b *malltest.Browser, payload []byte, sig string) *malltest.Page {
	req := httptest.NewRequest(http.MethodPost, "/webhooks/stripe", bytes.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	if sig != "" {
		req.Header.Set("Stripe-Signature", sig)
	}
	return b.Do(req)
}

func TestStripeWebhookAnswers(t *testing.T) {
	app, _ := newStripeApp(t)
	b := malltest.NewBrowser(t, app)
	ctx := t.Context()

	payload, sig := stripetest.SignedEvent(t, "whsec_wrong", "checkout.session.completed", map[string]any{"id": "cs_1", "object": "checkout.session"})
	if p := postWebhook(b, payload, sig); p.Status != http.StatusBadRequest {
		t.Errorf("wrong secret: %d, want 400", p.Status)
	}
	if p := postWebhook(b, payload, ""); p.Status != http.StatusBadRequest {
		t.Errorf("no signature: %d, want 400", p.Status)
	}
	if evs, _ := app.Payments.Events(ctx, "", 10); len(evs) != 0 {
		t.Fatalf("bad deliveries stored %d events", len(evs))
	}

	// No session cookie, no CSRF token: the signature is the proof.
	payload, sig = stripetest.SignedEventWithID(t, webhookSecret, "evt_route_1", "checkout.session.completed",
		map[string]any{"id": "cs_not_ours", "object": "checkout.session", "payment_status": "paid"})
	if p := postWebhook(b, payload, sig); p.Status != http.StatusOK {
		t.Fatalf("valid event for an unknown session: %d %s, want 200", p.Status, p.Body)
	}
	if p := postWebhook(b, payload, sig); p.Status != http.StatusOK {
		t.Fatalf("replayed event: %d, want 200", p.Status)
	}
	payload, sig = stripetest.SignedEvent(t, webhookSecret, "invoice.paid", map[string]any{"id": "in_1", "object": "invoice"})
	if p := postWebhook(b, payload, sig); p.Status != http.StatusOK {
		t.Fatalf("unknown type: %d, want 200", p.Status)
	}
	ev, err := app.Payments.Event(ctx, "evt_route_1")
	if err != nil || ev.Outcome != payments.OutcomeUnknownSession {
		t.Fatalf("kept event: %+v %v", ev, err)
	}
	if evs, _ := app.Payments.Events(ctx, "", 10); len(evs) != 2 {
		t.Fatalf("%d events stored, want 2", len(evs))
	}
}

func TestStripeWebhookAsksForARetryWhenTheMallFails(t *testing.T) {
	app, db := newStripeApp(t)
	b := malltest.NewBrowser(t, app)
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	sqlDB.Close()
	payload, sig := stripetest.SignedEvent(t, webhookSecret, "checkout.session.completed",
		map[string]any{"id": "cs_1", "object": "checkout.session", "payment_status": "paid"})
	if p := postWebhook(b, payload, sig); p.Status != http.StatusInternalServerError {
		t.Fatalf("database down: %d, want 500 so Stripe delivers again", p.Status)
	}
}
