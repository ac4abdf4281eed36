package storefront

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// ordersPerPage is how many orders "my orders" lists on a page.
const ordersPerPage = 20

// orderList is the signed-in shopper's orders across every shop, newest
// first.
func (h *Handler) orderList(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	page, err := strconv.Atoi(c.Query("page", "1"))
	if err != nil || page < 1 {
		page = 1
	}
	list, total, err := h.Orders.OrdersOfAccount(ctx, web.Account(c).ID, page, ordersPerPage)
	if err != nil {
		return err
	}
	view := shopview.OrdersView{
		Head: templates.Head{Title: i18n.T(ctx, "orders_shopper.title"), NoIndex: true},
		Pager: templates.Pager{Page: page, PerPage: ordersPerPage, Total: int(total), URL: func(n int) string {
			return "/account/orders?page=" + strconv.Itoa(n)
		}},
	}
	shops := newShopNames(h)
	for i := range list {
		ov, err := orderView(c, shops, &list[i])
		if err != nil {
			return err
		}
		view.Orders = append(view.Orders, ov)
	}
	noStore(c)
	return web.Render(c, fiber.StatusOK, shopview.OrderList(view))
}
