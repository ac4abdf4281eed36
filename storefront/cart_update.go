package storefront

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// cartUpdate sets a line's quantity (0 takes it out).
func (h *Handler) cartUpdate(c *fiber.Ctx) error {
	lineID, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return mall.NotFound("cart line")
	}
	qty, err := strconv.Atoi(strings.TrimSpace(c.FormValue("quantity")))
	if err != nil || qty < 0 {
		web.Flash(c, "error", "cart.flash.bad_quantity")
		return web.Redirect(c, "/cart")
	}
	if err := h.Orders.SetCartQuantity(web.Ctx(c), cartOwner(c), lineID, qty); err != nil {
		key := cartProblemKey(err)
		if key == "" {
			return err
		}
		web.Flash(c, "error", key)
		return web.Redirect(c, "/cart")
	}
	if qty == 0 {
		web.Flash(c, "success", "cart.flash.removed")
	} else {
		web.Flash(c, "success", "cart.flash.updated")
	}
	return web.Redirect(c, "/cart")
}
