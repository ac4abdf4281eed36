package admin

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// reviewsPerPage is how many reviews the admin lists at a time.
const reviewsPerPage = 25

var reviewUnverifiedKeys = map[string]string{
	reviews.UnverifiedRefund:     "reviews_admin.unverified_refund",
	reviews.UnverifiedChargeback: "reviews_admin.unverified_chargeback",
}

// reviewsView is one page of the shop's reviews with their reply forms.
func (h *Handler) reviewsView(c *fiber.Ctx) (adminview.ReviewsView, error) {
	ctx := web.Ctx(c)
	mid := merchantID(c)
	page, _ := strconv.Atoi(c.Query("page"))
	page = max(page, 1)
	v := adminview.ReviewsView{Shop: frameShop(c), CanEdit: can(c, merchants.PermReviews),
		FeedURL: strings.TrimRight(h.Site.BaseURL, "/") + "/s/" + shopOf(c).Merchant.Slug + "/reviews/feed.xml"}
	days, err := h.Reviews.RequestDays(ctx, mid)
	if err != nil {
		return v, err
	}
	v.RequestDays = strconv.Itoa(days)
	agg, err := h.Reviews.MerchantAggregate(ctx, mid)
	if err != nil {
		return v, err
	}
	v.AverageTenths, v.RatedCount, v.ReviewCount = agg.AverageTenths(), agg.RatedCount, agg.ReviewCount
	list, total, err := h.Reviews.MerchantReviews(ctx, mid, reviews.Filter{Page: page, PerPage: reviewsPerPage})
	if err != nil {
		return v, err
	}
	v.Pager = templates.Pager{Page: page, PerPage: reviewsPerPage, Total: int(total), URL: func(n int) string {
		return "/admin/reviews?page=" + strconv.Itoa(n)
	}}
	titles := map[int64]string{}
	for _, r := range list {
		if _, ok := titles[r.ProductID]; ok {
			continue
		}
		p, err := h.Catalog.ProductInMerchant(ctx, mid, r.ProductID)
		switch {
		case err == nil:
			titles[r.ProductID] = p.Title
		case mall.ErrorCode(err) == mall.ENotFound:
			titles[r.ProductID] = ""
		default:
			return v, err
		}
	}
	ids := make([]int64, len(list))
	for i := range list {
		ids[i] = list[i].ID
	}
	sigs, err := h.Reviews.SignalsInMerchant(ctx, mid, ids)
	if err != nil {
		return v, err
	}
	for _, r := range list {
		row := adminview.ReviewRow{
			ID: r.ID, ProductTitle: titles[r.ProductID], VariantTitle: r.VariantTitle, Rating: r.Rating,
			Title: r.Title, Body: r.Body, Verified: r.Verified, UnverifiedKey: reviewUnverifiedKeys[r.UnverifiedReason],
			Incentivized: r.Incentivized, DeepDiscount: r.DeepDiscount, CreatedAt: r.CreatedAt, Versions: len(r.Versions),
			Photos: reviewPhotoLinks(r.Photos()),
			// The shop reads its signals; the linked buyers' page, which
			// shows their orders in other shops, is the operator's.
			Integrity: integrityOf(sigs[r.ID], ""),
		}
		if row.UnverifiedKey == "" {
			row.UnverifiedKey = "reviews_admin.unverified_refund"
		}
		if r.Reply != nil {
			row.Reply, row.ReplyForm = r.Reply.Body, r.Reply.Body
		}
		if r.Status == reviews.StatusRemoved {
			row.Removed, row.RemovedReasonKey, row.RemovedStatement = true, templates.ReviewReasonKey(r.RemovedReason), r.RemovedStatement
		}
		v.Rows = append(v.Rows, row)
	}
	return v, nil
}

// reviewList is the shop's reviews.
func (h *Handler) reviewList(c *fiber.Ctx) error {
	v, err := h.reviewsView(c)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.Reviews(v))
}

// reviewPhotoLinks are a review version's photos for the admin pages.
func reviewPhotoLinks(list []reviews.Photo) []adminview.ReviewPhotoLink {
	var out []adminview.ReviewPhotoLink
	for _, p := range list {
		out = append(out, adminview.ReviewPhotoLink{Thumb: media.URL(p.ImageKey, media.SizeThumb), Large: media.URL(p.ImageKey, media.SizeLarge)})
	}
	return out
}
