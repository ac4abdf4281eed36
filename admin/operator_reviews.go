package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// operatorReviewsView is the moderation queue; keep changes one item (the
// form just sent, as typed).
func (h *Handler) operatorReviewsView(c *fiber.Ctx, keep func(*adminview.ReviewQueueItem)) (adminview.ReviewQueueView, error) {
	ctx := web.Ctx(c)
	queue, err := h.Reviews.QueueAcrossMall(ctx, 100)
	if err != nil {
		return adminview.ReviewQueueView{}, err
	}
	var v adminview.ReviewQueueView
	shops := map[int64]string{}
	for _, q := range queue {
		r := q.Review
		if _, ok := shops[r.MerchantID]; !ok {
			m, err := h.Merchants.MerchantByID(ctx, r.MerchantID)
			if err != nil {
				return v, err
			}
			shops[r.MerchantID] = m.Name
		}
		it := adminview.ReviewQueueItem{ID: r.ID, ShopName: shops[r.MerchantID], Rating: r.Rating, Title: r.Title, Body: r.Body,
			Removed: r.Status == reviews.StatusRemoved, RemovedReasonKey: templates.ReviewReasonKey(r.RemovedReason),
			RemovedStatement: r.RemovedStatement, AppealText: r.AppealText}
		for _, rep := range q.Reports {
			it.Reports = append(it.Reports, adminview.ReviewReportItem{ReasonKey: templates.ReviewReasonKey(rep.Reason), Note: rep.Note, At: rep.CreatedAt})
		}
		if keep != nil {
			keep(&it)
		}
		v.Items = append(v.Items, it)
	}
	return v, nil
}

// operatorReviews is the moderation queue.
func (h *Handler) operatorReviews(c *fiber.Ctx) error {
	v, err := h.operatorReviewsView(c, nil)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.ReviewQueue(v))
}
