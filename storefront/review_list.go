package storefront

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// reviewList is "Reviews you can write": the shopper's delivered lines
// still to review, and the reviews they wrote.
func (h *Handler) reviewList(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	open, written, err := h.Reviews.ToReview(ctx, web.Account(c).ID)
	if err != nil {
		return err
	}
	shops := newShopNames(h)
	line := func(r reviews.Reviewable) (shopview.ReviewableLine, error) {
		m, err := shops.get(ctx, r.Line.MerchantID)
		if err != nil {
			return shopview.ReviewableLine{}, err
		}
		v := shopview.ReviewableLine{Title: r.Line.Title, VariantTitle: r.Line.VariantTitle, ShopName: m.Name,
			OrderNumber: r.Line.OrderNumber, URL: "/account/reviews/new?line=" + strconv.FormatInt(r.Line.LineID, 10)}
		if r.Line.DeliveredAt != nil {
			v.DeliveredAt = *r.Line.DeliveredAt
		}
		if r.Review != nil {
			v.Rating, v.Verified = r.Review.Rating, r.Review.Verified
			v.Editable = r.Review.Editable(h.Reviews.Now())
			v.URL = "/account/reviews/" + strconv.FormatInt(r.Review.ID, 10) + "/edit"
			v.ReviewID = r.Review.ID
			if r.Review.Status == reviews.StatusRemoved || r.Review.AppealStatus != reviews.AppealNone {
				v.Removed = r.Review.Status == reviews.StatusRemoved
				v.RemovedReasonKey = templates.ReviewReasonKey(r.Review.RemovedReason)
				v.RemovedStatement = r.Review.RemovedStatement
				v.CanAppeal = v.Removed && r.Review.AppealStatus == reviews.AppealNone
				v.AppealKey = appealKeys[r.Review.AppealStatus]
			}
		}
		return v, nil
	}
	view := shopview.MyReviewsView{Head: templates.Head{Title: i18n.T(ctx, "reviews.mine.title"), NoIndex: true}}
	for _, r := range open {
		v, err := line(r)
		if err != nil {
			return err
		}
		view.Open = append(view.Open, v)
	}
	for _, r := range written {
		v, err := line(r)
		if err != nil {
			return err
		}
		view.Written = append(view.Written, v)
	}
	noStore(c)
	return web.Render(c, fiber.StatusOK, shopview.MyReviews(view))
}

// appealKeys say where a reviewer's appeal stands.
var appealKeys = map[reviews.AppealStatus]string{
	reviews.AppealPending:  "reviews.mine.appeal_pending",
	reviews.AppealUpheld:   "reviews.mine.appeal_upheld",
	reviews.AppealRestored: "reviews.mine.appeal_restored",
}
