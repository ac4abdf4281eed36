package reviews

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/i18n"
	mailer "github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

// Review requests: every buyer of every delivered line is asked, the same
// number of days after delivery for every order of a shop. The shop sets
// only that number; it cannot choose who is asked.
const (
	DefaultRequestDays = 7
	MinRequestDays     = 3
	MaxRequestDays     = 30
	// GuestLinkLifetime is how long a guest's review link works.
	GuestLinkLifetime = 45 * 24 * time.Hour
)

// Outbox topics: orders publishes TopicOrderDelivered; reviews publishes
// TopicRequestDue for the day the request is due.
const (
	TopicOrderDelivered = "order.delivered"
	TopicRequestDue     = "reviews.request_due"
)

// RequestConfig is what review requests are sent with.
type RequestConfig struct {
	Mail mailer.Sender
	// BaseURL is the mall's public address, for the links.
	BaseURL string
	// Secret signs guests' review links and opt-out links.
	Secret   []byte
	MallName string
	Log      *slog.Logger
}

type settingsRow struct {
	MerchantID  int64 `gorm:"primaryKey"`
	RequestDays int
	UpdatedAt   time.Time
}

func (settingsRow) TableName() string { return "review_settings" }

type optoutRow struct {
	Email     string `gorm:"primaryKey"`
	CreatedAt time.Time
}

func (optoutRow) TableName() string { return "review_request_optouts" }

// RequestDays is how many days after delivery the merchant's buyers are
// asked for a review.
func (s *Store) RequestDays(ctx context.Context, merchantID int64) (int, error) {
	var row settingsRow
	err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).Limit(1).Find(&row).Error
	if err != nil {
		return 0, fmt.Errorf("reviews: settings of merchant %d: %w", merchantID, err)
	}
	if row.RequestDays == 0 {
		return DefaultRequestDays, nil
	}
	return row.RequestDays, nil
}

// SetRequestDays sets how many days after delivery (3-30) the merchant's
// buyers are asked; orders delivered before keep the day they were given.
func (s *Store) SetRequestDays(ctx context.Context, merchantID int64, days int) error {
	if days < MinRequestDays || days > MaxRequestDays {
		return mall.FieldErrors{"request_days": mall.Invalid("request_days", "reviews.error.request_days")}.Err()
	}
	return s.conn(ctx).Exec(`INSERT INTO review_settings (merchant_id, request_days, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (merchant_id) DO UPDATE SET request_days = excluded.request_days, updated_at = excluded.updated_at`,
		merchantID, days, s.now()).Error
}

func normaliseEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func sign(secret []byte, parts ...string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(mac.Sum(nil))
}

// GuestLinkSignature signs a guest's review link for lineID, valid until
// expires (unix seconds).
func GuestLinkSignature(secret []byte, lineID, expires int64) string {
	return sign(secret, "reviews.guest_link", strconv.FormatInt(lineID, 10), strconv.FormatInt(expires, 10))
}

// CheckGuestLink tells whether a guest's review link is genuine and still
// valid at now: a forged link is not found, an expired one says so.
func CheckGuestLink(secret []byte, lineID int64, expires, sig string, now time.Time) error {
	exp, err := strconv.ParseInt(expires, 10, 64)
	if err != nil || len(secret) == 0 || !hmac.Equal([]byte(GuestLinkSignature(secret, lineID, exp)), []byte(sig)) {
		return mall.NotFound("review link")
	}
	if now.Unix() > exp {
		return &mall.Error{Code: mall.EConflict, Key: "reviews.error.link_expired", Message: "the review link expired"}
	}
	return nil
}

// OptOutSignature signs the opt-out link for an address.
func OptOutSignature(secret []byte, email string) string {
	return sign(secret, "reviews.opt_out", normaliseEmail(email))
}

// OptOut stops review requests to email; sig must be its
// OptOutSignature. Doing it twice is fine.
func (s *Store) OptOut(ctx context.Context, secret []byte, email, sig string) error {
	email = normaliseEmail(email)
	if email == "" || len(secret) == 0 || !hmac.Equal([]byte(OptOutSignature(secret, email)), []byte(sig)) {
		return mall.NotFound("opt-out link")
	}
	return s.conn(ctx).Exec(`INSERT INTO review_request_optouts (email, created_at) VALUES (?, ?) ON CONFLICT (email) DO NOTHING`,
		email, s.now()).Error
}

// OptedOut reports whether email asked for no more review requests.
func (s *Store) OptedOut(ctx context.Context, email string) (bool, error) {
	var n int64
	if err := s.conn(ctx).Model(&optoutRow{}).Where("email = ?", normaliseEmail(email)).Count(&n).Error; err != nil {
		return false, fmt.Errorf("reviews: opt-out of %s: %w", email, err)
	}
	return n > 0, nil
}

// requests sends the review requests; RegisterRequests builds it.
type requests struct {
	s   *Store
	q   *outbox.Queue
	cfg RequestConfig
}

type orderPayload struct {
	OrderID    int64 `json:"order_id"`
	MerchantID int64 `json:"merchant_id"`
}

// RegisterRequests subscribes the review requests to q: each delivered
// order schedules one request, due the merchant's number of days later,
// which mails the buyer a link per line in the order's language.
func (s *Store) RegisterRequests(q *outbox.Queue, cfg RequestConfig) {
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	r := &requests{s: s, q: q, cfg: cfg}
	q.Subscribe(TopicOrderDelivered, "reviews.request.schedule", r.schedule)
	q.Subscribe(TopicRequestDue, "reviews.request.email", r.send)
}

// schedule publishes the order's request for the day it is due.
func (r *requests) schedule(ctx context.Context, job outbox.Job) error {
	var p orderPayload
	if err := job.Decode(&p); err != nil {
		return err
	}
	o, err := r.s.opts.Orders.OrderInMerchant(ctx, p.MerchantID, p.OrderID)
	if err != nil {
		return err
	}
	if o.DeliveredAt == nil {
		return nil
	}
	days, err := r.s.RequestDays(ctx, p.MerchantID)
	if err != nil {
		return err
	}
	due := o.DeliveredAt.Add(time.Duration(days) * 24 * time.Hour)
	return r.q.PublishAt(r.s.conn(ctx), TopicRequestDue, strconv.FormatInt(o.ID, 10), p, due)
}

// send mails the buyer one link per line still to review. Lines refunded
// or reviewed meanwhile are left out; a buyer who opted out gets nothing.
func (r *requests) send(ctx context.Context, job outbox.Job) error {
	var p orderPayload
	if err := job.Decode(&p); err != nil {
		return err
	}
	o, err := r.s.opts.Orders.OrderInMerchant(ctx, p.MerchantID, p.OrderID)
	if err != nil {
		return err
	}
	if o.Status != orders.StatusDelivered || o.Email == "" {
		return nil
	}
	if out, err := r.s.OptedOut(ctx, o.Email); err != nil || out {
		return err
	}
	ids := make([]int64, len(o.Lines))
	for i, l := range o.Lines {
		ids[i] = l.ID
	}
	reviewed, err := r.s.ReviewsOfLines(ctx, ids)
	if err != nil {
		return err
	}
	shop := o.MerchantName
	loc, ok := i18n.Parse(o.Locale)
	if !ok {
		loc = i18n.English
	}
	lctx := i18n.WithLocale(ctx, loc)
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	if o.Address.Name != "" {
		line(i18n.T(lctx, "reviews.email.greeting", "Name", o.Address.Name))
		line("")
	}
	line(i18n.T(lctx, "reviews.email.intro", "Shop", shop, "Number", o.Number))
	line("")
	n := 0
	expires := r.s.now().Add(GuestLinkLifetime).Unix()
	for _, l := range o.Lines {
		if reviewed[l.ID] != nil || l.RefundedQuantity > 0 || o.DisputedAt != nil {
			continue
		}
		var link string
		if o.AccountID != nil {
			link = r.cfg.BaseURL + "/account/reviews/new?line=" + strconv.FormatInt(l.ID, 10)
		} else {
			link = r.cfg.BaseURL + "/reviews/write/" + strconv.FormatInt(l.ID, 10) + "?" + url.Values{
				"exp": {strconv.FormatInt(expires, 10)}, "sig": {GuestLinkSignature(r.cfg.Secret, l.ID, expires)}}.Encode()
		}
		title := l.Title
		if l.VariantTitle != "" {
			title += " (" + l.VariantTitle + ")"
		}
		line("* " + title)
		line("  " + link)
		n++
	}
	if n == 0 {
		return nil
	}
	line("")
	line(i18n.T(lctx, "reviews.email.how"))
	if o.AccountID == nil {
		line(i18n.T(lctx, "reviews.email.guest_link", "Days", int(GuestLinkLifetime.Hours()/24)))
	}
	optOut := r.cfg.BaseURL + "/reviews/opt-out?" + url.Values{"email": {normaliseEmail(o.Email)}, "sig": {OptOutSignature(r.cfg.Secret, o.Email)}}.Encode()
	line("")
	line(i18n.T(lctx, "reviews.email.opt_out", "URL", optOut))
	if r.cfg.MallName != "" {
		line("")
		line(r.cfg.MallName)
	}
	to := o.Email
	if o.Address.Name != "" {
		to = (&mail.Address{Name: o.Address.Name, Address: o.Email}).String()
	}
	err = r.cfg.Mail.Send(ctx, mailer.Message{
		To:      to,
		Subject: i18n.T(lctx, "reviews.email.subject", "Shop", shop, "Number", o.Number),
		Text:    b.String(),
		// RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click"
		// to the URL; the page in the text stays for people.
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + r.cfg.BaseURL + "/reviews/opt-out/" + OptOutToken(r.cfg.Secret, o.Email) + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	})
	if errors.Is(err, mailer.ErrInvalid) {
		r.cfg.Log.Error("review request cannot be sent; dropped", "order", o.ID, "err", err)
		return nil
	}
	return err
}
