package notify

import (
	"context"
	"fmt"
	"strings"

	"github.com/mall-project/mall/i18n"
	mailer "github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

// checkoutPlaced confirms an offline checkout at once: nothing else will
// happen until a shop confirms the payment. A card checkout is confirmed
// when it is paid (checkoutPaid) and says nothing before.
func (n *Notifier) checkoutPlaced(ctx context.Context, job outbox.Job) error {
	co, err := n.checkoutOf(ctx, job)
	if err != nil || co.Provider != orders.ProviderOffline {
		return err
	}
	return n.confirm(ctx, job, co, false)
}

// checkoutPaid confirms a checkout paid by card.
func (n *Notifier) checkoutPaid(ctx context.Context, job outbox.Job) error {
	co, err := n.checkoutOf(ctx, job)
	if err != nil || co.Provider == orders.ProviderOffline {
		return err
	}
	return n.confirm(ctx, job, co, true)
}

func (n *Notifier) checkoutOf(ctx context.Context, job outbox.Job) (*orders.Checkout, error) {
	var p orders.CheckoutPayload
	if err := job.Decode(&p); err != nil {
		return nil, err
	}
	co, err := n.cfg.Orders.Checkout(ctx, p.CheckoutID)
	if err != nil {
		return nil, fmt.Errorf("notify: %s: %w", job.Topic, err)
	}
	return co, nil
}

// confirm writes the one confirmation of a checkout: each shop's order
// with its number, lines, shipping and total, the grand total, the address
// and the signed link to the orders.
func (n *Notifier) confirm(ctx context.Context, job outbox.Job, co *orders.Checkout, paid bool) error {
	l := newLetter(localeOf(co.Locale))
	numbers := make([]string, len(co.Orders))
	for i, o := range co.Orders {
		numbers[i] = o.Number
	}
	l.greet(co.Address.Name)
	if paid {
		l.p(l.T("email.confirm.intro_paid", "Total", l.money(co.Total, co.Currency)))
	} else {
		l.p(l.T("email.confirm.intro_offline"))
	}
	l.blank()
	if len(co.Orders) == 1 {
		l.p(l.T("email.confirm.orders_one"))
	} else {
		l.p(l.T("email.confirm.orders_many", "Count", len(co.Orders)))
	}
	for _, o := range co.Orders {
		m, err := n.shop(ctx, o.MerchantID)
		if err != nil {
			return err
		}
		l.blank()
		l.p(l.T("email.confirm.order_heading", "Number", o.Number, "Shop", m.Name))
		l.lines(o.Lines, o.Currency)
		l.p("  " + l.T("email.confirm.subtotal", "Amount", l.money(o.Subtotal, o.Currency)))
		l.p("  " + l.T("email.confirm.shipping", "Method", o.ShippingMethodName, "Amount", l.money(o.Shipping, o.Currency)))
		l.p("  " + l.T("email.confirm.order_total", "Amount", l.money(o.Total, o.Currency)))
		if awaitsOfflinePayment(&o) {
			pi, err := n.cfg.Merchants.PaymentInstructionsOf(ctx, o.MerchantID)
			if err != nil {
				return err
			}
			l.blank()
			l.payInstructions(pi, m, &o)
		}
	}
	l.blank()
	if paid {
		l.p(l.T("email.confirm.total_paid", "Amount", l.money(co.Total, co.Currency)))
	} else {
		l.p(l.T("email.confirm.total_due", "Amount", l.money(co.Total, co.Currency)))
	}
	l.blank()
	l.address(co.Address)
	l.blank()
	l.p(l.T("email.link", "URL", n.orderLink(co.PublicID)))
	l.sign(n.cfg.MallName)

	sep := ", "
	if l.loc == i18n.Chinese {
		sep = "、"
	}
	return n.send(ctx, job, mailer.Message{
		To:      recipient(co.Address.Name, co.Email),
		Subject: l.N("email.confirm.subject", len(numbers), "Numbers", strings.Join(numbers, sep)),
		Text:    l.String(),
	})
}
