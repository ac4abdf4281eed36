package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
)

func TestPaymentInstructionsAreSavedAndBadInputKept(t *testing.T) {
	app := malltest.NewApp(t)
	m, _, b := malltest.Shop(t, app, "acme", true)
	p := b.Get("/admin/settings")
	if href := p.Attr(`[data-testid="payment-instructions-link"]`, "href"); href != "/admin/settings/payment" {
		t.Fatalf("settings link %q", href)
	}
	p = b.Get("/admin/settings/payment")
	if p.Status != http.StatusOK || p.Attr(`#field-unpaid_days`, "value") != "7" {
		t.Fatalf("page: %d, days %q", p.Status, p.Attr(`#field-unpaid_days`, "value"))
	}
	bad := url.Values{
		"bank_transfer": {"1"}, "bank_payee": {"Acme Ltd"}, "bank_account": {"GB83 WEST 1234 5698 7654 32"},
		"cash_on_delivery": {"1"}, "other": {"PayMe 5555 0000"}, "unpaid_days": {"45"},
	}
	p = b.Post("/admin/settings/payment", bad)
	if p.Status != http.StatusUnprocessableEntity {
		t.Fatalf("bad IBAN and days: %d", p.Status)
	}
	if e := p.Text(`#field-bank_account-error`); !strings.Contains(e, "check digits") {
		t.Errorf("IBAN error %q", e)
	}
	if e := p.Text(`#field-unpaid_days-error`); e != "Enter a number of days from 1 to 30." {
		t.Errorf("days error %q", e)
	}
	if p.Attr(`#field-bank_account`, "value") != "GB83 WEST 1234 5698 7654 32" || p.Attr(`#field-unpaid_days`, "value") != "45" ||
		p.Attr(`#field-bank_payee`, "value") != "Acme Ltd" || p.Doc.Find(`#field-cash_on_delivery[checked]`).Length() != 1 {
		t.Errorf("typed input not kept")
	}
	if got, _ := app.Merchants.PaymentInstructionsOf(t.Context(), m.ID); got.Set() {
		t.Fatalf("refused input was saved: %+v", got)
	}

	good := url.Values{
		"bank_transfer": {"1"}, "bank_payee": {"Acme Ltd"}, "bank_name": {"Westminster Bank"},
		"bank_account": {"gb82 west 1234 5698 7654 32"}, "bank_other": {"BIC WESTGB2L"}, "unpaid_days": {"3"},
	}
	if p := b.Post("/admin/settings/payment", good); p.Status != http.StatusSeeOther || p.Location != "/admin/settings/payment" {
		t.Fatalf("save: %d to %q", p.Status, p.Location)
	}
	p = b.Get("/admin/settings/payment")
	if p.Attr(`#field-bank_account`, "value") != "GB82 WEST 1234 5698 7654 32" || p.Attr(`#field-unpaid_days`, "value") != "3" ||
		p.Doc.Find(`#field-cash_on_delivery[checked]`).Length() != 0 || p.Doc.Find(`#field-bank_transfer[checked]`).Length() != 1 {
		t.Errorf("saved page shows %q / %q", p.Attr(`#field-bank_account`, "value"), p.Attr(`#field-unpaid_days`, "value"))
	}
	got, err := app.Merchants.PaymentInstructionsOf(t.Context(), m.ID)
	if err != nil || got.BankAccount != "GB82WEST12345698765432" || got.UnpaidDays != 3 || got.BankName != "Westminster Bank" {
		t.Fatalf("stored %+v %v", got, err)
	}
}
