package admin

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// lowStockLimit is the stock at or under which a variant is listed as low.
const lowStockLimit = 5

func (h *Handler) dashboard(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	mid := merchantID(c)
	v := adminview.DashboardView{Shop: frameShop(c), LowStockLimit: lowStockLimit}
	for status, n := range map[catalog.Status]*int{catalog.StatusActive: &v.Active, catalog.StatusDraft: &v.Draft} {
		_, total, err := h.Catalog.ListProducts(ctx, mid, catalog.ProductFilter{Status: status, Page: 1, PerPage: 1})
		if err != nil {
			return err
		}
		*n = int(total)
	}
	_, awaiting, err := h.Orders.ListOrders(ctx, mid, orders.OrderFilter{Status: orders.StatusPendingPayment, Page: 1, PerPage: 1})
	if err != nil {
		return err
	}
	v.OrdersAwaitingPayment = int(awaiting)
	low, err := h.lowStock(c)
	if err != nil {
		return err
	}
	v.LowStock = low
	staff, err := h.Merchants.ListStaff(ctx, mid)
	if err != nil {
		return err
	}
	v.Staff = len(staff)
	if v.Sales, err = h.salesPeriods(c); err != nil {
		return err
	}
	if shops := shopOf(c).Staff; len(shops) > 1 {
		for _, s := range shops {
			if s.Merchant != nil {
				v.Shops = append(v.Shops, adminview.ShopChoice{ID: s.MerchantID, Name: s.Merchant.Name, Current: s.MerchantID == mid})
			}
		}
	}
	return web.Render(c, fiber.StatusOK, adminview.Dashboard(v))
}

// lowStock lists variants of the shop's active products with lowStockLimit
// or fewer left, looking at the most recently changed products.
func (h *Handler) lowStock(c *fiber.Ctx) ([]adminview.StockRow, error) {
	ctx := web.Ctx(c)
	products, _, err := h.Catalog.ListProducts(ctx, merchantID(c), catalog.ProductFilter{Status: catalog.StatusActive, Page: 1, PerPage: 50})
	if err != nil {
		return nil, err
	}
	var rows []adminview.StockRow
	for _, p := range products {
		full, err := h.Catalog.ProductInMerchant(ctx, merchantID(c), p.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range stockRows(full) {
			if r.Stock <= lowStockLimit && len(rows) < 20 {
				rows = append(rows, r)
			}
		}
	}
	return rows, nil
}

// salesPeriods are the shop's sales today (since midnight UTC), over the
// last 7 and the last 30 days.
func (h *Handler) salesPeriods(c *fiber.Ctx) ([]adminview.SalesPeriod, error) {
	now := time.Now().UTC()
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	periods := []struct {
		key   string
		since time.Time
	}{
		{"admin.dashboard.sales_today", midnight},
		{"admin.dashboard.sales_7_days", now.AddDate(0, 0, -7)},
		{"admin.dashboard.sales_30_days", now.AddDate(0, 0, -30)},
	}
	money := func(amount int64) mall.Money { return mall.Money{Amount: amount, Currency: h.Site.Currency} }
	var out []adminview.SalesPeriod
	for _, p := range periods {
		s, err := h.Orders.SalesSince(web.Ctx(c), merchantID(c), p.since)
		if err != nil {
			return nil, err
		}
		out = append(out, adminview.SalesPeriod{LabelKey: p.key, Sales: money(s.Amount), Orders: s.Orders, Average: money(s.AverageOrder())})
	}
	return out, nil
}
