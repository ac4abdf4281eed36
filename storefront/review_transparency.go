package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// withheldReasons lists counts by reason in the listed order, leaving out
// reasons with none.
func withheldReasons(by map[string]int64) ([]shopview.WithheldReason, int64) {
	var out []shopview.WithheldReason
	var total int64
	for _, r := range templates.ReviewReasonKeys {
		if n := by[r.Reason]; n > 0 {
			out = append(out, shopview.WithheldReason{Key: r.Key, Count: n})
			total += n
		}
	}
	return out, total
}

// reviewTransparency is the public page that counts reviews received and
// removed (by reason and rating), reports and appeals.
func (h *Handler) reviewTransparency(c *fiber.Ctx) error {
	t, err := h.Reviews.TransparencyAcrossMall(web.Ctx(c))
	if err != nil {
		return err
	}
	v := shopview.TransparencyView{
		Head:     templates.Head{Title: i18n.T(web.Ctx(c), "reviews.transparency.title")},
		Received: t.Received, Removed: t.Removed, RemovedByStars: t.RemovedByStars,
		Reports: t.Reports, ReportsUpheld: t.ReportsByStatus[reviews.ReportUpheld],
		ReportsRejected: t.ReportsByStatus[reviews.ReportDismissed], ReportsOpen: t.ReportsByStatus[reviews.ReportOpen],
		Appeals: t.Appeals, AppealsRestored: t.AppealsRestored, AppealsUpheld: t.AppealsUpheld,
	}
	v.RemovedByReason, _ = withheldReasons(t.RemovedByReason)
	if err := h.transparencyMonths(c, &v); err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, shopview.ReviewTransparency(v))
}
