package notify_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
)

func TestOfflineEmailsCarryEachShopsInstructionsThenRemindAndCancel(t *testing.T) {
	f := newFixture(t)
	_, err := merchants.NewStore(f.db).SavePaymentInstructions(ctx, f.acme, merchants.PaymentInstructions{
		BankTransfer: true, BankPayee: "Acme Goods Ltd", BankName: "Westminster Bank", BankAccount: "GB82WEST12345698765432",
		BankOther: "BIC WESTGB2L", CashOnDelivery: true, UnpaidDays: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	placed := f.clock.now()
	co := f.place(orders.ProviderOffline, "en")
	f.runDue()
	c := f.one("ann@example.com")
	due := i18n.Date(i18n.WithLocale(ctx, i18n.English), placed.Add(3*24*time.Hour))
	contains(t, "confirmation", c.Text,
		"How to pay Acme Goods",
		"Amount: $29.00",
		"Reference: ACME-1001",
		"Payee: Acme Goods Ltd",
		"Bank: Westminster Bank",
		"IBAN: GB82 WEST 1234 5698 7654 32",
		"Other details: BIC WESTGB2L",
		"Quote ACME-1001 as the reference so Acme Goods can match your transfer.",
		"Pay $29.00 in cash to the courier when your parcel arrives.",
		"If Acme Goods has not confirmed your order by "+due,
		// Kiln set nothing: the shopper is told whom to ask, not left guessing.
		"How to pay Kiln & Clay",
		"Amount: $30.00",
		"Kiln & Clay has not published its payment details yet. Ask at hello@kiln.test, quoting KILN-1001.",
	)
	if strings.Contains(c.Text, "bank transfer or on delivery") {
		t.Errorf("confirmation still has the generic wording:\n%s", c.Text)
	}

	// A day before acme's three days are up, one reminder about its order.
	f.clock.advance(2*24*time.Hour + time.Minute)
	for range 2 {
		if _, err := f.orders.RemindDueOfflineOrders(ctx); err != nil {
			t.Fatal(err)
		}
		f.runDue()
	}
	reminders := 0
	for _, m := range f.inbox("ann@example.com") {
		if m.Subject == "Reminder: order ACME-1001 waits for payment" {
			reminders++
			contains(t, "reminder", m.Text, "Acme Goods has not yet confirmed the payment for your order ACME-1001",
				due, "IBAN: GB82 WEST 1234 5698 7654 32", "Reference: ACME-1001", orders.LinkSignature(secret, co.PublicID))
			if m.Header.Get("Reply-To") != "sales@acme.test" {
				t.Errorf("reminder Reply-To %q", m.Header.Get("Reply-To"))
			}
		}
	}
	if reminders != 1 || len(f.inbox("ann@example.com")) != 2 {
		t.Fatalf("%d reminders, %d emails; want one reminder", reminders, len(f.inbox("ann@example.com")))
	}

	// Past the due time the order is cancelled and the shopper told so.
	f.clock.advance(24 * time.Hour)
	if n, err := f.orders.ExpireDueOfflineOrders(ctx); err != nil || n != 1 {
		t.Fatalf("expired %d, %v", n, err)
	}
	f.runDue()
	got := f.inbox("ann@example.com")
	last := got[len(got)-1]
	if last.Subject != "Order ACME-1001 was cancelled: no payment arrived" {
		t.Fatalf("last email %q", last.Subject)
	}
	contains(t, "expiry", last.Text, "Acme Goods did not confirm a payment for your order ACME-1001 in time", "2 × Blue mug (Large)")
}
