package stripetest_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/mall-project/mall/internal/stripetest"
)

func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }

func TestMockAnswersTheRealClient(t *testing.T) {
	url := stripetest.URL(t)
	if again := stripetest.URL(t); again != url {
		t.Fatalf("second URL %q, want the same mock %q", again, url)
	}
	sc := client.New(stripetest.APIKey, &stripe.Backends{
		API: stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{URL: stripe.String(url)}),
	})
	acct, err := sc.Accounts.New(&stripe.AccountParams{Type: stripe.String(string(stripe.AccountTypeExpress))})
	if err != nil {
		t.Fatalf("create account: %v", err)
	}
	if acct.ID == "" {
		t.Fatal("account without id")
	}
}

func TestSignedEventPassesConstructEvent(t *testing.T) {
	payload, header := stripetest.SignedEvent(t, "whsec_test", "checkout.session.completed", map[string]any{
		"id": "cs_test_1", "object": "checkout.session", "payment_status": "paid",
	})
	ev, err := webhook.ConstructEvent(payload, header, "whsec_test")
	if err != nil {
		t.Fatalf("construct: %v", err)
	}
	if ev.Type != "checkout.session.completed" || len(ev.ID) < 5 || ev.ID[:4] != "evt_" {
		t.Fatalf("event %q %q", ev.ID, ev.Type)
	}
	var cs stripe.CheckoutSession
	if err := json.Unmarshal(ev.Data.Raw, &cs); err != nil {
		t.Fatal(err)
	}
	if cs.ID != "cs_test_1" || cs.PaymentStatus != stripe.CheckoutSessionPaymentStatusPaid {
		t.Fatalf("session %+v", cs)
	}
	if _, err := webhook.ConstructEvent(payload, header, "whsec_other"); err == nil {
		t.Fatal("a payload signed with another secret passed")
	}
}
