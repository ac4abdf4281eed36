// Package notify writes the mall's emails about checkouts and orders: the
// shopper's order confirmation, shipping and refund notices, and the
// merchant's "new order" note. It listens to the outbox, so an email goes
// out only after the change it reports was committed, and once per event
// even when the event is published again (a replayed webhook).
package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strconv"
	"strings"

	"github.com/mall-project/mall/i18n"
	mailer "github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

// Config is what the notifier reads and sends with.
type Config struct {
	Orders    *orders.Store
	Merchants *merchants.Store
	Mail      mailer.Sender
	// BaseURL is the mall's public address (https://mall.example), for
	// the links in emails.
	BaseURL string
	// Secret signs the guest order links (orders.LinkSignature).
	Secret []byte
	// MallName signs the emails; "" leaves the signature out.
	MallName string
	Log      *slog.Logger
}

// Notifier sends the emails; Register builds it.
type Notifier struct {
	cfg Config
	q   *outbox.Queue
}

// topicNewOrder is one merchant order to announce to its merchant, with
// an orders.OrderPayload. Both an offline checkout's placement and a
// payment publish it under the order's id, so a merchant hears of each
// order once. The notifier listens to the topics package orders publishes
// (orders.Topic...) besides.
const topicNewOrder = "notify.new_order"

// Register subscribes the notifier's handlers to q. Call it once at
// start-up, before the queue runs.
func Register(q *outbox.Queue, cfg Config) *Notifier {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	n := &Notifier{cfg: cfg, q: q}
	q.Subscribe(orders.TopicCheckoutPlaced, "notify.confirmation.placed", n.checkoutPlaced)
	q.Subscribe(orders.TopicCheckoutPaid, "notify.confirmation.paid", n.checkoutPaid)
	q.Subscribe(orders.TopicCheckoutPlaced, "notify.new_order.placed", n.announceOfflineOrders)
	q.Subscribe(orders.TopicOrderPaid, "notify.new_order.paid", n.announcePaidOrder)
	q.Subscribe(topicNewOrder, "notify.merchant.new_order", n.newOrder)
	q.Subscribe(orders.TopicOrderShipped, "notify.shopper.shipped", n.orderShipped)
	q.Subscribe(orders.TopicOrderRefunded, "notify.shopper.refunded", n.orderRefunded)
	q.Subscribe(merchants.TopicStaffInvited, "notify.staff.invited", n.staffInvited)
	q.Subscribe(orders.TopicPaymentReminder, "notify.shopper.payment_reminder", n.paymentReminder)
	q.Subscribe(orders.TopicOrderExpired, "notify.shopper.expired", n.orderExpired)
	q.Subscribe(merchants.TopicMerchantDecided, "notify.merchant.decided", n.merchantDecided)
	return n
}

// send hands m to the mail sender. A message that can never be sent (a
// malformed address) is logged and dropped rather than retried.
func (n *Notifier) send(ctx context.Context, job outbox.Job, m mailer.Message) error {
	err := n.cfg.Mail.Send(ctx, m)
	if errors.Is(err, mailer.ErrInvalid) {
		n.cfg.Log.Error("email cannot be sent; dropped", "topic", job.Topic, "key", job.Key, "to", m.To, "err", err)
		return nil
	}
	return err
}

// orderLink is the signed link a guest opens the checkout's orders with.
func (n *Notifier) orderLink(publicID string) string {
	return n.cfg.BaseURL + "/orders/" + publicID + "?sig=" + orders.LinkSignature(n.cfg.Secret, publicID)
}

func (n *Notifier) adminOrderLink(orderID int64) string {
	return n.cfg.BaseURL + "/admin/orders/" + strconv.FormatInt(orderID, 10)
}

// recipient is the shopper's address with their name, when it is one a
// mail header can carry.
func recipient(name, email string) string {
	if name == "" {
		return email
	}
	return (&mail.Address{Name: name, Address: email}).String()
}

func localeOf(s string) i18n.Locale {
	if loc, ok := i18n.Parse(s); ok {
		return loc
	}
	return i18n.English
}

// letter builds the plain-text body of one email in one locale.
type letter struct {
	ctx context.Context
	loc i18n.Locale
	b   strings.Builder
}

func newLetter(loc i18n.Locale) *letter {
	return &letter{ctx: i18n.WithLocale(context.Background(), loc), loc: loc}
}

// T is the message key in the letter's language.
func (l *letter) T(key string, args ...any) string { return i18n.Translate(l.loc, key, args...) }

// N is T for a count.
func (l *letter) N(key string, count int, args ...any) string {
	return i18n.N(l.ctx, key, count, args...)
}

func (l *letter) money(amount int64, currency string) string {
	return i18n.FormatMoney(l.loc, mall.Money{Amount: amount, Currency: currency})
}

// p writes one line; blank writes an empty one.
func (l *letter) p(s string) {
	l.b.WriteString(s)
	l.b.WriteByte('\n')
}

func (l *letter) blank() { l.b.WriteByte('\n') }

func (l *letter) greet(name string) {
	if name == "" {
		l.p(l.T("email.greeting_anonymous"))
	} else {
		l.p(l.T("email.greeting", "Name", name))
	}
	l.blank()
}

func (l *letter) sign(mallName string) {
	if mallName == "" {
		return
	}
	l.blank()
	l.p("-- ")
	l.p(l.T("email.signature", "Mall", mallName))
}

func (l *letter) lineTitle(title, variant string) string {
	if variant == "" {
		return title
	}
	return l.T("email.line_variant", "Title", title, "Variant", variant)
}

// lines lists order lines as "2 × Mug (Blue): $24.00", indented.
func (l *letter) lines(ls []orders.OrderLine, currency string) {
	for _, ln := range ls {
		l.p("  " + l.T("email.line", "Quantity", ln.Quantity, "Title", l.lineTitle(ln.Title, ln.VariantTitle),
			"Total", l.money(ln.Total, currency)))
	}
}

func (l *letter) address(a orders.Address) {
	l.p(l.T("email.address.heading"))
	for _, s := range append(a.Lines(l.loc.Tag()), a.Phone) {
		if s != "" {
			l.p("  " + s)
		}
	}
}

func (l *letter) String() string { return l.b.String() }

// shop reads the merchant an email is from or to.
func (n *Notifier) shop(ctx context.Context, merchantID int64) (*merchants.Merchant, error) {
	m, err := n.cfg.Merchants.MerchantByID(ctx, merchantID)
	if err != nil {
		return nil, fmt.Errorf("notify: merchant %d: %w", merchantID, err)
	}
	return m, nil
}
