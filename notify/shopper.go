package notify

import (
	"context"
	"fmt"

	mailer "github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

// orderShipped tells the shopper that one shop's order left, with the
// carrier and tracking number. Replies go to the shop.
func (n *Notifier) orderShipped(ctx context.Context, job outbox.Job) error {
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
	l.p(l.T("email.shipped.intro", "Shop", m.Name, "Number", o.Number))
	l.blank()
	if o.Carrier != "" {
		l.p(l.T("email.shipped.carrier", "Carrier", o.Carrier))
	}
	if o.TrackingNumber != "" {
		l.p(l.T("email.shipped.tracking", "Tracking", o.TrackingNumber))
		if u := orders.TrackingURL(o.Carrier, o.TrackingNumber); u != "" {
			l.p(u)
		}
	}
	l.blank()
	l.p(l.T("email.shipped.contents"))
	l.lines(o.Lines, o.Currency)
	l.blank()
	l.address(o.Address)
	l.blank()
	return n.sendToShopper(ctx, job, l, o, co, m, l.T("email.shipped.subject", "Number", o.Number))
}

// orderRefunded tells the shopper how much came back for which lines.
func (n *Notifier) orderRefunded(ctx context.Context, job outbox.Job) error {
	var p orders.RefundPayload
	if err := job.Decode(&p); err != nil {
		return err
	}
	o, co, m, err := n.orderOf(ctx, p.MerchantID, p.OrderID)
	if err != nil {
		return err
	}
	var r *orders.Refund
	for i := range o.Refunds {
		if o.Refunds[i].ID == p.RefundID {
			r = &o.Refunds[i]
		}
	}
	if r == nil {
		return fmt.Errorf("notify: refund %d is not on order %d", p.RefundID, p.OrderID)
	}
	if r.Status != orders.RefundSucceeded {
		return fmt.Errorf("notify: refund %d is %s, not succeeded", r.ID, r.Status)
	}
	l := newLetter(localeOf(o.Locale))
	l.greet(o.Address.Name)
	l.p(l.T("email.refunded.intro", "Shop", m.Name, "Amount", l.money(r.Amount, o.Currency), "Number", o.Number))
	if r.Reason != "" {
		l.p(l.T("email.refunded.reason", "Reason", r.Reason))
	}
	l.blank()
	l.p(l.T("email.refunded.items"))
	byID := map[int64]orders.OrderLine{}
	for _, ln := range o.Lines {
		byID[ln.ID] = ln
	}
	for _, rl := range r.Lines {
		ln := byID[rl.OrderLineID]
		l.p("  " + l.T("email.line", "Quantity", rl.Quantity, "Title", l.lineTitle(ln.Title, ln.VariantTitle),
			"Total", l.money(rl.Amount, o.Currency)))
	}
	if r.ShippingAmount > 0 {
		l.p("  " + l.T("email.refunded.shipping", "Amount", l.money(r.ShippingAmount, o.Currency)))
	}
	l.blank()
	if co.Provider == orders.ProviderOffline {
		l.p(l.T("email.refunded.offline"))
	} else {
		l.p(l.T("email.refunded.card"))
	}
	l.blank()
	return n.sendToShopper(ctx, job, l, o, co, m, l.T("email.refunded.subject", "Number", o.Number))
}

// orderOf reads an order with its checkout (for the signed link) and its
// shop.
func (n *Notifier) orderOf(ctx context.Context, merchantID, orderID int64) (*orders.Order, *orders.Checkout, *merchants.Merchant, error) {
	o, err := n.cfg.Orders.OrderInMerchant(ctx, merchantID, orderID)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("notify: order %d: %w", orderID, err)
	}
	co, err := n.cfg.Orders.Checkout(ctx, o.CheckoutID)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("notify: checkout of order %d: %w", orderID, err)
	}
	m, err := n.shop(ctx, merchantID)
	if err != nil {
		return nil, nil, nil, err
	}
	return o, co, m, nil
}

func replyTo(email string) map[string]string {
	if email == "" {
		return nil
	}
	return map[string]string{"Reply-To": email}
}

// sendToShopper ends a letter about order o with the link to the order and
// the mall's signature and sends it to the shopper, replies going to the
// shop.
func (n *Notifier) sendToShopper(ctx context.Context, job outbox.Job, l *letter, o *orders.Order, co *orders.Checkout, m *merchants.Merchant, subject string) error {
	l.p(l.T("email.link", "URL", n.orderLink(co.PublicID)))
	l.sign(n.cfg.MallName)
	return n.send(ctx, job, mailer.Message{
		To:      recipient(o.Address.Name, o.Email),
		Subject: subject,
		Text:    l.String(),
		Headers: replyTo(m.ContactEmail),
	})
}
