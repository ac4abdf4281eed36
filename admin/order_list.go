package admin

import (
	"context"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

const ordersPerPage = 25

// orderList lists the shop's orders: a status tab, a search by number,
// email or name, and pages.
func (h *Handler) orderList(c *fiber.Ctx) error {
	v := adminview.OrderListView{
		Shop:   frameShop(c),
		Status: orders.Status(c.Query("status")),
		Query:  strings.TrimSpace(c.Query("q")),
	}
	if !v.Status.Valid() {
		v.Status = ""
	}
	page := max(c.QueryInt("page", 1), 1)
	list, total, err := h.Orders.ListOrders(web.Ctx(c), merchantID(c), orders.OrderFilter{
		Status: v.Status, Query: v.Query, Page: page, PerPage: ordersPerPage,
	})
	if err != nil {
		return err
	}
	v.Total = int(total)
	for i := range list {
		o := &list[i]
		items := 0
		for _, l := range o.Lines {
			items += l.Quantity
		}
		v.Rows = append(v.Rows, adminview.OrderRow{
			ID: o.ID, Number: o.Number, PlacedAt: o.PlacedAt, Customer: o.Address.Name, Email: o.Email,
			Items: items, Total: mall.Money{Amount: o.Total, Currency: o.Currency}, Status: o.Status,
			PartiallyRefunded: o.PartiallyRefunded(), Disputed: o.DisputedAt != nil,
		})
	}
	v.Pager = templates.Pager{Page: page, PerPage: ordersPerPage, Total: v.Total, URL: func(n int) string {
		return adminview.OrdersURL(v.Status, v.Query, n)
	}}
	return web.Render(c, fiber.StatusOK, adminview.OrderList(v))
}

// ordersToShip counts the shop's paid orders waiting to be shipped.
func (h *Handler) ordersToShip(ctx context.Context, merchantID int64) (int, error) {
	_, n, err := h.Orders.ListOrders(ctx, merchantID, orders.OrderFilter{Status: orders.StatusPaid, Page: 1, PerPage: 1})
	return int(n), err
}
