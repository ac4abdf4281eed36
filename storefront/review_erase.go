package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// reviewErase erases the shopper's own review (GDPR Art. 17): its text
// and the salt that tied its log entries to the order go; the product
// page says it was removed at the reviewer's request.
func (h *Handler) reviewErase(c *fiber.Ctx) error {
	r, err := h.reviewOfShopper(c)
	if err != nil {
		return err
	}
	if err := h.Reviews.EraseOwn(web.Ctx(c), web.Account(c).ID, r.ID); err != nil {
		return err
	}
	web.Flash(c, "success", "reviews_erasure.flash.erased")
	return web.Redirect(c, "/account/reviews")
}
