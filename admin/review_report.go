package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// reviewReport reports one of the shop's reviews to the operator for one
// of the listed reasons; the review stays up until the operator decides.
func (h *Handler) reviewReport(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	reason, note := c.FormValue("reason"), c.FormValue("note")
	_, err = h.Reviews.Report(web.Ctx(c), merchantID(c), id, web.Account(c).ID, reason, note)
	if err == nil {
		web.Flash(c, "success", "reviews_admin.report_saved")
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
	for i := range v.Rows {
		if v.Rows[i].ID == id {
			v.Rows[i].ReportReason, v.Rows[i].ReportNote, v.Rows[i].ReportError = reason, note, errs
			return web.Render(c, fiber.StatusUnprocessableEntity, adminview.Reviews(v))
		}
	}
	return mall.NotFound("review")
}
