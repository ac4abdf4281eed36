package payments

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/stripe/stripe-go/v76"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

// Commission and shares.
//
// The charge is the mall's (separate charges and transfers); each merchant
// is sent its order's total less the mall's commission. When part of an
// order is refunded, the merchant gives back the refunded amount less the
// commission on it, in proportion: commissionOn(r) = round(r × commission
// / total), half up, in integers (128-bit on the way: no overflow). Computed on the running refunded total
// and differenced, the parts add up exactly: a full refund takes back
// precisely the whole share, never a cent more or less.

// commissionOn is the mall's commission on amount, in proportion to the
// order's.
func commissionOn(o *orders.Order, amount int64) int64 {
	if o.Total <= 0 || amount <= 0 {
		return 0
	}
	// An order's commission is never more than its total (at most 10,000
	// basis points); an imported one is held to that too, not trusted.
	return mall.Proportion(amount, min(max(o.CommissionAmount, 0), o.Total), o.Total)
}

// shareOf is the merchant's part of amount of order o.
func shareOf(o *orders.Order, amount int64) int64 { return amount - commissionOn(o, amount) }

// transferAmount is what the merchant is owed for the order when the
// transfer is made: its share less the share of what was refunded before.
func transferAmount(o *orders.Order) int64 {
	return shareOf(o, o.Total) - shareOf(o, o.RefundedAmount)
}

// NetShare is what the merchant keeps of order o after its refunds: the
// share of what was paid less the share of what was refunded (what its
// transfer comes to, once any reversals are made).
func NetShare(o *orders.Order) int64 { return transferAmount(o) }

// reversalAmount is how much of the merchant's transfer a refund of amount
// takes back, given what had been refunded before it.
func reversalAmount(o *orders.Order, refundedBefore, amount int64) int64 {
	return shareOf(o, refundedBefore+amount) - shareOf(o, refundedBefore)
}

// transferCheckoutJob pays each merchant of a paid checkout its share, or
// holds it until the merchant can receive payouts. It runs from the
// outbox, after the webhook answered, and may run more than once: the
// idempotency key per order and the transfer status make that harmless.
func (s *Service) transferCheckoutJob(ctx context.Context, job outbox.Job) error {
	var p orders.CheckoutPayload
	if err := job.Decode(&p); err != nil {
		return err
	}
	co, err := s.orders.Checkout(ctx, p.CheckoutID)
	if err != nil {
		return err
	}
	if co.Provider != ProviderStripe {
		return nil
	}
	var errs []error
	for i := range co.Orders {
		if err := s.transferOrder(ctx, co, &co.Orders[i]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// releaseHeldJob sends the transfers held for a merchant whose account has
// become able to receive payouts.
func (s *Service) releaseHeldJob(ctx context.Context, job outbox.Job) error {
	var p AccountReadyPayload
	if err := job.Decode(&p); err != nil {
		return err
	}
	held, err := s.orders.OrdersAwaitingTransfer(ctx, p.MerchantID)
	if err != nil {
		return err
	}
	var errs []error
	for i := range held {
		co, err := s.orders.Checkout(ctx, held[i].CheckoutID)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := s.transferOrder(ctx, co, &held[i]); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// transferOrder sends the merchant its share of one paid order, or marks
// it held when the merchant's account cannot receive payouts yet.
func (s *Service) transferOrder(ctx context.Context, co *orders.Checkout, o *orders.Order) error {
	if s.stripe == nil || o.TransferStatus == orders.TransferTransferred {
		return nil
	}
	switch o.Status {
	case orders.StatusPaid, orders.StatusShipped, orders.StatusDelivered:
	default:
		// Not paid (yet), cancelled, or refunded in full: nothing is owed.
		return nil
	}
	amount := transferAmount(o)
	if amount <= 0 {
		return nil
	}
	acct, err := s.ConnectStatus(ctx, o.MerchantID)
	if err != nil {
		return err
	}
	if !acct.Ready() {
		if o.TransferStatus == orders.TransferHeld {
			return nil
		}
		s.log.Info("transfer held until the merchant can receive payouts", "merchant_id", o.MerchantID, "order_id", o.ID)
		return s.orders.SetTransfer(ctx, o.MerchantID, o.ID, orders.TransferHeld, "", 0)
	}
	tp := &stripe.TransferParams{
		Params:        params(ctx, idemKey("transfer-order", o.ID)),
		Amount:        stripe.Int64(amount),
		Currency:      stripe.String(strings.ToLower(o.Currency)),
		Destination:   stripe.String(acct.StripeAccountID),
		TransferGroup: stripe.String(co.PublicID),
		Description:   stripe.String(o.Number),
	}
	tp.AddMetadata("order_id", strconv.FormatInt(o.ID, 10))
	tp.AddMetadata("merchant_id", strconv.FormatInt(o.MerchantID, 10))
	tp.AddMetadata("order_number", o.Number)
	// With the charge as source_transaction the transfer succeeds before
	// the charge's funds are available, and waits for them at Stripe.
	if ch := s.chargeOf(ctx, co); ch != "" {
		tp.SourceTransaction = stripe.String(ch)
	}
	tr, err := s.stripe.Transfers.New(tp)
	if err != nil {
		return fmt.Errorf("payments: transfer order %d to merchant %d: %w", o.ID, o.MerchantID, err)
	}
	return s.orders.SetTransfer(ctx, o.MerchantID, o.ID, orders.TransferTransferred, tr.ID, amount)
}

// chargeOf is the checkout's charge: stored when known, else read from its
// payment intent (checkout.session events name only the intent). "" when
// it cannot be told; the transfer then draws on the platform's balance.
func (s *Service) chargeOf(ctx context.Context, co *orders.Checkout) string {
	if co.ChargeID != "" {
		return co.ChargeID
	}
	if co.PaymentIntentID == "" {
		return ""
	}
	pi, err := s.stripe.PaymentIntents.Get(co.PaymentIntentID, &stripe.PaymentIntentParams{Params: params(ctx, "")})
	if err != nil {
		s.log.Warn("read payment intent for its charge", "checkout_id", co.ID, "payment_intent", co.PaymentIntentID, "err", err)
		return ""
	}
	if pi.LatestCharge == nil {
		return ""
	}
	return pi.LatestCharge.ID
}
