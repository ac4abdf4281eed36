package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// operatorRewardCaseClose closes a case as founded or unfounded with the
// operator's statement of reasons, which is logged.
func (h *Handler) operatorRewardCaseClose(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	statement := c.FormValue("statement")
	err = h.Reviews.CloseRewardCase(web.Ctx(c), web.Account(c).ID, id, reviews.CaseStatus(c.FormValue("outcome")) == reviews.CaseFounded, statement)
	if err == nil {
		web.Flash(c, "success", "integrity.cases.closed_flash")
		return web.Redirect(c, "/operator/reviews/cases")
	}
	errs := mall.Fields(err)
	if errs == nil {
		return err
	}
	found := false
	v, verr := h.rewardCasesView(c, func(it *adminview.RewardCaseItem) {
		if it.ID == id {
			it.Form, it.Errors, found = statement, errs, true
		}
	})
	if verr != nil {
		return verr
	}
	if !found {
		return mall.NotFound("case")
	}
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.RewardCases(v))
}
