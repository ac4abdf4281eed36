package admin

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// reviewSettings sets how many days after delivery the mall asks the
// shop's buyers for a review (merchants.PermReviews, by route group). The shop chooses
// when, never whom: every buyer of every delivered line is asked.
func (h *Handler) reviewSettings(c *fiber.Ctx) error {
	raw := strings.TrimSpace(c.FormValue("request_days"))
	days, perr := strconv.Atoi(raw)
	err := h.Reviews.SetRequestDays(web.Ctx(c), merchantID(c), days)
	if perr != nil {
		err = mall.FieldErrors{"request_days": mall.Invalid("request_days", "reviews.error.request_days")}.Err()
	}
	if err == nil {
		web.Flash(c, "success", "reviews_admin.request_days_saved")
		return web.Redirect(c, "/admin/reviews")
	}
	errs := mall.Fields(err)
	if errs == nil {
		return err
	}
	v, verr := h.reviewsView(c)
	if verr != nil {
		return verr
	}
	v.RequestDays, v.RequestDaysError = strings.Clone(raw), errs
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.Reviews(v))
}
