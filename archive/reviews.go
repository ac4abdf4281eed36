package archive

import (
	"strings"

	"github.com/mall-project/mall/reviews"
)

// carried is reviews.json as the reviews package checks and keeps it.
func (c *Contents) carried() *reviews.CarriedLog {
	l := &reviews.CarriedLog{VerifierKey: c.Reviews.VerifierKey, Checkpoint: c.Reviews.Checkpoint,
		Reviews: make([]reviews.CarriedReview, len(c.Reviews.Reviews))}
	for i, r := range c.Reviews.Reviews {
		l.Reviews[i] = reviews.CarriedReview{VariantTitle: r.VariantTitle, Rating: r.Rating, Title: r.Title, Body: r.Body,
			Incentivized: r.Incentivized, Verified: r.Verified, ReviewedAt: r.ReviewedAt, LeafIndex: r.LeafIndex,
			Leaf: r.Leaf, Proof: r.Proof, Photos: r.Photos}
	}
	return l
}

// checkReviews verifies reviews.json before anything is written: every
// review names a product of the archive, the checkpoint is signed by the
// carried key, every leaf is in the signed log (its inclusion proof), and
// every review's rating and text are what its leaf logged. A changed
// rating, leaf or key refuses the whole archive.
func (c *Contents) checkReviews() error {
	if len(c.Reviews.Reviews) == 0 {
		return nil
	}
	products := map[string]bool{}
	for _, p := range c.Products {
		products[p.Slug] = true
	}
	for i, r := range c.Reviews.Reviews {
		if !products[r.Product] {
			return bad("reviews.json: review %d is of product %q, which is not in products.json", i+1, r.Product)
		}
		if r.Rating < 1 || r.Rating > 5 || len(r.Title) > 4*reviews.MaxTitle || len(r.Body) > 4*reviews.MaxBody || len(r.Photos) > reviews.MaxPhotos {
			return bad("reviews.json: review %d has a rating of %d or a text too long", i+1, r.Rating)
		}
	}
	checked, err := reviews.CheckCarried(c.carried())
	if err != nil {
		return bad("reviews.json: %v; nothing was imported", err)
	}
	if strings.TrimSpace(c.Reviews.Origin) != checked.Origin {
		return bad("reviews.json: origin %q is not the checkpoint's %q", c.Reviews.Origin, checked.Origin)
	}
	return nil
}
