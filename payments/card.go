package payments

import (
	"context"

	"github.com/stripe/stripe-go/v76"
)

// cardFingerprint is the fingerprint Stripe gives the card that paid a
// charge: the same card gives the same one across customers, which is
// how the review integrity signals link buyers who pay with one card.
func cardFingerprint(ch *stripe.Charge) string {
	if ch == nil || ch.PaymentMethodDetails == nil || ch.PaymentMethodDetails.Card == nil {
		return ""
	}
	return ch.PaymentMethodDetails.Card.Fingerprint
}

// keepCard stores the charge's card fingerprint on its checkout (hashed,
// once); it reports whether a checkout took it.
func (s *Service) keepCard(ctx context.Context, ch *stripe.Charge) (bool, error) {
	fp := cardFingerprint(ch)
	if fp == "" {
		return false, nil
	}
	piID := paymentIntentOf(ch)
	return s.orders.SetCardFingerprint(ctx, piID, ch.ID, fp)
}

// applyChargeSucceeded keeps the card of a charge the mall knows. The
// payment itself is applied by the checkout session's events.
func (s *Service) applyChargeSucceeded(ctx context.Context, ev stripe.Event, ch *stripe.Charge) (string, int64, error) {
	piID := paymentIntentOf(ch)
	checkoutID, err := s.checkoutOfCharge(ctx, piID, ch.ID)
	if err != nil {
		return "", 0, err
	}
	if checkoutID == 0 {
		// The session's event often comes later: reapplyChargeEvents
		// applies this one again once the checkout is paid.
		return OutcomeUnknownCharge, 0, nil
	}
	if _, err := s.keepCard(ctx, ch); err != nil {
		return "", checkoutID, err
	}
	return OutcomeCardKept, checkoutID, nil
}

// paymentIntentOf is the id of the payment intent a charge belongs to, or
// "" when the event did not carry it.
func paymentIntentOf(ch *stripe.Charge) string {
	if ch.PaymentIntent == nil {
		return ""
	}
	return ch.PaymentIntent.ID
}
