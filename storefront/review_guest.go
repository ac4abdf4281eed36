package storefront

import (
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// guestLine checks the signed link a guest's review request carried and
// returns its line: a forged link is not found, an expired one says so,
// and a used one (the line has its review) says that.
func (h *Handler) guestLine(c *fiber.Ctx) (*orders.PurchasedLine, string, error) {
	id, err := strconv.ParseInt(c.Params("line"), 10, 64)
	if err != nil {
		return nil, "", mall.NotFound("review link")
	}
	exp, sig := c.Query("exp"), c.Query("sig")
	if err := reviews.CheckGuestLink(h.Secret, id, exp, sig, h.Reviews.Now()); err != nil {
		return nil, "", err
	}
	l, err := h.Orders.PurchasedLine(web.Ctx(c), id)
	if err != nil {
		return nil, "", err
	}
	if err := h.Reviews.EligibleGuest(web.Ctx(c), l); err != nil {
		return nil, "", err
	}
	action := "/reviews/write/" + strconv.FormatInt(id, 10) + "?" + url.Values{"exp": {exp}, "sig": {sig}}.Encode()
	return l, action, nil
}

func (h *Handler) guestFormView(c *fiber.Ctx, l *orders.PurchasedLine, action string, in reviews.Input, errs mall.FieldErrors) (shopview.ReviewFormView, error) {
	m, err := h.Merchants.MerchantByID(web.Ctx(c), l.MerchantID)
	if err != nil {
		return shopview.ReviewFormView{}, err
	}
	return shopview.ReviewFormView{
		Head:   templates.Head{Title: i18n.T(web.Ctx(c), "reviews.form.title"), NoIndex: true},
		Action: action, ProductTitle: l.Title, VariantTitle: l.VariantTitle, ShopName: m.Name,
		Rating: in.Rating, Title: in.Title, Body: in.Body, Incentivized: in.Incentivized, Errors: errs,
		MaxPhotos: reviews.MaxPhotos, MaxPhotoMB: media.MaxBytes >> 20,
	}, nil
}

// reviewGuestForm is the review form a guest opens from the request email.
func (h *Handler) reviewGuestForm(c *fiber.Ctx) error {
	l, action, err := h.guestLine(c)
	if err != nil {
		return err
	}
	v, err := h.guestFormView(c, l, action, reviews.Input{}, nil)
	if err != nil {
		return err
	}
	noStore(c)
	return web.Render(c, fiber.StatusOK, shopview.ReviewForm(v))
}

// reviewGuestCreate publishes a guest's review through the signed link.
func (h *Handler) reviewGuestCreate(c *fiber.Ctx) error {
	l, action, err := h.guestLine(c)
	if err != nil {
		return err
	}
	in := reviewInput(c)
	if _, err := h.Reviews.SubmitAsGuest(web.Ctx(c), l.LineID, in); err != nil {
		if errs := mall.Fields(err); errs != nil {
			v, verr := h.guestFormView(c, l, action, in, errs)
			if verr != nil {
				return verr
			}
			return web.Render(c, fiber.StatusUnprocessableEntity, shopview.ReviewForm(v))
		}
		return err
	}
	m, err := h.Merchants.MerchantByID(web.Ctx(c), l.MerchantID)
	if err != nil {
		return err
	}
	web.Flash(c, "success", "reviews.flash.published")
	return web.Redirect(c, mallShopPath(m.Slug, ""))
}
