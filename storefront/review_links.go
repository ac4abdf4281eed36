package storefront

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// addReviewLinks puts "Write a review" on each line of the shopper's order
// that they may review now.
func (h *Handler) addReviewLinks(c *fiber.Ctx, o *orders.Order, ov *shopview.OrderView) error {
	if h.Reviews == nil {
		return nil
	}
	ok, err := h.Reviews.ReviewableLines(web.Ctx(c), web.Account(c).ID, o)
	if err != nil {
		return err
	}
	for i, l := range o.Lines {
		if ok[l.ID] && i < len(ov.Lines) {
			ov.Lines[i].ReviewURL = "/account/reviews/new?line=" + strconv.FormatInt(l.ID, 10)
		}
	}
	return nil
}
