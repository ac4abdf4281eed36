package notify

import (
	"context"
	"fmt"
	"strconv"

	mailer "github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

// announceOfflineOrders tells each shop of an offline checkout about its
// order as soon as it is placed: the shop has to wait for the money and
// confirm it. Card orders are announced once paid.
func (n *Notifier) announceOfflineOrders(ctx context.Context, job outbox.Job) error {
	co, err := n.checkoutOf(ctx, job)
	if err != nil || co.Provider != orders.ProviderOffline {
		return err
	}
	for _, o := range co.Orders {
		if err := n.announce(ctx, o.ID, o.MerchantID); err != nil {
			return err
		}
	}
	return nil
}

// announcePaidOrder tells the shop about a paid order. For an offline
// order the shop heard of it when it was placed, and the announcement
// made then keeps this one from going out again.
func (n *Notifier) announcePaidOrder(ctx context.Context, job outbox.Job) error {
	var p orders.OrderPayload
	if err := job.Decode(&p); err != nil {
		return err
	}
	return n.announce(ctx, p.OrderID, p.MerchantID)
}

func (n *Notifier) announce(ctx context.Context, orderID, merchantID int64) error {
	err := n.q.PublishNow(ctx, topicNewOrder, strconv.FormatInt(orderID, 10), orders.OrderPayload{OrderID: orderID, MerchantID: merchantID})
	if err != nil {
		return fmt.Errorf("notify: announce order %d: %w", orderID, err)
	}
	return nil
}

// newOrder writes the merchant's short note about a new order, in the
// shop's language, to its contact address.
func (n *Notifier) newOrder(ctx context.Context, job outbox.Job) error {
	var p orders.OrderPayload
	if err := job.Decode(&p); err != nil {
		return err
	}
	m, err := n.shop(ctx, p.MerchantID)
	if err != nil {
		return err
	}
	if m.ContactEmail == "" {
		n.cfg.Log.Warn("shop has no contact email; new-order email not sent", "merchant", m.ID, "order", p.OrderID)
		return nil
	}
	o, err := n.cfg.Orders.OrderInMerchant(ctx, p.MerchantID, p.OrderID)
	if err != nil {
		return fmt.Errorf("notify: new order %d: %w", p.OrderID, err)
	}
	l := newLetter(localeOf(m.Locale))
	total := l.money(o.Total, o.Currency)
	l.p(l.T("email.merchant.intro", "Number", o.Number, "Total", total))
	if o.Status == orders.StatusPendingPayment && o.Provider == orders.ProviderOffline {
		l.p(l.T("email.merchant.offline"))
	} else if o.Status == orders.StatusPaid {
		l.p(l.T("email.merchant.paid"))
	}
	l.blank()
	l.lines(o.Lines, o.Currency)
	l.p("  " + l.T("email.confirm.shipping", "Method", o.ShippingMethodName, "Amount", l.money(o.Shipping, o.Currency)))
	l.blank()
	l.p(l.T("email.merchant.customer", "Name", o.Address.Name, "Email", o.Email))
	l.address(o.Address)
	l.blank()
	l.p(l.T("email.merchant.open", "URL", n.adminOrderLink(o.ID)))
	l.sign(n.cfg.MallName)
	return n.send(ctx, job, mailer.Message{
		To:      recipient(m.Name, m.ContactEmail),
		Subject: l.T("email.merchant.subject", "Number", o.Number, "Total", total),
		Text:    l.String(),
	})
}
