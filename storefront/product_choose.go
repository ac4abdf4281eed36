package storefront

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/web"
)

// productChoose is the picker's own button for visitors without
// JavaScript: it shows the product page for the options picked (price,
// stock, SKU), without putting anything in the cart. It is a POST because
// the picker lives in the add-to-cart form, whose token must not go into a
// URL.
func (h *Handler) productChoose(c *fiber.Ctx, m *merchants.Merchant) error {
	page := shopPath(c, m, "/p/"+strings.Clone(c.Params("product")))
	return web.Redirect(c, withOptions(page, postedOptions(c)))
}
