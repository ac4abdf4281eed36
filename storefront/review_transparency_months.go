package storefront

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// transparencyMonths adds the month-by-month counts: the mall's, or with
// ?shop=slug one shop's; and the links to every shop's own.
func (h *Handler) transparencyMonths(c *fiber.Ctx, v *shopview.TransparencyView) error {
	ctx := web.Ctx(c)
	var merchantID int64
	if slug := c.Query("shop"); slug != "" {
		m, err := h.Merchants.MerchantBySlug(ctx, slug)
		if err != nil {
			return err
		}
		merchantID, v.ShopName = m.ID, m.Name
	}
	months, err := h.Reviews.TransparencyByMonth(ctx, merchantID)
	if err != nil {
		return err
	}
	for _, m := range months {
		row := shopview.TransparencyMonth{Month: m.Month, Received: m.Received, Removed: m.Removed, Reports: m.Reports,
			ReportsUpheld: m.ReportsUpheld, ReportsDismissed: m.ReportsDismissed,
			Appeals: m.Appeals, AppealsRestored: m.AppealsRestored, AppealsUpheld: m.AppealsUpheld}
		row.RemovedByReason, _ = withheldReasons(m.RemovedByReason)
		v.Months = append(v.Months, row)
	}
	ids, err := h.Reviews.ShopsWithReviewsAcrossMall(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		m, err := h.Merchants.MerchantByID(ctx, id)
		if err != nil {
			return err
		}
		v.Shops = append(v.Shops, shopview.TransparencyShop{Name: m.Name, URL: "/reviews/transparency?" + url.Values{"shop": {m.Slug}}.Encode() + "#by-month"})
	}
	return nil
}
