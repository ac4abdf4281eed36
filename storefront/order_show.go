package storefront

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// orderShow is one order of the signed-in shopper; anyone else's order
// does not exist for them.
func (h *Handler) orderShow(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil {
		return mall.NotFound("order")
	}
	o, err := h.Orders.OrderOfAccount(ctx, web.Account(c).ID, id)
	if err != nil {
		return err
	}
	ov, err := orderView(c, newShopNames(h), o)
	if err != nil {
		return err
	}
	if err := h.addReviewLinks(c, o, &ov); err != nil {
		return err
	}
	view := shopview.OrderPageView{
		Head:            templates.Head{Title: i18n.T(ctx, "orders_shopper.order_title", "Number", o.Number), NoIndex: true},
		Order:           ov,
		Address:         addressLines(c, o.Address),
		AwaitingOffline: o.Provider == orders.ProviderOffline && o.Status == orders.StatusPendingPayment,
	}
	for _, e := range o.Events {
		if e.ToStatus != "" {
			view.History = append(view.History, shopview.OrderStep{At: e.CreatedAt, StatusKey: orders.StatusKey(e.ToStatus)})
		}
	}
	noStore(c)
	return web.Render(c, fiber.StatusOK, shopview.OrderShow(view))
}
