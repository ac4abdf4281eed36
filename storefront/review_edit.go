package storefront

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// reviewOfShopper reads the :id review of the signed-in shopper; anyone
// else's is not found.
func (h *Handler) reviewOfShopper(c *fiber.Ctx) (*reviews.Review, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return nil, mall.NotFound("review")
	}
	return h.Reviews.ReviewOfAccount(web.Ctx(c), web.Account(c).ID, id)
}

// reviewEdit is the form that edits one of the shopper's reviews.
func (h *Handler) reviewEdit(c *fiber.Ctx) error {
	r, err := h.reviewOfShopper(c)
	if err != nil {
		return err
	}
	if !r.Editable(h.Reviews.Now()) {
		return &mall.Error{Code: mall.EConflict, Key: "reviews.error.edit_window"}
	}
	in := reviews.Input{Rating: r.Rating, Title: r.Title, Body: r.Body, Incentivized: r.Incentivized}
	for _, p := range r.Photos() {
		in.Keep = append(in.Keep, p.ImageKey)
	}
	v, err := h.reviewFormView(c, 0, r, in, nil)
	if err != nil {
		return err
	}
	noStore(c)
	return web.Render(c, fiber.StatusOK, shopview.ReviewForm(v))
}

// reviewUpdate saves a new version of one of the shopper's reviews.
func (h *Handler) reviewUpdate(c *fiber.Ctx) error {
	r, err := h.reviewOfShopper(c)
	if err != nil {
		return err
	}
	in := reviewInput(c)
	if _, err := h.Reviews.Edit(web.Ctx(c), web.Account(c).ID, r.ID, in); err != nil {
		if errs := mall.Fields(err); errs != nil {
			v, verr := h.reviewFormView(c, 0, r, in, errs)
			if verr != nil {
				return verr
			}
			return web.Render(c, fiber.StatusUnprocessableEntity, shopview.ReviewForm(v))
		}
		return err
	}
	web.Flash(c, "success", "reviews.flash.edited")
	return web.Redirect(c, "/account/reviews")
}
