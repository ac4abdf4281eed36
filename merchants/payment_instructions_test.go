package merchants_test

import (
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
)

func TestPaymentInstructionsAreCheckedAndSaved(t *testing.T) {
	f := setup(t)
	m, _ := f.shop("acme")
	got, err := f.store.PaymentInstructionsOf(f.ctx, m.ID)
	if err != nil || got.Set() || got.UnpaidDays != merchants.DefaultUnpaidDays {
		t.Fatalf("before saving: %+v %v", got, err)
	}
	bad := []struct {
		name  string
		in    merchants.PaymentInstructions
		field string
		key   string
	}{
		{"bank transfer without payee", merchants.PaymentInstructions{BankTransfer: true, BankAccount: "12345678", UnpaidDays: 7}, "bank_payee", "merchants.error.payee_required"},
		{"bank transfer without account", merchants.PaymentInstructions{BankTransfer: true, BankPayee: "Acme", UnpaidDays: 7}, "bank_account", "merchants.error.account_required"},
		{"IBAN with a wrong check digit", merchants.PaymentInstructions{BankTransfer: true, BankPayee: "Acme", BankAccount: "GB83 WEST 1234 5698 7654 32", UnpaidDays: 7}, "bank_account", "merchants.error.iban_invalid"},
		{"account with symbols", merchants.PaymentInstructions{BankTransfer: true, BankPayee: "Acme", BankAccount: "12/34", UnpaidDays: 7}, "bank_account", "merchants.error.account_invalid"},
		{"no days", merchants.PaymentInstructions{CashOnDelivery: true}, "unpaid_days", "merchants.error.unpaid_days"},
		{"too many days", merchants.PaymentInstructions{CashOnDelivery: true, UnpaidDays: 31}, "unpaid_days", "merchants.error.unpaid_days"},
	}
	for _, c := range bad {
		_, err := f.store.SavePaymentInstructions(f.ctx, m.ID, c.in)
		fe := mall.Fields(err)[c.field]
		if fe == nil || fe.Key != c.key {
			t.Errorf("%s: %v, want %s on %s", c.name, err, c.key, c.field)
		}
	}
	if got, _ := f.store.PaymentInstructionsOf(f.ctx, m.ID); got.Set() {
		t.Fatalf("a refused save was stored: %+v", got)
	}
	saved, err := f.store.SavePaymentInstructions(f.ctx, m.ID, merchants.PaymentInstructions{
		BankTransfer: true, BankPayee: "  Acme   Ltd ", BankName: "Westpac", BankAccount: "gb82 west 1234 5698 7654 32",
		BankOther: "BIC WESTGB2L", CashOnDelivery: true, Other: "Alipay: pay@acme.example", UnpaidDays: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	if saved.BankPayee != "Acme Ltd" || saved.BankAccount != "GB82WEST12345698765432" || !saved.IsIBAN() ||
		saved.BankAccountDisplay() != "GB82 WEST 1234 5698 7654 32" || saved.UnpaidDays != 3 || !saved.CashOnDelivery {
		t.Fatalf("saved %+v (%s)", saved, saved.BankAccountDisplay())
	}
	// Saving again replaces them; a domestic account number is kept as typed.
	again, err := f.store.SavePaymentInstructions(f.ctx, m.ID, merchants.PaymentInstructions{
		BankTransfer: true, BankPayee: "Acme", BankAccount: "6222 0202 0000 1234 567", UnpaidDays: 5,
	})
	if err != nil || again.CashOnDelivery || again.BankAccount != "6222020200001234567" || again.IsIBAN() || again.UnpaidDays != 5 {
		t.Fatalf("again %+v %v", again, err)
	}
}
