package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// operatorReviewDecided answers a decision: back to the queue, or the
// queue again at 422 with the form as typed beside its errors.
func (h *Handler) operatorReviewDecided(c *fiber.Ctx, id int64, err error, flash string) error {
	if err == nil {
		web.Flash(c, "success", flash)
		return web.Redirect(c, "/operator/reviews")
	}
	errs := mall.Fields(err)
	if errs == nil {
		return err
	}
	reason, statement := c.FormValue("reason"), c.FormValue("statement")
	found := false
	v, verr := h.operatorReviewsView(c, func(it *adminview.ReviewQueueItem) {
		if it.ID == id {
			it.Reason, it.Statement, it.Errors, found = reason, statement, errs, true
		}
	})
	if verr != nil {
		return verr
	}
	if !found {
		return err
	}
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.ReviewQueue(v))
}

// operatorReviewRemove removes a review for a listed reason, with a
// statement of reasons the reviewer and the shop see.
func (h *Handler) operatorReviewRemove(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = h.Reviews.Remove(web.Ctx(c), web.Account(c).ID, id, c.FormValue("reason"), c.FormValue("statement"))
	return h.operatorReviewDecided(c, id, err, "reviews_admin.operator.removed")
}

// operatorReviewDismiss keeps a reported review up and closes its reports.
func (h *Handler) operatorReviewDismiss(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = h.Reviews.DismissReports(web.Ctx(c), web.Account(c).ID, id, c.FormValue("statement"))
	return h.operatorReviewDecided(c, id, err, "reviews_admin.operator.dismissed")
}

// operatorReviewAppeal decides a reviewer's appeal (another operator than
// the one who removed the review).
func (h *Handler) operatorReviewAppeal(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	err = h.Reviews.DecideAppeal(web.Ctx(c), web.Account(c).ID, id, c.FormValue("outcome") == "restore", c.FormValue("statement"))
	return h.operatorReviewDecided(c, id, err, "reviews_admin.operator.appeal_decided")
}
