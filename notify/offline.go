package notify

import (
	"context"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

// payInstructions writes how to pay shop m for order o: the amount, the
// order number as the reference and the ways the shop set out, as the
// confirmation page shows them.
func (l *letter) payInstructions(p *merchants.PaymentInstructions, m *merchants.Merchant, o *orders.Order) {
	amount := l.money(o.Total, o.Currency)
	l.p("  " + l.T("offline.pay.heading", "Shop", m.Name))
	l.p("    " + l.T("offline.pay.amount") + ": " + amount)
	l.p("    " + l.T("offline.pay.reference") + ": " + o.Number)
	if p.BankTransfer {
		l.p("    " + l.T("offline.bank.heading"))
		l.p("      " + l.T("offline.bank.payee") + ": " + p.BankPayee)
		if p.BankName != "" {
			l.p("      " + l.T("offline.bank.bank") + ": " + p.BankName)
		}
		account := l.T("offline.bank.account")
		if p.IsIBAN() {
			account = l.T("offline.bank.iban")
		}
		l.p("      " + account + ": " + p.BankAccountDisplay())
		if p.BankOther != "" {
			l.p("      " + l.T("offline.bank.other") + ": " + p.BankOther)
		}
		l.p("    " + l.T("offline.pay.bank_note", "Reference", o.Number, "Shop", m.Name))
	}
	if p.CashOnDelivery {
		l.p("    " + l.T("offline.cod.heading"))
		l.p("    " + l.T("offline.pay.cod_note", "Amount", amount, "Shop", m.Name))
	}
	if p.Other != "" {
		l.p("    " + p.Other)
	}
	if !p.Set() {
		if m.ContactEmail != "" {
			l.p("    " + l.T("offline.pay.none_email", "Shop", m.Name, "Email", m.ContactEmail, "Reference", o.Number))
		} else {
			l.p("    " + l.T("offline.pay.none", "Shop", m.Name, "Reference", o.Number))
		}
	}
	if o.PaymentDueAt != nil {
		l.p("    " + l.T("offline.pay.due", "Shop", m.Name, "Date", i18n.Date(l.ctx, *o.PaymentDueAt)))
	}
}

// awaitsOfflinePayment reports whether the shopper still has to pay o
// offline.
func awaitsOfflinePayment(o *orders.Order) bool {
	return o.Provider == orders.ProviderOffline && o.Status == orders.StatusPendingPayment
}

// paymentReminder reminds the shopper of an offline order still unpaid
// before it is cancelled, with the shop's instructions again. An order
// paid or cancelled since gets no reminder.
func (n *Notifier) paymentReminder(ctx context.Context, job outbox.Job) error {
	var p orders.OrderPayload
	if err := job.Decode(&p); err != nil {
		return err
	}
	o, co, m, err := n.orderOf(ctx, p.MerchantID, p.OrderID)
	if err != nil || !awaitsOfflinePayment(o) || o.PaymentDueAt == nil {
		return err
	}
	pi, err := n.cfg.Merchants.PaymentInstructionsOf(ctx, m.ID)
	if err != nil {
		return err
	}
	l := newLetter(localeOf(o.Locale))
	l.greet(o.Address.Name)
	l.p(l.T("offline.email.reminder_intro", "Shop", m.Name, "Number", o.Number, "Date", i18n.Date(l.ctx, *o.PaymentDueAt)))
	l.blank()
	l.lines(o.Lines, o.Currency)
	l.blank()
	l.payInstructions(pi, m, o)
	l.blank()
	return n.sendToShopper(ctx, job, l, o, co, m, l.T("offline.email.reminder_subject", "Number", o.Number))
}

// orderExpired tells the shopper an unpaid offline order was cancelled.
func (n *Notifier) orderExpired(ctx context.Context, job outbox.Job) error {
	var p orders.OrderPayload
	if err := job.Decode(&p); err != nil {
		return err
	}
	o, co, m, err := n.orderOf(ctx, p.MerchantID, p.OrderID)
	if err != nil {
		return err
	}
	l := newLetter(localeOf(o.Locale))
	l.greet(o.Address.Name)
	l.p(l.T("offline.email.expired_intro", "Shop", m.Name, "Number", o.Number))
	l.blank()
	l.lines(o.Lines, o.Currency)
	l.blank()
	l.p(l.T("offline.email.expired_paid", "Shop", m.Name))
	l.blank()
	return n.sendToShopper(ctx, job, l, o, co, m, l.T("offline.email.expired_subject", "Number", o.Number))
}
