package storefront

import (
	"encoding/xml"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/web"
)

// ProductRatingsSchema is the XML schema of Google's product ratings
// (product review) feed that reviewFeed follows.
const ProductRatingsSchema = "http://www.google.com/shopping/reviews/schema/product/2.4/product_reviews.xsd"

// Google's product ratings feed, version 2.4: elements in the schema's
// order; encoding/xml escapes every text.
type ratingsFeed struct {
	XMLName        xml.Name      `xml:"feed"`
	XSI            string        `xml:"xmlns:xsi,attr"`
	SchemaLocation string        `xml:"xsi:noNamespaceSchemaLocation,attr"`
	Version        string        `xml:"version"`
	Publisher      feedPublisher `xml:"publisher"`
	Reviews        *feedReviews  `xml:"reviews,omitempty"`
}

type feedPublisher struct {
	Name string `xml:"name"`
}

type feedReviews struct {
	Review []feedReview `xml:"review"`
}

type feedReview struct {
	ID               string       `xml:"review_id"`
	Reviewer         feedReviewer `xml:"reviewer"`
	Verified         bool         `xml:"is_verified_purchase"`
	Incentivized     bool         `xml:"is_incentivized_review"`
	Timestamp        string       `xml:"review_timestamp"`
	Title            string       `xml:"title,omitempty"`
	Content          string       `xml:"content"`
	URL              feedURL      `xml:"review_url"`
	Ratings          feedRatings  `xml:"ratings"`
	Products         feedProducts `xml:"products"`
	CollectionMethod string       `xml:"collection_method"`
}

type feedReviewer struct {
	Name feedName `xml:"name"`
}

type feedName struct {
	Anonymous bool   `xml:"is_anonymous,attr"`
	Value     string `xml:",chardata"`
}

type feedURL struct {
	Type  string `xml:"type,attr"`
	Value string `xml:",chardata"`
}

type feedRatings struct {
	Overall feedOverall `xml:"overall"`
}

type feedOverall struct {
	Min   int `xml:"min,attr"`
	Max   int `xml:"max,attr"`
	Value int `xml:",chardata"`
}

type feedProducts struct {
	Product []feedProduct `xml:"product"`
}

type feedProduct struct {
	IDs  *feedProductIDs `xml:"product_ids,omitempty"`
	Name string          `xml:"product_name"`
	URL  string          `xml:"product_url"`
}

type feedProductIDs struct {
	SKUs *feedSKUs `xml:"skus,omitempty"`
}

type feedSKUs struct {
	SKU []string `xml:"sku"`
}

// reviewFeed is the shop's Google product ratings feed: every published
// review with text (the schema requires content; rating-only and erased
// reviews are left out), each marked verified purchase or not and
// incentivized or not, with the product's SKUs and URL.
func (h *Handler) reviewFeed(c *fiber.Ctx, m *merchants.Merchant) error {
	if h.Reviews == nil {
		return mall.NotFound("review feed")
	}
	ctx := web.Ctx(c)
	feed := ratingsFeed{XSI: "http://www.w3.org/2001/XMLSchema-instance", SchemaLocation: ProductRatingsSchema,
		Version: "2.4", Publisher: feedPublisher{Name: m.Name}}
	products := map[int64]*feedProduct{}
	product := func(id int64) (*feedProduct, error) {
		if p, ok := products[id]; ok {
			return p, nil
		}
		p, err := h.Catalog.ProductInMerchant(ctx, m.ID, id)
		if mall.ErrorCode(err) == mall.ENotFound || err == nil && p.Status != catalog.StatusActive {
			products[id] = nil
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		fp := &feedProduct{Name: p.Title, URL: h.shopAbsURL(m, "/p/"+p.Slug)}
		var skus []string
		for _, v := range p.Variants {
			if v.SKU != "" {
				skus = append(skus, v.SKU)
			}
		}
		if len(skus) > 0 {
			fp.IDs = &feedProductIDs{SKUs: &feedSKUs{SKU: skus}}
		}
		products[id] = fp
		return fp, nil
	}
	var list []feedReview
	for after := int64(0); len(list) < reviews.MaxFeedReviews; {
		page, err := h.Reviews.PublishedReviewsOfMerchant(ctx, m.ID, after, 500)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for i := range page {
			r := &page[i]
			after = r.ID
			content := strings.TrimSpace(r.Body)
			if content == "" {
				content = strings.TrimSpace(r.Title)
			}
			p, err := product(r.ProductID)
			if err != nil {
				return err
			}
			if content == "" || p == nil {
				continue
			}
			list = append(list, feedReview{
				ID:       strconv.FormatInt(r.ID, 10),
				Reviewer: feedReviewer{Name: feedName{Anonymous: true, Value: "Anonymous"}},
				Verified: r.Verified, Incentivized: r.Incentivized,
				Timestamp: r.CreatedAt.UTC().Format(time.RFC3339), Title: r.Title, Content: content,
				URL:              feedURL{Type: "group", Value: p.URL + "#reviews"},
				Ratings:          feedRatings{Overall: feedOverall{Min: 1, Max: 5, Value: r.Rating}},
				Products:         feedProducts{Product: []feedProduct{*p}},
				CollectionMethod: "post_fulfillment",
			})
		}
	}
	if len(list) > 0 {
		feed.Reviews = &feedReviews{Review: list}
	}
	return sendXML(c, feed)
}
