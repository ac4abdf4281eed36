package storefront

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// reviewsPerPage is how many reviews a product page lists at a time.
const reviewsPerPage = 10

var reviewSorts = []shopview.ReviewSort{
	{Value: reviews.SortNewest, Key: "reviews.sort.newest"},
	{Value: reviews.SortLowest, Key: "reviews.sort.lowest"},
	{Value: reviews.SortHighest, Key: "reviews.sort.highest"},
	{Value: reviews.SortHelpful, Key: "reviews.sort.helpful"},
}

// unverifiedKeys say why a review is no longer a verified purchase.
var unverifiedKeys = map[string]string{
	reviews.UnverifiedRefund:     "reviews.mark.refunded",
	reviews.UnverifiedChargeback: "reviews.mark.charged_back",
}

// addProductReviews puts the product's rating and a page of its reviews
// (sorted and filtered by the query) on the page and in its JSON-LD.
func (h *Handler) addProductReviews(c *fiber.Ctx, m *merchants.Merchant, p *catalog.Product, view *shopview.ProductView) error {
	if h.Reviews == nil {
		return nil
	}
	ctx := web.Ctx(c)
	f := reviews.Filter{Sort: reviews.SortNewest, PerPage: reviewsPerPage, Page: 1}
	for _, s := range reviewSorts {
		if c.Query("reviews_sort") == s.Value {
			f.Sort = s.Value
		}
	}
	if n, err := strconv.Atoi(c.Query("reviews_stars")); err == nil && n >= 1 && n <= 5 {
		f.Stars = n
	}
	f.WithPhotos = c.Query("reviews_photos") == "1"
	if n, err := strconv.Atoi(c.Query("reviews_page")); err == nil && n > 1 {
		f.Page = n
	}
	page, err := h.Reviews.ProductPage(ctx, m.ID, p.ID, f)
	if err != nil {
		return err
	}
	agg, list, total := &page.Aggregate, page.Reviews, page.Total
	base := view.FormURL
	link := func(sort string, stars, page int) string {
		q := url.Values{}
		if sort != reviews.SortNewest {
			q.Set("reviews_sort", sort)
		}
		if stars != 0 {
			q.Set("reviews_stars", strconv.Itoa(stars))
		}
		if f.WithPhotos {
			q.Set("reviews_photos", "1")
		}
		if page > 1 {
			q.Set("reviews_page", strconv.Itoa(page))
		}
		if len(q) == 0 {
			return base + "#reviews"
		}
		return base + "?" + q.Encode() + "#reviews"
	}
	rv := &shopview.ProductReviewsView{
		AverageTenths: agg.AverageTenths(), RatedCount: agg.RatedCount, ReviewCount: agg.ReviewCount,
		Sort: f.Sort, Stars: f.Stars, WithPhotos: f.WithPhotos, FormURL: base, AllURL: link(f.Sort, 0, 1),
		LogURL: "/reviews/log/checkpoint",
		Pager: templates.Pager{Page: f.Page, PerPage: reviewsPerPage, Total: int(total), URL: func(n int) string {
			return link(f.Sort, f.Stars, n)
		}},
	}
	for _, s := range reviewSorts {
		s.Selected = s.Value == f.Sort
		rv.Sorts = append(rv.Sorts, s)
	}
	hist := agg.Histogram()
	for stars := 5; stars >= 1; stars-- {
		bar := shopview.ReviewBar{Stars: stars, Count: hist[stars-1], URL: link(f.Sort, stars, 1)}
		if agg.RatedCount > 0 {
			bar.Percent = bar.Count * 100 / agg.RatedCount
		}
		rv.Bars = append(rv.Bars, bar)
	}
	for i := range list {
		rv.Reviews = append(rv.Reviews, reviewItem(&list[i], m.Name, base))
	}
	rv.Withheld, rv.WithheldTotal = withheldReasons(page.Withheld)
	for _, r := range page.Imported {
		rv.Imported = append(rv.Imported, shopview.ImportedReviewItem{ID: r.ID, Rating: r.Rating, Title: r.Title, Body: r.Body,
			VariantTitle: r.VariantTitle, Verified: r.Verified, Incentivized: r.Incentivized, ReviewedAt: r.ReviewedAt,
			Origin: r.Origin, VerifiedAt: r.VerifiedAt, ReceiptURL: mallShopPath(m.Slug, "/reviews/imported/"+strconv.FormatInt(r.ID, 10))})
	}
	view.Reviews = rv
	addReviewsLD(view.Head.JSONLD, agg, list, i18n.T(ctx, "reviews.product.author"))
	return nil
}

// reviewItem is a review as the product page at page shows it.
func reviewItem(r *reviews.Review, shopName, page string) shopview.ReviewItem {
	id := strconv.FormatInt(r.ID, 10)
	it := shopview.ReviewItem{
		Photos: reviewPhotos(r.Photos()), HelpfulCount: r.HelpfulCount,
		HelpfulURL: "/reviews/" + id + "/helpful", Back: page + "#review-" + id,
		ID: r.ID, Rating: r.Rating, Title: r.Title, Body: r.Body, Verified: r.Verified,
		UnverifiedKey: unverifiedKeys[r.UnverifiedReason], Incentivized: r.Incentivized, DeepDiscount: r.DeepDiscount,
		VariantTitle: r.VariantTitle, PurchasedAt: r.PurchasedAt, ReviewedAt: r.CreatedAt, EditedAt: r.UpdatedAt,
		LeafIndex: r.LeafIndex, ReceiptURL: "/reviews/log/receipt/" + strconv.FormatInt(r.LeafIndex, 10),
		Erased: r.Erased(),
	}
	if it.Erased {
		return it
	}
	if it.UnverifiedKey == "" {
		it.UnverifiedKey = "reviews.mark.refunded"
	}
	if n := len(r.Versions); n > 1 {
		for _, v := range r.Versions[:n-1] {
			it.History = append(it.History, shopview.ReviewVersionItem{
				Rating: v.Rating, Title: v.Title, Body: v.Body, At: v.CreatedAt,
				DaysAfterPurchase: daysBetween(r.PurchasedAt, v.CreatedAt), Photos: reviewPhotos(r.PhotosOf(v.Version)),
			})
		}
		it.EditedAt = r.Versions[n-1].CreatedAt
	}
	if rep := r.Reply; rep != nil {
		ri := &shopview.ReviewReplyItem{ShopName: shopName, Body: rep.Body, At: rep.UpdatedAt}
		if n := len(rep.Versions); n > 1 {
			for _, v := range rep.Versions[:n-1] {
				ri.History = append(ri.History, shopview.ReviewVersionItem{Body: v.Body, At: v.CreatedAt})
			}
		}
		it.Reply = ri
	}
	return it
}

func daysBetween(from, to time.Time) int {
	return int(to.Sub(from) / (24 * time.Hour))
}

// addReviewsLD adds the verified rating and the listed reviews to the
// page's Product node.
func addReviewsLD(doc any, agg *reviews.Aggregate, list []reviews.Review, author string) {
	graph, _ := doc.(ld)
	nodes, _ := graph["@graph"].([]any)
	for _, n := range nodes {
		node, ok := n.(ld)
		if !ok || node["@type"] != "Product" {
			continue
		}
		if agg.RatedCount > 0 {
			node["aggregateRating"] = ld{
				"@type":       "AggregateRating",
				"ratingValue": float64(agg.AverageTenths()) / 10,
				"ratingCount": agg.RatedCount,
				"bestRating":  5,
				"worstRating": 1,
			}
		}
		var items []any
		for _, r := range list {
			if !r.Counted() {
				continue
			}
			item := ld{
				"@type":         "Review",
				"reviewRating":  ld{"@type": "Rating", "ratingValue": r.Rating, "bestRating": 5, "worstRating": 1},
				"datePublished": r.CreatedAt.Format("2006-01-02"),
				"author":        ld{"@type": "Person", "name": author},
			}
			if r.Title != "" {
				item["name"] = r.Title
			}
			if r.Body != "" {
				item["reviewBody"] = r.Body
			}
			items = append(items, item)
		}
		if len(items) > 0 {
			node["review"] = items
		}
	}
}

// reviewPhotoSizes are the sizes a review photo is offered in: small
// thumbnails on the list, the large size behind the link.
var reviewPhotoSizes = []string{media.SizeThumb, media.SizeCard}

// reviewPhotos are a version's photos with their renditions.
func reviewPhotos(list []reviews.Photo) []shopview.ReviewPhoto {
	var out []shopview.ReviewPhoto
	for _, p := range list {
		var set []string
		for _, size := range reviewPhotoSizes {
			w := media.Widths[size]
			if p.Width > 0 && p.Width <= w {
				set = append(set, media.URL(p.ImageKey, size)+" "+strconv.Itoa(p.Width)+"w")
				break
			}
			set = append(set, media.URL(p.ImageKey, size)+" "+strconv.Itoa(w)+"w")
		}
		out = append(out, shopview.ReviewPhoto{Thumb: media.URL(p.ImageKey, media.SizeThumb), SrcSet: strings.Join(set, ", "),
			Large: media.URL(p.ImageKey, media.SizeLarge), Width: p.Width, Height: p.Height})
	}
	return out
}
