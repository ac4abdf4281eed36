package storefront

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// cartAdd puts the variant the shopper chose in the cart and goes to the
// cart; when it cannot, it goes back to the product page saying why, with
// the choice still made. On a product with options the form sends the
// product and the options picked, and the variant is the one with exactly
// those options: a combination that does not exist or is sold out adds
// nothing, never another variant. A product with nothing to choose sends
// its one variant's id.
func (h *Handler) cartAdd(c *fiber.Ctx) error {
	back := web.LocalPath(c.FormValue("return"), "/cart")
	var variantID int64
	if c.FormValue("product") != "" {
		opts := postedOptions(c)
		back = withOptions(back, opts)
		id, problem, err := h.variantForOptions(c, opts)
		if err != nil {
			return err
		}
		if problem != "" {
			web.Flash(c, "error", problem)
			return web.Redirect(c, back)
		}
		variantID = id
	} else {
		id, err := strconv.ParseInt(c.FormValue("variant_id"), 10, 64)
		if err != nil {
			return fiber.ErrBadRequest
		}
		variantID = id
	}
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

// variantForOptions resolves the posted shop, product and options to a
// variant that can be bought, or says in problem (an i18n key) why not.
func (h *Handler) variantForOptions(c *fiber.Ctx, opts [3]string) (id int64, problem string, err error) {
	productID, err := strconv.ParseInt(c.FormValue("product"), 10, 64)
	if err != nil {
		return 0, "", fiber.ErrBadRequest
	}
	ctx := web.Ctx(c)
	m, err := h.shops.bySlug(ctx, h.Merchants, c.FormValue("shop"))
	if mall.ErrorCode(err) == mall.ENotFound {
		return 0, "cart.flash.unavailable", nil
	}
	if err != nil {
		return 0, "", err
	}
	p, err := h.Catalog.ProductInMerchant(ctx, m.ID, productID)
	if mall.ErrorCode(err) == mall.ENotFound {
		return 0, "cart.flash.unavailable", nil
	}
	if err != nil {
		return 0, "", err
	}
	v := p.VariantWithOptions(opts)
	switch {
	case !m.IsOpen() || !p.IsVisible():
		return 0, "cart.flash.unavailable", nil
	case v == nil:
		return 0, "product.variant.choice_missing", nil
	case v.Stock <= 0:
		return 0, "product.variant.choice_sold_out", nil
	}
	return v.ID, "", nil
}

// postedOptions are the option values of the product page's picker.
func postedOptions(c *fiber.Ctx) [3]string {
	var opts [3]string
	for j, field := range optionFields {
		opts[j] = strings.TrimSpace(c.FormValue(field))
	}
	return opts
}

// withOptions is the product page at path showing the options picked.
func withOptions(path string, opts [3]string) string {
	path, _, _ = strings.Cut(path, "?")
	q := url.Values{}
	for j, field := range optionFields {
		if opts[j] != "" {
			q.Set(field, opts[j])
		}
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
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
