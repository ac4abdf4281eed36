package storefront

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// cartRemove takes a line out of the cart.
func (h *Handler) cartRemove(c *fiber.Ctx) error {
	lineID, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return mall.NotFound("cart line")
	}
	if err := h.Orders.RemoveCartLine(web.Ctx(c), cartOwner(c), lineID); err != nil {
		return err
	}
	web.Flash(c, "success", "cart.flash.removed")
	return web.Redirect(c, "/cart")
}
