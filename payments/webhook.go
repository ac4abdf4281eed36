package payments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
	"gorm.io/gorm/clause"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
)

// Event is one webhook event Stripe delivered, kept for inspection.
type Event struct {
	ID          string `gorm:"primaryKey"`
	Type        string
	ReceivedAt  time.Time
	ProcessedAt *time.Time
	// Outcome says what the event did: one of the Outcome constants.
	Outcome    string
	CheckoutID *int64
	Payload    string
}

// TableName is the table of received webhook events.
func (Event) TableName() string { return "payment_events" }

// Outcomes recorded on events.
const (
	OutcomePaid           = "paid"
	OutcomeAlreadyPaid    = "already_paid"
	OutcomeAwaiting       = "awaiting_payment"
	OutcomeExpired        = "expired"
	OutcomeNotExpired     = "not_expired"
	OutcomeUnknownSession = "unknown_session"
	OutcomeUnknownType    = "unknown_type"
	OutcomeUnknownCharge  = "unknown_charge"
	OutcomeRefundKnown    = "refund_known"
	OutcomeRefundUnknown  = "refund_unknown"
	OutcomeDispute        = "dispute_recorded"
	OutcomeAccount        = "account_updated"
	// OutcomeFailed: applying the event failed; it stays unprocessed until
	// Stripe's next delivery applies it.
	OutcomeFailed         = "failed"
	OutcomeUnknownAccount = "unknown_account"
	// OutcomeMismatch: a session event whose provider, amount or currency
	// is not its checkout's. Nothing is marked paid or released; the event
	// is kept for a person to look at.
	OutcomeMismatch = "mismatch"
	// OutcomeCardKept: a charge.succeeded whose card fingerprint the
	// checkout now keeps (hashed), for the review integrity signals.
	OutcomeCardKept = "card_kept"
)

// eventTolerance is how far an event's signature time may be from the
// mall's clock, either way: Stripe's library refuses signatures older
// than this, and verify refuses those dated further ahead.
const eventTolerance = webhook.DefaultTolerance

var errBadSignature = &mall.Error{Code: mall.EInvalid, Key: "payments.error.bad_signature", Message: "webhook signature does not verify"}

// HandleStripeWebhook verifies and applies one webhook delivery. payload
// must be the raw request body and signature the Stripe-Signature header.
// It returns an EInvalid error when the signature does not verify (nothing
// is stored), nil when the event was applied, was applied before, or needs
// nothing (Stripe must not retry), and any other error when Stripe should
// deliver it again.
//
// Each event id is stored before its effect is applied and marked
// processed after; a delivery of an event already processed changes
// nothing. A delivery that failed half-way is applied again on retry,
// which is safe because every effect is idempotent (the orders' state
// machine only moves forward, and the outbox makes one job per key).
func (s *Service) HandleStripeWebhook(ctx context.Context, payload []byte, signature string) error {
	ev, err := s.verify(payload, signature)
	if err != nil {
		s.log.Warn("stripe webhook rejected", "err", err)
		return &mall.Error{Code: errBadSignature.Code, Key: errBadSignature.Key, Message: errBadSignature.Message, Err: err}
	}
	done, err := s.recordEvent(ctx, ev, payload)
	if err != nil || done {
		return err
	}
	outcome, checkoutID, err := s.applyEvent(ctx, ev)
	if err != nil {
		s.log.Error("stripe webhook failed; Stripe will deliver it again", "event", ev.ID, "type", ev.Type, "err", err)
		// Left unprocessed so the retry applies it; the outcome says why
		// for whoever looks before then.
		s.db.WithContext(ctx).Model(&Event{}).Where("id = ? AND processed_at IS NULL", ev.ID).Update("outcome", OutcomeFailed)
		return fmt.Errorf("payments: apply event %s (%s): %w", ev.ID, ev.Type, err)
	}
	return s.finishEvent(ctx, ev.ID, outcome, checkoutID)
}

// verify checks the signature with each configured secret (the account
// endpoint's and the Connect endpoint's) and parses the event.
func (s *Service) verify(payload []byte, signature string) (stripe.Event, error) {
	err := errors.New("no webhook secret configured")
	for _, secret := range strings.Split(s.cfg.WebhookSecret, ",") {
		secret = strings.TrimSpace(secret)
		if secret == "" {
			continue
		}
		var ev stripe.Event
		ev, err = webhook.ConstructEventWithTolerance(payload, signature, secret, eventTolerance)
		if err == nil {
			return ev, s.checkNotAhead(ev, signature)
		}
	}
	return stripe.Event{}, err
}

// checkNotAhead refuses a verified event signed, or created, further in
// the future than the tolerance: a replay window must not open forward.
func (s *Service) checkNotAhead(ev stripe.Event, signature string) error {
	latest := s.now().Add(eventTolerance)
	for _, pair := range strings.Split(signature, ",") {
		k, v, _ := strings.Cut(pair, "=")
		if k != "t" {
			continue
		}
		t, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("payments: signature time %q: %w", v, err)
		}
		if time.Unix(t, 0).After(latest) {
			return fmt.Errorf("payments: event %s signed at %s, ahead of the mall's clock", ev.ID, time.Unix(t, 0).UTC())
		}
	}
	if time.Unix(ev.Created, 0).After(latest) {
		return fmt.Errorf("payments: event %s created at %s, ahead of the mall's clock", ev.ID, time.Unix(ev.Created, 0).UTC())
	}
	return nil
}

// recordEvent stores the event; done is true when it was processed before.
func (s *Service) recordEvent(ctx context.Context, ev stripe.Event, payload []byte) (done bool, err error) {
	row := Event{ID: ev.ID, Type: string(ev.Type), ReceivedAt: s.now(), Payload: string(payload)}
	res := s.db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
	if res.Error != nil {
		return false, fmt.Errorf("payments: store event %s: %w", ev.ID, res.Error)
	}
	if res.RowsAffected == 1 {
		return false, nil
	}
	var prev Event
	if err := s.db.WithContext(ctx).Select("id", "processed_at", "outcome").Where("id = ?", ev.ID).Take(&prev).Error; err != nil {
		return false, fmt.Errorf("payments: read event %s: %w", ev.ID, err)
	}
	if prev.ProcessedAt != nil {
		s.log.Info("stripe webhook replayed", "event", ev.ID, "type", ev.Type, "outcome", prev.Outcome)
		return true, nil
	}
	return false, nil
}

func (s *Service) finishEvent(ctx context.Context, id, outcome string, checkoutID int64) error {
	set := map[string]any{"processed_at": s.now(), "outcome": outcome}
	if checkoutID != 0 {
		set["checkout_id"] = checkoutID
	}
	if err := s.db.WithContext(ctx).Model(&Event{}).Where("id = ?", id).Updates(set).Error; err != nil {
		return fmt.Errorf("payments: mark event %s processed: %w", id, err)
	}
	return nil
}

// Events returns the most recent webhook events with the given outcome
// ("" for all), newest first, for an operator inspecting what arrived.
func (s *Service) Events(ctx context.Context, outcome string, limit int) ([]Event, error) {
	q := s.db.WithContext(ctx).Order("received_at DESC").Limit(limit)
	if outcome != "" {
		q = q.Where("outcome = ?", outcome)
	}
	var evs []Event
	if err := q.Find(&evs).Error; err != nil {
		return nil, fmt.Errorf("payments: list events: %w", err)
	}
	return evs, nil
}

// Event returns one stored webhook event.
func (s *Service) Event(ctx context.Context, id string) (*Event, error) {
	var ev Event
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&ev).Error
	if err != nil {
		return nil, database.NotFound(err, "payment event")
	}
	return &ev, nil
}

// applyEvent does what the event says and returns the outcome to record.
func (s *Service) applyEvent(ctx context.Context, ev stripe.Event) (outcome string, checkoutID int64, err error) {
	switch ev.Type {
	case "checkout.session.completed", "checkout.session.async_payment_succeeded",
		"checkout.session.async_payment_failed", "checkout.session.expired":
		var cs stripe.CheckoutSession
		if err := json.Unmarshal(ev.Data.Raw, &cs); err != nil {
			return "", 0, err
		}
		return s.applySession(ctx, ev, &cs)
	case "charge.succeeded":
		var ch stripe.Charge
		if err := json.Unmarshal(ev.Data.Raw, &ch); err != nil {
			return "", 0, err
		}
		return s.applyChargeSucceeded(ctx, ev, &ch)
	case "charge.refunded":
		var ch stripe.Charge
		if err := json.Unmarshal(ev.Data.Raw, &ch); err != nil {
			return "", 0, err
		}
		if _, err := s.keepCard(ctx, &ch); err != nil {
			return "", 0, err
		}
		return s.applyChargeRefunded(ctx, ev, &ch)
	case "charge.dispute.created":
		var d stripe.Dispute
		if err := json.Unmarshal(ev.Data.Raw, &d); err != nil {
			return "", 0, err
		}
		return s.applyDispute(ctx, ev, &d)
	case "account.updated":
		var a stripe.Account
		if err := json.Unmarshal(ev.Data.Raw, &a); err != nil {
			return "", 0, err
		}
		merchantID, err := s.applyAccount(ctx, &a, ev.ID)
		if err != nil {
			return "", 0, err
		}
		if merchantID == 0 {
			s.log.Warn("stripe webhook for an account the mall does not know", "event", ev.ID, "account", a.ID)
			return OutcomeUnknownAccount, 0, nil
		}
		return OutcomeAccount, 0, nil
	}
	s.log.Info("stripe webhook of a type the mall does not handle", "event", ev.ID, "type", ev.Type)
	return OutcomeUnknownType, 0, nil
}

func (s *Service) applySession(ctx context.Context, ev stripe.Event, cs *stripe.CheckoutSession) (string, int64, error) {
	co, err := s.checkoutOfSession(ctx, cs)
	if err != nil {
		return "", 0, err
	}
	if co == nil {
		s.log.Warn("stripe webhook for a session the mall does not know", "event", ev.ID, "type", ev.Type, "session", cs.ID)
		return OutcomeUnknownSession, 0, nil
	}
	if co.Provider != ProviderStripe {
		// A checkout the shops take payment for themselves is neither paid
		// nor released by Stripe, whatever session names it.
		s.log.Error("stripe session event for a checkout not paid by card: nothing changed", "event", ev.ID, "type", ev.Type,
			"checkout_id", co.ID, "provider", co.Provider, "session", cs.ID)
		return OutcomeMismatch, co.ID, nil
	}
	pay := orders.Payment{}
	if cs.PaymentIntent != nil {
		pay.PaymentIntentID = cs.PaymentIntent.ID
	}
	markPaid := func() (string, int64, error) {
		if cs.AmountTotal != co.Total || !strings.EqualFold(string(cs.Currency), co.Currency) {
			// The mall asked Stripe for exactly the checkout's total: a
			// session paying anything else is not this checkout's payment.
			s.log.Error("stripe session paid another amount than its checkout: nothing marked paid", "event", ev.ID,
				"checkout_id", co.ID, "paid", cs.AmountTotal, "currency", cs.Currency, "total", co.Total, "checkout_currency", co.Currency, "session", cs.ID)
			return OutcomeMismatch, co.ID, nil
		}
		changed, err := s.orders.MarkCheckoutPaid(ctx, co.ID, pay)
		if err != nil {
			return "", co.ID, err
		}
		if err := s.reapplyChargeEvents(ctx, pay.PaymentIntentID); err != nil {
			return "", co.ID, err
		}
		if !changed {
			return OutcomeAlreadyPaid, co.ID, nil
		}
		return OutcomePaid, co.ID, nil
	}
	expire := func(reason string) (string, int64, error) {
		released, err := s.orders.ExpireCheckout(ctx, co.ID, reason)
		if err != nil {
			return "", co.ID, err
		}
		if !released {
			return OutcomeNotExpired, co.ID, nil
		}
		return OutcomeExpired, co.ID, nil
	}
	switch ev.Type {
	case "checkout.session.completed":
		// "unpaid" means an asynchronous method (a bank debit) is still
		// on its way: async_payment_succeeded or _failed follows.
		if cs.PaymentStatus != stripe.CheckoutSessionPaymentStatusPaid {
			return OutcomeAwaiting, co.ID, nil
		}
		return markPaid()
	case "checkout.session.async_payment_succeeded":
		return markPaid()
	case "checkout.session.async_payment_failed":
		return expire("payment_failed")
	default: // checkout.session.expired
		return expire("session_expired")
	}
}

// checkoutOfSession finds the checkout a session pays for: by the session
// id the mall stored, or, when the mall crashed between creating the
// session and storing its id, by the checkout's public id Stripe echoes
// as client_reference_id. It returns nil when the mall knows neither.
func (s *Service) checkoutOfSession(ctx context.Context, cs *stripe.CheckoutSession) (*orders.Checkout, error) {
	co, err := s.orders.CheckoutBySession(ctx, cs.ID)
	if err == nil {
		return co, nil
	}
	if mall.ErrorCode(err) != mall.ENotFound {
		return nil, err
	}
	if cs.ClientReferenceID == "" {
		return nil, nil
	}
	co, err = s.orders.CheckoutByPublicID(ctx, cs.ClientReferenceID)
	if mall.ErrorCode(err) == mall.ENotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if co.ProviderSessionID != "" && co.ProviderSessionID != cs.ID {
		// The checkout is paid through another session.
		return nil, nil
	}
	if co.ProviderSessionID == "" && co.Provider == ProviderStripe {
		if err := s.orders.SetCheckoutSession(ctx, co.ID, cs.ID); err != nil {
			return nil, err
		}
	}
	return co, nil
}

func (s *Service) applyChargeRefunded(ctx context.Context, ev stripe.Event, ch *stripe.Charge) (string, int64, error) {
	piID := paymentIntentOf(ch)
	checkoutID, err := s.checkoutOfCharge(ctx, piID, ch.ID)
	if err != nil {
		return "", 0, err
	}
	if checkoutID == 0 {
		s.log.Warn("stripe refund of a charge the mall does not know", "event", ev.ID, "charge", ch.ID)
		return OutcomeUnknownCharge, 0, nil
	}
	// Refunds the mall made carry their id in the refunds table; any other
	// (made in Stripe's dashboard) is kept here for a person to reconcile.
	var ids []string
	if ch.Refunds != nil {
		for _, r := range ch.Refunds.Data {
			ids = append(ids, r.ID)
		}
	}
	known, err := s.knownRefunds(ctx, ids)
	if err != nil {
		return "", checkoutID, err
	}
	if len(ids) > 0 && known == len(ids) {
		return OutcomeRefundKnown, checkoutID, nil
	}
	// Since API version 2023-10-16 a charge no longer lists its refunds,
	// and the event may also beat the mall's own bookkeeping of a refund
	// it just made: the amounts tell then.
	mine, err := s.refundedByMall(ctx, checkoutID)
	if err != nil {
		return "", checkoutID, err
	}
	if len(ids) == 0 && ch.AmountRefunded > 0 && mine >= ch.AmountRefunded {
		return OutcomeRefundKnown, checkoutID, nil
	}
	s.log.Warn("stripe refund the mall did not make", "event", ev.ID, "charge", ch.ID, "checkout_id", checkoutID, "amount_refunded", ch.AmountRefunded)
	return OutcomeRefundUnknown, checkoutID, nil
}

func (s *Service) applyDispute(ctx context.Context, ev stripe.Event, d *stripe.Dispute) (string, int64, error) {
	piID, chID := "", ""
	if d.PaymentIntent != nil {
		piID = d.PaymentIntent.ID
	}
	if d.Charge != nil {
		chID = d.Charge.ID
	}
	checkoutID, err := s.checkoutOfCharge(ctx, piID, chID)
	if err != nil {
		return "", 0, err
	}
	if checkoutID == 0 {
		s.log.Warn("stripe dispute of a charge the mall does not know", "event", ev.ID, "charge", chID)
		return OutcomeUnknownCharge, 0, nil
	}
	note := fmt.Sprintf("%s: %d %s (%s)", d.Reason, d.Amount, d.Currency, d.ID)
	if err := s.orders.RecordDispute(ctx, checkoutID, note); err != nil {
		return "", checkoutID, err
	}
	s.log.Warn("stripe dispute opened", "checkout_id", checkoutID, "dispute", d.ID, "reason", d.Reason)
	return OutcomeDispute, checkoutID, nil
}

// reapplyChargeEvents applies again the events about a payment intent
// that came before the mall knew which checkout it paid (a dispute or
// refund delivered ahead of checkout.session.completed): events may come
// in any order, and a dispute must not be lost for arriving early.
func (s *Service) reapplyChargeEvents(ctx context.Context, paymentIntentID string) error {
	if paymentIntentID == "" {
		return nil
	}
	var early []Event
	err := s.db.WithContext(ctx).Where("outcome = ? AND payload LIKE ?", OutcomeUnknownCharge, "%\""+paymentIntentID+"\"%").
		Order("received_at").Find(&early).Error
	if err != nil {
		return fmt.Errorf("payments: events ahead of payment %s: %w", paymentIntentID, err)
	}
	for _, row := range early {
		var ev stripe.Event
		if err := json.Unmarshal([]byte(row.Payload), &ev); err != nil {
			return fmt.Errorf("payments: stored event %s: %w", row.ID, err)
		}
		outcome, checkoutID, err := s.applyEvent(ctx, ev)
		if err != nil {
			return err
		}
		if err := s.finishEvent(ctx, row.ID, outcome, checkoutID); err != nil {
			return err
		}
		s.log.Info("stripe event applied once its payment was known", "event", row.ID, "type", row.Type, "outcome", outcome)
	}
	return nil
}

// checkoutOfCharge finds the checkout paid by a payment intent or charge; 0
// when there is none. Checkouts belong to the shopper, not to a merchant,
// so this reads across the mall.
func (s *Service) checkoutOfCharge(ctx context.Context, paymentIntentID, chargeID string) (int64, error) {
	return s.orders.CheckoutOfCharge(ctx, paymentIntentID, chargeID)
}

// knownRefunds counts how many of the provider refund ids the mall made
// (refunds of any merchant: the event names a charge, not a merchant).
func (s *Service) knownRefunds(ctx context.Context, providerIDs []string) (int, error) {
	return s.orders.KnownRefundsAcrossMall(ctx, providerIDs)
}

// refundedByMall sums the refunds the mall made or is making on the
// checkout's orders.
func (s *Service) refundedByMall(ctx context.Context, checkoutID int64) (int64, error) {
	return s.orders.RefundedOnCheckout(ctx, checkoutID)
}

func isInvalidRequest(err error) bool {
	var se *stripe.Error
	return errors.As(err, &se) && se.Type == stripe.ErrorTypeInvalidRequest
}
