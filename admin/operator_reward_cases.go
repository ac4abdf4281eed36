package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// rewardCaseCount is how many open and closed cases the list shows.
const rewardCaseCount = 100

var caseStatusKeys = map[reviews.CaseStatus]string{
	reviews.CaseFounded:   "integrity.cases.status_founded",
	reviews.CaseUnfounded: "integrity.cases.status_unfounded",
}

// rewardCasesView is the list of cases; keep changes one open case (the
// form just sent, as typed).
func (h *Handler) rewardCasesView(c *fiber.Ctx, keep func(*adminview.RewardCaseItem)) (adminview.RewardCasesView, error) {
	ctx := web.Ctx(c)
	var v adminview.RewardCasesView
	open, closed, err := h.Reviews.RewardCasesAcrossMall(ctx, rewardCaseCount)
	if err != nil {
		return v, err
	}
	shops := &shopNames{ctx: ctx, store: h.Merchants, names: map[int64]string{}}
	item := func(rc reviews.RewardCase) (adminview.RewardCaseItem, error) {
		name, err := shops.of(rc.MerchantID)
		if err != nil {
			return adminview.RewardCaseItem{}, err
		}
		it := adminview.RewardCaseItem{ID: rc.ID, ShopName: name, Body: rc.Body, CreatedAt: rc.CreatedAt,
			StatusKey: caseStatusKeys[rc.Status], Statement: rc.Statement, ClosedAt: rc.ClosedAt}
		if rc.PhotoKey != "" {
			it.PhotoURL = media.URL(rc.PhotoKey, media.SizeLarge)
		}
		if o, err := h.Orders.OrderInMerchant(ctx, rc.MerchantID, rc.OrderID); err == nil {
			it.OrderNumber = o.Number
		}
		return it, nil
	}
	for _, rc := range open {
		it, err := item(rc)
		if err != nil {
			return v, err
		}
		if keep != nil {
			keep(&it)
		}
		v.Open = append(v.Open, it)
	}
	for _, rc := range closed {
		it, err := item(rc)
		if err != nil {
			return v, err
		}
		v.Closed = append(v.Closed, it)
	}
	return v, nil
}

// operatorRewardCases lists the shoppers' reports of review-for-reward
// offers.
func (h *Handler) operatorRewardCases(c *fiber.Ctx) error {
	v, err := h.rewardCasesView(c, nil)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.RewardCases(v))
}
