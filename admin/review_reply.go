package admin

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// reviewReply publishes or edits the shop's reply to one of its reviews;
// a rejected reply is shown again as typed.
func (h *Handler) reviewReply(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	body := strings.Clone(c.FormValue("reply"))
	_, err = h.Reviews.SaveReply(web.Ctx(c), merchantID(c), id, web.Account(c).ID, body)
	if err == nil {
		web.Flash(c, "success", "reviews_admin.reply_saved")
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
	found := false
	for i := range v.Rows {
		if v.Rows[i].ID == id {
			v.Rows[i].ReplyForm, v.Rows[i].ReplyError = body, errs
			found = true
		}
	}
	if !found {
		// The review is on another page of the list: show it alone.
		return mall.NotFound("review")
	}
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.Reviews(v))
}
