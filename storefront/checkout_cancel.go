package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/web"
)

// checkoutCancel is where Stripe sends a shopper who gave up paying: the
// checkout ends, its stock is released and its lines go back in the cart.
// A checkout paid or ended meanwhile is left alone: its page says which.
func (h *Handler) checkoutCancel(c *fiber.Ctx) error {
	co, err := h.checkoutFor(c)
	if err != nil {
		return err
	}
	switch co.Status {
	case orders.CheckoutPaid:
		web.Flash(c, "info", "checkout.flash.already_paid")
		return web.Redirect(c, "/checkout/"+co.PublicID)
	case orders.CheckoutPending:
	default:
		return web.Redirect(c, "/checkout/"+co.PublicID)
	}
	if err := h.Orders.CancelCheckout(web.Ctx(c), ensureCartOwner(c), co.PublicID); err != nil {
		return err
	}
	web.Flash(c, "info", "checkout.flash.cancelled")
	return web.Redirect(c, "/cart")
}
