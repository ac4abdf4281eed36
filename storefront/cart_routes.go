package storefront

import "github.com/gofiber/fiber/v2"

// registerCart mounts the cart and the checkout. They serve guests and
// signed-in shoppers alike: whose cart it is comes from cartOwner.
func (h *Handler) registerCart(r fiber.Router) {
	r.Get("/cart", h.cartShow)
	r.Post("/cart/add", h.Limits.CartAdd.Handler, h.cartAdd)
	r.Post("/cart/lines/:id", h.cartUpdate)
	r.Post("/cart/lines/:id/remove", h.cartRemove)
	r.Get("/checkout", h.checkoutShow)
	r.Post("/checkout", h.checkoutPost)
	r.Get("/checkout/:public_id", h.checkoutConfirmation)
	r.Get("/checkout/:public_id/cancel", h.checkoutCancel)
}
