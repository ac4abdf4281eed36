package storefront

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// reviewOptOutForm is the page the opt-out link in a review request opens:
// one button stops every further request to that address.
func (h *Handler) reviewOptOutForm(c *fiber.Ctx) error {
	v := shopview.OptOutView{
		Head:  templates.Head{Title: i18n.T(web.Ctx(c), "reviews.opt_out.title"), NoIndex: true},
		Email: c.Query("email"), Sig: c.Query("sig"),
		Done: c.Query("done") == "1",
	}
	if !v.Done && (v.Email == "" || reviews.OptOutSignature(h.Secret, v.Email) != v.Sig) {
		return mall.NotFound("opt-out link")
	}
	noStore(c)
	return web.Render(c, fiber.StatusOK, shopview.ReviewOptOut(v))
}

// reviewOptOut records the opt-out.
func (h *Handler) reviewOptOut(c *fiber.Ctx) error {
	if err := h.Reviews.OptOut(web.Ctx(c), h.Secret, c.FormValue("email"), c.FormValue("sig")); err != nil {
		return err
	}
	return web.Redirect(c, "/reviews/opt-out?done=1")
}

// reviewOptOutLink is a person opening the List-Unsubscribe URL: it shows
// the opt-out page with its button and opts nobody out.
func (h *Handler) reviewOptOutLink(c *fiber.Ctx) error {
	email, sig := reviews.ParseOptOutToken(c.Params("token"))
	if email == "" || reviews.OptOutSignature(h.Secret, email) != sig {
		return mall.NotFound("opt-out link")
	}
	return web.Redirect(c, "/reviews/opt-out?"+url.Values{"email": {email}, "sig": {sig}}.Encode())
}
