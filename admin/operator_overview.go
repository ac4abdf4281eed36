package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) operatorOverview(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	var view adminview.OperatorOverviewView
	counts := map[merchants.MerchantStatus]*int{
		merchants.MerchantPending:   &view.Pending,
		merchants.MerchantActive:    &view.Active,
		merchants.MerchantSuspended: &view.Suspended,
	}
	for status, n := range counts {
		list, total, err := h.Merchants.ListMerchantsAcrossMall(ctx, merchants.MerchantFilter{Status: status, Page: 1, PerPage: 5})
		if err != nil {
			return err
		}
		*n = total
		if status == merchants.MerchantPending {
			view.Newest = operatorRows(list)
		}
	}
	found, err := h.Catalog.Search(ctx, catalog.SearchQuery{Page: 1, PerPage: 1})
	if err != nil {
		return err
	}
	view.Products = found.Total
	return web.Render(c, fiber.StatusOK, adminview.OperatorOverview(view))
}
