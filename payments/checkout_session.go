package payments

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

// Stripe accepts a Checkout Session's expires_at between 30 minutes and 24
// hours after the session is created.
const (
	sessionMinLife = 30 * time.Minute
	sessionMaxLife = 24 * time.Hour
	// sessionMargin covers the time between the mall's clock and Stripe's
	// receiving the request.
	sessionMargin = 2 * time.Minute
)

// StartPayment begins paying for a placed checkout. With the offline
// provider it returns "" (the shopper sees the confirmation page and pays
// the merchant as agreed). With Stripe it creates a hosted Checkout Session
// and returns its URL, where the shopper is sent; successURL and cancelURL
// (absolute, or paths on the mall's BaseURL) are where Stripe sends the
// shopper back. Calling it again for the same checkout returns the same
// session.
func (s *Service) StartPayment(ctx context.Context, co *orders.Checkout, successURL, cancelURL string) (string, error) {
	if co.Provider != ProviderStripe {
		return "", nil
	}
	if s.stripe == nil {
		return "", errNoStripe
	}
	if co.Status != orders.CheckoutPending {
		// Paid already, or expired with its stock back on sale.
		return "", &mall.Error{Code: mall.EConflict, Key: "payments.error.checkout_closed", Message: "checkout is " + string(co.Status)}
	}
	if co.ProviderSessionID != "" {
		sp := &stripe.CheckoutSessionParams{Params: params(ctx, "")}
		cs, err := s.stripe.CheckoutSessions.Get(co.ProviderSessionID, sp)
		if err != nil {
			return "", s.providerError(fmt.Sprintf("read checkout session of checkout %d", co.ID), err)
		}
		return cs.URL, nil
	}
	p, err := s.sessionParams(ctx, co, successURL, cancelURL)
	if err != nil {
		return "", err
	}
	cs, err := s.stripe.CheckoutSessions.New(p)
	if err != nil {
		return "", s.providerError(fmt.Sprintf("create checkout session for checkout %d", co.ID), err)
	}
	if err := s.orders.SetCheckoutSession(ctx, co.ID, cs.ID); err != nil {
		return "", fmt.Errorf("payments: remember session of checkout %d: %w", co.ID, err)
	}
	co.ProviderSessionID = cs.ID
	return cs.URL, nil
}

// sessionParams describes the checkout to Stripe: one line item per order
// line and one per shop's shipping, the whole charge under the checkout's
// transfer_group so each merchant's transfer can be traced to it.
func (s *Service) sessionParams(ctx context.Context, co *orders.Checkout, successURL, cancelURL string) (*stripe.CheckoutSessionParams, error) {
	loc := i18n.English
	if l, ok := i18n.Parse(co.Locale); ok {
		loc = l
	}
	currency := strings.ToLower(co.Currency)
	var items []*stripe.CheckoutSessionLineItemParams
	var sum int64
	for _, o := range co.Orders {
		m, err := s.mer.MerchantByID(ctx, o.MerchantID)
		if err != nil {
			return nil, err
		}
		for _, l := range o.Lines {
			name := l.Title
			if l.VariantTitle != "" {
				name += " — " + l.VariantTitle
			}
			name += " (" + m.Name + ")"
			items = append(items, lineItem(currency, name, l.UnitPrice, int64(l.Quantity)))
			sum += l.UnitPrice * int64(l.Quantity)
		}
		if o.Shipping > 0 {
			name := i18n.Translate(loc, "payments.line.shipping", "Method", o.ShippingMethodName, "Shop", m.Name)
			items = append(items, lineItem(currency, name, o.Shipping, 1))
			sum += o.Shipping
		}
	}
	if sum != co.Total {
		// The line items must add up to what the shopper agreed to pay;
		// a difference means the checkout was not read whole.
		return nil, fmt.Errorf("payments: checkout %d: line items add up to %d, total is %d", co.ID, sum, co.Total)
	}
	now := s.now()
	expires := s.sessionExpiry(co, now)
	id := strconv.FormatInt(co.ID, 10)
	p := &stripe.CheckoutSessionParams{
		Params:            params(ctx, idemKey("checkout-session", co.ID)),
		Mode:              stripe.String(string(stripe.CheckoutSessionModePayment)),
		LineItems:         items,
		CustomerEmail:     stripe.String(co.Email),
		ClientReferenceID: stripe.String(co.PublicID),
		SuccessURL:        stripe.String(s.absoluteURL(successURL)),
		CancelURL:         stripe.String(s.absoluteURL(cancelURL)),
		ExpiresAt:         stripe.Int64(expires.Unix()),
		Locale:            stripe.String(stripeLocale(loc)),
		PaymentIntentData: &stripe.CheckoutSessionPaymentIntentDataParams{
			TransferGroup: stripe.String(co.PublicID),
			Metadata:      map[string]string{"checkout_id": id, "checkout_public_id": co.PublicID},
		},
	}
	p.AddMetadata("checkout_id", id)
	p.AddMetadata("checkout_public_id", co.PublicID)
	return p, nil
}

// sessionExpiry is when the Stripe session stops taking payment: when the
// checkout's stock reservation ends, but never sooner than Stripe allows.
// It is derived from the checkout's creation where it can be, so that a
// retried request sends the same parameters under the same idempotency key.
func (s *Service) sessionExpiry(co *orders.Checkout, now time.Time) time.Time {
	exp := co.CreatedAt.Add(sessionMinLife + sessionMargin)
	if co.ExpiresAt != nil && co.ExpiresAt.After(exp) {
		exp = *co.ExpiresAt
	}
	if exp.Before(now.Add(sessionMinLife + sessionMargin/4)) {
		exp = now.Add(sessionMinLife + sessionMargin)
	}
	if max := now.Add(sessionMaxLife - sessionMargin); exp.After(max) {
		exp = max
	}
	return exp.Truncate(time.Second)
}

func lineItem(currency, name string, unit, qty int64) *stripe.CheckoutSessionLineItemParams {
	return &stripe.CheckoutSessionLineItemParams{
		Quantity: stripe.Int64(qty),
		PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
			Currency:    stripe.String(currency),
			UnitAmount:  stripe.Int64(unit),
			ProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripe.String(name)},
		},
	}
}

// stripeLocale is the language of Stripe's hosted page for the shopper's.
func stripeLocale(loc i18n.Locale) string {
	if loc == i18n.Chinese {
		return "zh"
	}
	return "en"
}

// expireSessionJob closes the Stripe session of a checkout the mall has
// expired (its stock is back on sale), so the shopper cannot pay for it
// after all. A session that is already complete or expired is fine.
func (s *Service) expireSessionJob(ctx context.Context, job outbox.Job) error {
	var p orders.CheckoutPayload
	if err := job.Decode(&p); err != nil {
		return err
	}
	co, err := s.orders.Checkout(ctx, p.CheckoutID)
	if err != nil {
		return err
	}
	if co.Provider != ProviderStripe || co.ProviderSessionID == "" {
		return nil
	}
	sp := &stripe.CheckoutSessionExpireParams{Params: params(ctx, "")}
	_, err = s.stripe.CheckoutSessions.Expire(co.ProviderSessionID, sp)
	if err != nil && isInvalidRequest(err) {
		// Already complete or expired at Stripe: nothing to close.
		s.log.Info("checkout session not expired at stripe", "checkout_id", co.ID, "session", co.ProviderSessionID, "err", err)
		return nil
	}
	return err
}
