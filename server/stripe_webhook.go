package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/payments"
)

// stripeWebhook receives Stripe's events. It answers 400 when the signature
// does not verify (Stripe gives up on that delivery), 200 when the event
// was applied or needs nothing, and 500 when applying it failed, so that
// Stripe delivers it again. The answer is plain text: no page, no session.
// A mall without a webhook secret takes no events: the route is not found.
//
// The body is read as received, never decoded (refuseEncodedBodies has
// already turned compressed bodies away), within webhookBodyLimit.
func stripeWebhook(p *payments.Service, enabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if !enabled {
			return c.Status(fiber.StatusNotFound).SendString("not found")
		}
		// The signature covers the exact bytes received. The raw body is
		// fasthttp's buffer, reused after the handler returns (Immutable
		// covers only fiber's own accessors), so work on a copy.
		body := append([]byte(nil), c.Request().Body()...)
		sig := c.Get("Stripe-Signature")
		err := p.HandleStripeWebhook(c.UserContext(), body, sig)
		switch mall.ErrorCode(err) {
		case "":
			return c.SendString("ok")
		case mall.EInvalid:
			return c.Status(fiber.StatusBadRequest).SendString("invalid signature")
		default:
			return c.Status(fiber.StatusInternalServerError).SendString("error")
		}
	}
}
