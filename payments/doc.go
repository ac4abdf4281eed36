// Package payments takes the shopper's money and pays the merchants: Stripe
// Checkout Sessions (the card never touches the mall), Stripe Connect with
// separate charges and transfers (one charge per checkout, one transfer per
// merchant's order under the checkout's transfer_group, the mall keeping
// its commission), refunds, and the signed webhooks that drive the orders'
// state. With no Stripe key the offline provider (bank transfer, cash on
// delivery) keeps the whole flow working: the merchant confirms payment.
//
// Every call that creates something at Stripe carries an idempotency key
// derived from the mall's own id, so a retry never charges, transfers or
// refunds twice. Webhook events are stored by id and applied once; the
// orders' state machine only moves forward, so events may arrive in any
// order. Slow work (transfers) runs later through the outbox.
package payments
