package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// registerOrders mounts the shopper's orders: their list and pages for a
// signed-in shopper, and the signed link a guest gets.
func (h *Handler) registerOrders(r fiber.Router) {
	r.Get("/account/orders", web.RequireAccount, h.orderList)
	r.Get("/account/orders/:id", web.RequireAccount, h.orderShow)
	r.Get("/orders/:public_id", h.orderLink)
}
