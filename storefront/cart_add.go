package storefront

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// cartAdd puts the variant a product page shows in the cart and goes to
// the cart; when it cannot, it goes back to the product page saying why.
func (h *Handler) cartAdd(c *fiber.Ctx) error {
	variantID, err := strconv.ParseInt(c.FormValue("variant_id"), 10, 64)
	if err != nil {
		return fiber.ErrBadRequest
	}
	back := web.LocalPath(c.FormValue("return"), "/cart")
	qty, err := strconv.Atoi(strings.TrimSpace(c.FormValue("quantity", "1")))
	if err != nil {
		web.Flash(c, "error", "cart.flash.bad_quantity")
		return web.Redirect(c, back)
	}
	if err := h.Orders.AddToCart(web.Ctx(c), ensureCartOwner(c), variantID, qty); err != nil {
		key := cartProblemKey(err)
		if key == "" {
			return err
		}
		web.Flash(c, "error", key)
		return web.Redirect(c, back)
	}
	web.Flash(c, "success", "cart.flash.added")
	return web.Redirect(c, "/cart")
}

// cartProblemKey is the message for a cart change the shopper can fix
// (a quantity out of range, not enough stock, a product no longer on
// sale), or "" for any other error.
func cartProblemKey(err error) string {
	switch mall.ErrorCode(err) {
	case mall.EInvalid:
		return "cart.flash.bad_quantity"
	case mall.EConflict:
		if e := mall.AsError(err); e != nil && e.Key == "orders.error.not_enough_stock" {
			return "cart.flash.not_enough_stock"
		}
		return "cart.flash.unavailable"
	}
	return ""
}
