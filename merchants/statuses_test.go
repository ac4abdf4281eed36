package merchants_test

import (
	"testing"

	"github.com/mall-project/mall/merchants"
)

// TestEveryDeclaredMerchantStatusRoundTrips: every declared merchant
// status is stored and read back as itself; an undeclared one is not
// Valid.
func TestEveryDeclaredMerchantStatusRoundTrips(t *testing.T) {
	f := setup(t)
	m, _ := f.shop("round-trip")
	for _, s := range merchants.MerchantStatuses() {
		if !s.Valid() {
			t.Errorf("declared %q is not Valid", s)
		}
		if err := f.db.Model(&merchants.Merchant{}).Where("id = ?", m.ID).Update("status", s).Error; err != nil {
			t.Fatalf("the database refuses %q: %v", s, err)
		}
		got, err := f.store.MerchantByID(f.ctx, m.ID)
		if err != nil || got.Status != s {
			t.Errorf("wrote %q, read %+v (%v)", s, got, err)
		}
	}
	if merchants.MerchantStatus("closed").Valid() || merchants.MerchantStatus("").Valid() {
		t.Error("an undeclared status is Valid")
	}
}

// TestEveryStoredMerchantStatusIsDeclared takes shops through every
// operator decision, then reads back every status the table holds: each
// is declared, and each declared one was reached.
func TestEveryStoredMerchantStatusIsDeclared(t *testing.T) {
	f := setup(t)
	op := f.operator()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	const why = "The shop sells goods the mall does not allow."
	f.shop("waiting")
	open, _ := f.shop("open")
	must(f.store.Approve(f.ctx, op.ID, open.ID))
	closed, _ := f.shop("closed")
	must(f.store.Approve(f.ctx, op.ID, closed.ID))
	must(f.store.Suspend(f.ctx, op.ID, closed.ID, why))
	back, _ := f.shop("back")
	must(f.store.Approve(f.ctx, op.ID, back.ID))
	must(f.store.Suspend(f.ctx, op.ID, back.ID, why))
	must(f.store.Reinstate(f.ctx, op.ID, back.ID))
	refused, _ := f.shop("refused")
	must(f.store.Reject(f.ctx, op.ID, refused.ID, why))

	var stored []string
	must(f.db.Raw(`SELECT DISTINCT status FROM merchants`).Scan(&stored).Error)
	seen := map[merchants.MerchantStatus]bool{}
	for _, s := range stored {
		if !merchants.MerchantStatus(s).Valid() {
			t.Errorf("merchants.status holds %q, which is not declared", s)
		}
		seen[merchants.MerchantStatus(s)] = true
	}
	for _, s := range merchants.MerchantStatuses() {
		if !seen[s] {
			t.Errorf("declared %q was never stored (stored %v)", s, stored)
		}
	}
}
