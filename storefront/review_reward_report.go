package storefront

import (
	"context"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// rewardReportPath is where the signed-in buyer reports a reward offer
// about their order.
func rewardReportPath(orderID int64) string {
	return "/account/orders/" + strconv.FormatInt(orderID, 10) + "/reward-report"
}

// guestRewardReportPath is where a guest reports one about an order of
// the checkout whose signed link they hold.
func guestRewardReportPath(secret []byte, publicID string, orderID int64) string {
	q := url.Values{"checkout": {publicID}, "sig": {orders.LinkSignature(secret, publicID)}}
	return "/reviews/reward-report/" + strconv.FormatInt(orderID, 10) + "?" + q.Encode()
}

// reportable says whether a shopper may report a reward offer about o:
// once it is paid.
func reportable(o *orders.Order) bool { return o.PaidAt != nil }

// renderRewardReport shows the report form (as typed, after an error).
func (h *Handler) renderRewardReport(c *fiber.Ctx, status int, o *orders.Order, action, body string, errs mall.FieldErrors) error {
	ctx := web.Ctx(c)
	shop, err := newShopNames(h).get(ctx, o.MerchantID)
	if err != nil {
		return err
	}
	noStore(c)
	return web.Render(c, status, shopview.RewardReport(shopview.RewardReportView{
		Head:        templates.Head{Title: i18n.T(ctx, "integrity.report.title"), NoIndex: true},
		OrderNumber: o.Number, ShopName: shop.Name, Action: action, Body: body, Errors: errs,
	}))
}

// photoOf stores the form's photo through the media checks, which
// re-encode it and so drop its EXIF data (nil when none was sent).
func (h *Handler) photoOf(c *fiber.Ctx) func(ctx context.Context) (string, error) {
	fh, err := c.FormFile("photo")
	if err != nil || fh == nil || fh.Size == 0 || h.Media == nil {
		return nil
	}
	return func(ctx context.Context) (string, error) {
		f, err := fh.Open()
		if err != nil {
			return "", err
		}
		defer f.Close()
		img, err := h.Media.Save(ctx, f, fh.Filename)
		if err != nil {
			return "", err
		}
		return img.Key, nil
	}
}

// rewardReported answers a report: back to the order, or the form again
// at 422.
func (h *Handler) rewardReported(c *fiber.Ctx, o *orders.Order, action, back string, err error) error {
	if err == nil {
		web.Flash(c, "success", "integrity.report.sent")
		return web.Redirect(c, back)
	}
	errs := mall.Fields(err)
	if errs == nil {
		return err
	}
	return h.renderRewardReport(c, fiber.StatusUnprocessableEntity, o, action, c.FormValue("body"), errs)
}

// accountOrder is the signed-in shopper's paid order named in the path.
func (h *Handler) accountOrder(c *fiber.Ctx) (*orders.Order, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return nil, mall.NotFound("order")
	}
	o, err := h.Orders.OrderOfAccount(web.Ctx(c), web.Account(c).ID, id)
	if err != nil {
		return nil, err
	}
	if !reportable(o) {
		return nil, mall.NotFound("order")
	}
	return o, nil
}

// rewardReportForm is the signed-in buyer's form.
func (h *Handler) rewardReportForm(c *fiber.Ctx) error {
	o, err := h.accountOrder(c)
	if err != nil {
		return err
	}
	return h.renderRewardReport(c, fiber.StatusOK, o, rewardReportPath(o.ID), "", nil)
}

// rewardReport files the signed-in buyer's report.
func (h *Handler) rewardReport(c *fiber.Ctx) error {
	o, err := h.accountOrder(c)
	if err != nil {
		return err
	}
	_, err = h.Reviews.ReportReward(web.Ctx(c), web.Account(c).ID, o.ID, reviews.RewardReport{Body: c.FormValue("body"), Photo: h.photoOf(c)})
	return h.rewardReported(c, o, rewardReportPath(o.ID), "/account/orders/"+strconv.FormatInt(o.ID, 10), err)
}

// guestOrder is the paid order named in the path, of the checkout whose
// signed link (or cart, or browser) the visitor holds.
func (h *Handler) guestOrder(c *fiber.Ctx) (*orders.Checkout, *orders.Order, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return nil, nil, mall.NotFound("order")
	}
	co, err := h.Orders.CheckoutByPublicID(web.Ctx(c), c.Query("checkout"))
	if err != nil {
		return nil, nil, err
	}
	if !h.maySeeCheckout(c, co) {
		return nil, nil, mall.NotFound("order")
	}
	for i := range co.Orders {
		if o := &co.Orders[i]; o.ID == id && reportable(o) {
			return co, o, nil
		}
	}
	return nil, nil, mall.NotFound("order")
}

// guestRewardReportForm is the guest's form.
func (h *Handler) guestRewardReportForm(c *fiber.Ctx) error {
	co, o, err := h.guestOrder(c)
	if err != nil {
		return err
	}
	return h.renderRewardReport(c, fiber.StatusOK, o, guestRewardReportPath(h.Secret, co.PublicID, o.ID), "", nil)
}

// guestRewardReport files the guest's report.
func (h *Handler) guestRewardReport(c *fiber.Ctx) error {
	co, o, err := h.guestOrder(c)
	if err != nil {
		return err
	}
	_, err = h.Reviews.ReportRewardAsGuest(web.Ctx(c), o, reviews.RewardReport{Body: c.FormValue("body"), Photo: h.photoOf(c)})
	return h.rewardReported(c, o, guestRewardReportPath(h.Secret, co.PublicID, o.ID), guestOrderPath(h.Secret, co.PublicID), err)
}
