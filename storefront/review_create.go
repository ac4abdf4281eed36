package storefront

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// reviewCreate publishes the shopper's review of one line.
func (h *Handler) reviewCreate(c *fiber.Ctx) error {
	line, err := strconv.ParseInt(c.FormValue("line"), 10, 64)
	if err != nil {
		return mall.NotFound("order line")
	}
	in := reviewInput(c)
	if _, err := h.Reviews.Submit(web.Ctx(c), web.Account(c).ID, line, in); err != nil {
		if errs := mall.Fields(err); errs != nil {
			v, verr := h.reviewFormView(c, line, nil, in, errs)
			if verr != nil {
				return verr
			}
			return web.Render(c, fiber.StatusUnprocessableEntity, shopview.ReviewForm(v))
		}
		return err
	}
	web.Flash(c, "success", "reviews.flash.published")
	return web.Redirect(c, "/account/reviews")
}
