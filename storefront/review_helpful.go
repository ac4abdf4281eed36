package storefront

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// reviewHelpful is a signed-in shopper's "Helpful" on a review: counted
// once per account, then back (303) to the review on the page it was
// pressed on. A guest is sent to sign in first, and back to that page.
func (h *Handler) reviewHelpful(c *fiber.Ctx) error {
	back := web.LocalPath(c.FormValue("back"), "/")
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return mall.NotFound("review")
	}
	a := web.Account(c)
	if a == nil {
		return c.Redirect("/account/sign-in?next="+url.QueryEscape(back), fiber.StatusSeeOther)
	}
	added, err := h.Reviews.MarkHelpful(web.Ctx(c), a.ID, id)
	if err != nil {
		return err
	}
	if added {
		web.Flash(c, "success", "reviews.flash.helpful")
	} else {
		web.Flash(c, "info", "reviews.flash.helpful_again")
	}
	return web.Redirect(c, back)
}
