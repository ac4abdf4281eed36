package payments_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/stripetest"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/payments"
)

// connect onboards the merchant at stripe-mock and returns its account id.
func (f *fixture) connect(merchantID int64) string {
	f.t.Helper()
	url, err := f.pay.ConnectOnboardingURL(ctx, merchantID, "/admin/payments/return", "/admin/payments/connect")
	if err != nil {
		f.t.Fatalf("onboarding: %v", err)
	}
	if !strings.HasPrefix(url, "https://") {
		f.t.Fatalf("onboarding URL %q", url)
	}
	acct, err := f.pay.ConnectStatus(ctx, merchantID)
	if err != nil || !acct.Connected() {
		f.t.Fatalf("after onboarding: %+v %v", acct, err)
	}
	return acct.StripeAccountID
}

// accountUpdated delivers account.updated with the given capabilities,
// signed as Stripe's Connect endpoint signs it.
func (f *fixture) accountUpdated(eventID, accountID string, payouts bool) {
	f.t.Helper()
	payload, sig := stripetest.SignedEventWithID(f.t, connectSecret, eventID, "account.updated", map[string]any{
		"id": accountID, "object": "account", "type": "express",
		"charges_enabled": payouts, "payouts_enabled": payouts, "details_submitted": payouts,
	})
	if err := f.pay.HandleStripeWebhook(ctx, payload, sig); err != nil {
		f.t.Fatalf("account.updated %s: %v", eventID, err)
	}
}

func TestConnectOnboardingCreatesTheAccountOnce(t *testing.T) {
	f := newFixture(t, true)
	m := f.merchant("acme", 1000)
	if acct, err := f.pay.ConnectStatus(ctx, m); err != nil || acct != nil || acct.Connected() || acct.Ready() {
		t.Fatalf("before onboarding: %+v %v", acct, err)
	}
	id := f.connect(m)
	if !strings.HasPrefix(id, "acct_") {
		t.Fatalf("account id %q", id)
	}
	// Back from a stale link: a new link, the same account.
	if again := f.connect(m); again != id {
		t.Fatalf("second onboarding made account %s, first was %s", again, id)
	}
	accounts := f.stripe.posts("/v1/accounts")
	if len(accounts) != 1 {
		t.Fatalf("%d accounts created at Stripe, want 1", len(accounts))
	}
	if got := accounts[0].IdempotencyKey; got != fmt.Sprintf("connect-account-%d", m) {
		t.Errorf("idempotency key %q", got)
	}
	if got := accounts[0].Form.Get("type"); got != "express" {
		t.Errorf("account type %q", got)
	}
	links := f.stripe.posts("/v1/account_links")
	if len(links) != 2 || links[0].Form.Get("type") != "account_onboarding" || links[0].Form.Get("account") != id ||
		links[0].Form.Get("return_url") != "http://mall.test/admin/payments/return" {
		t.Fatalf("account links %+v", links)
	}
	if n := f.count("payment_accounts", "merchant_id = ?", m); n != 1 {
		t.Fatalf("%d account rows", n)
	}
	// RefreshConnect reads the account back from Stripe.
	acct, err := f.pay.RefreshConnect(ctx, m)
	if err != nil || acct.StripeAccountID != id {
		t.Fatalf("refresh: %+v %v", acct, err)
	}
}

func TestConnectNeedsStripe(t *testing.T) {
	f := newFixture(t, false)
	m := f.merchant("acme", 1000)
	_, err := f.pay.ConnectOnboardingURL(ctx, m, "/r", "/f")
	if mall.ErrorCode(err) != mall.EConflict {
		t.Fatalf("offline onboarding: %v", err)
	}
}

func TestHeldTransfersGoOutWhenTheAccountCanReceivePayouts(t *testing.T) {
	f := newFixture(t, true)
	a, b := f.twoShops()
	acctA := f.connect(a.merchantID)
	f.accountUpdated("evt_acct_ready", acctA, true)
	if acct, _ := f.pay.ConnectStatus(ctx, a.merchantID); !acct.Ready() {
		t.Fatalf("account.updated did not save payouts_enabled: %+v", acct)
	}
	acctB := f.connect(b.merchantID) // onboarding not finished yet

	co := f.placeWithSession(a, b)
	f.mustDeliver("evt_paid", "checkout.session.completed", session(co, "paid"))
	f.runJobs()

	byMerchant := map[int64]orders.Order{}
	for _, o := range f.checkout(co.ID).Orders {
		byMerchant[o.MerchantID] = o
	}
	oa, ob := byMerchant[a.merchantID], byMerchant[b.merchantID]
	if oa.TransferStatus != orders.TransferTransferred || oa.TransferID == "" || oa.TransferAmount != oa.Total-oa.CommissionAmount {
		t.Errorf("ready merchant's order: transfer %q %q %d, want transferred %d", oa.TransferStatus, oa.TransferID, oa.TransferAmount, oa.Total-oa.CommissionAmount)
	}
	if ob.TransferStatus != orders.TransferHeld {
		t.Errorf("unready merchant's order: transfer %q, want held", ob.TransferStatus)
	}
	transfers := f.stripe.posts("/v1/transfers")
	if len(transfers) != 1 {
		t.Fatalf("%d transfers, want 1", len(transfers))
	}
	tr := transfers[0]
	want := map[string]string{
		"amount": fmt.Sprint(oa.Total - oa.CommissionAmount), "currency": "usd",
		"destination": acctA, "transfer_group": co.PublicID,
	}
	for k, v := range want {
		if got := tr.Form.Get(k); got != v {
			t.Errorf("transfer %s = %q, want %q", k, got, v)
		}
	}
	if tr.IdempotencyKey != fmt.Sprintf("transfer-order-%d", oa.ID) {
		t.Errorf("transfer idempotency key %q", tr.IdempotencyKey)
	}

	// B finishes onboarding: its held share goes out, once, however often
	// Stripe says so.
	f.accountUpdated("evt_b_ready", acctB, true)
	f.accountUpdated("evt_b_ready", acctB, true)
	f.accountUpdated("evt_b_again", acctB, true)
	f.runJobs()
	ob2, err := f.orders.OrderInMerchant(ctx, b.merchantID, ob.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ob2.TransferStatus != orders.TransferTransferred || ob2.TransferAmount != ob.Total-ob.CommissionAmount {
		t.Errorf("released order: transfer %q %d", ob2.TransferStatus, ob2.TransferAmount)
	}
	transfers = f.stripe.posts("/v1/transfers")
	if len(transfers) != 2 || transfers[1].Form.Get("destination") != acctB {
		t.Fatalf("transfers after release: %d", len(transfers))
	}
	// A replayed checkout.paid job sends nothing more.
	f.mustDeliver("evt_paid", "checkout.session.completed", session(co, "paid"))
	f.runJobs()
	if n := len(f.stripe.posts("/v1/transfers")); n != 2 {
		t.Fatalf("%d transfers after replay, want 2", n)
	}
}

func TestAccountUpdatedForAStrangerIsKept(t *testing.T) {
	f := newFixture(t, true)
	f.accountUpdated("evt_stranger_acct", "acct_not_ours", true)
	if ev := f.event("evt_stranger_acct"); ev.Outcome != payments.OutcomeUnknownAccount {
		t.Errorf("outcome %q", ev.Outcome)
	}
}
