package admin

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

var erasedByKeys = map[string]string{
	reviews.ErasedByReviewer: "reviews_erasure.operator.by_reviewer",
	reviews.ErasedByOperator: "reviews_erasure.operator.by_operator",
}

func (h *Handler) operatorErasuresView(c *fiber.Ctx) (adminview.ReviewErasuresView, error) {
	list, err := h.Reviews.Erasures(web.Ctx(c), 200)
	if err != nil {
		return adminview.ReviewErasuresView{}, err
	}
	var v adminview.ReviewErasuresView
	for _, e := range list {
		v.Items = append(v.Items, adminview.ReviewErasureItem{ReviewID: e.ReviewID, ByKey: erasedByKeys[e.RequestedBy], Reason: e.Reason, At: e.CreatedAt})
	}
	return v, nil
}

// operatorErasures is the erasure page: the form and the erasures so far.
func (h *Handler) operatorErasures(c *fiber.Ctx) error {
	v, err := h.operatorErasuresView(c)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.ReviewErasures(v))
}

// operatorErase erases a review on the data subject's request, with the
// operator's reason kept.
func (h *Handler) operatorErase(c *fiber.Ctx) error {
	review, reason := strings.TrimSpace(c.FormValue("review")), c.FormValue("reason")
	id, perr := strconv.ParseInt(review, 10, 64)
	err := mall.FieldErrors{"review": mall.Invalid("review", "reviews_erasure.error.review")}.Err()
	if perr == nil && id > 0 {
		err = h.Reviews.EraseForSubject(web.Ctx(c), web.Account(c).ID, id, reason)
		if mall.ErrorCode(err) == mall.ENotFound {
			err = mall.FieldErrors{"review": mall.Invalid("review", "reviews_erasure.error.review")}.Err()
		}
	}
	if err == nil {
		web.Flash(c, "success", "reviews_erasure.flash.erased_operator")
		return web.Redirect(c, "/operator/reviews/erasures")
	}
	errs := mall.Fields(err)
	if errs == nil {
		if e := mall.AsError(err); e != nil && e.Code == mall.EConflict {
			errs = mall.FieldErrors{"review": mall.Invalid("review", e.Key)}
		} else {
			return err
		}
	}
	v, verr := h.operatorErasuresView(c)
	if verr != nil {
		return verr
	}
	v.Review, v.Reason, v.Errors = review, reason, errs
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.ReviewErasures(v))
}
