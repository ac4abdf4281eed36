package payments_test

import (
	"testing"

	"github.com/mall-project/mall/payments"
)

// TestEveryConnectStateIsDeclaredAndReached: each account the mall can
// hold, read back from the database, stands in a declared Connect state,
// and each declared state is reached.
func TestEveryConnectStateIsDeclaredAndReached(t *testing.T) {
	f := newFixture(t, false)
	reached := map[payments.ConnectState]bool{}
	for _, tc := range []struct {
		slug    string
		account *payments.ConnectAccount
		want    payments.ConnectState
	}{
		{"never", nil, payments.ConnectNone},
		{"started", &payments.ConnectAccount{StripeAccountID: "acct_started"}, payments.ConnectIncomplete},
		{"charging", &payments.ConnectAccount{StripeAccountID: "acct_charging", ChargesEnabled: true, DetailsSubmitted: true}, payments.ConnectIncomplete},
		{"ready", &payments.ConnectAccount{StripeAccountID: "acct_ready", ChargesEnabled: true, PayoutsEnabled: true, DetailsSubmitted: true}, payments.ConnectReady},
	} {
		id := f.merchant(tc.slug, 1000)
		if tc.account != nil {
			tc.account.MerchantID = id
			if err := f.db.Create(tc.account).Error; err != nil {
				t.Fatal(err)
			}
		}
		a, err := f.pay.ConnectStatus(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.State(); got != tc.want || !got.Valid() {
			t.Errorf("%s: state %q (valid %v), want %q", tc.slug, got, got.Valid(), tc.want)
		}
		reached[a.State()] = true
	}
	for _, s := range payments.ConnectStates() {
		if !reached[s] {
			t.Errorf("declared %q is reached by no account", s)
		}
	}
	if len(payments.ConnectStates()) != len(reached) || payments.ConnectState("pending").Valid() {
		t.Errorf("declared states %v", payments.ConnectStates())
	}
}
