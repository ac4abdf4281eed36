package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// reviewAppeal is the reviewer's one appeal against a removal; another
// operator decides it.
func (h *Handler) reviewAppeal(c *fiber.Ctx) error {
	r, err := h.reviewOfShopper(c)
	if err != nil {
		return err
	}
	if err := h.Reviews.Appeal(web.Ctx(c), web.Account(c).ID, r.ID, c.FormValue("appeal")); err != nil {
		return err
	}
	web.Flash(c, "success", "reviews.flash.appealed")
	return web.Redirect(c, "/account/reviews")
}
