package reviews

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/orders"
)

// Sorts of a product's reviews.
const (
	SortNewest  = "newest"
	SortLowest  = "lowest"
	SortHighest = "highest"
	// SortHelpful puts the reviews most accounts found helpful first.
	SortHelpful = "helpful"
)

// Filter narrows and orders a list of reviews.
type Filter struct {
	// Stars keeps only reviews of that rating (1-5); 0 keeps all.
	Stars int
	// WithPhotos keeps only reviews whose current version has photos.
	WithPhotos bool
	// Sort is one of the Sort* constants; "" is SortNewest.
	Sort    string
	Page    int
	PerPage int
}

func (f Filter) bounds() (limit, offset int) {
	per := f.PerPage
	if per <= 0 {
		per = 10
	}
	if per > 50 {
		per = 50
	}
	page := max(f.Page, 1)
	return per, (page - 1) * per
}

func (f Filter) order() string {
	switch f.Sort {
	case SortLowest:
		return "rating ASC, created_at DESC, id DESC"
	case SortHighest:
		return "rating DESC, created_at DESC, id DESC"
	case SortHelpful:
		return "helpful_count DESC, created_at DESC, id DESC"
	}
	return "created_at DESC, id DESC"
}

// narrow applies the star and photo filters.
func (f Filter) narrow(q *gorm.DB) *gorm.DB {
	if f.Stars >= 1 && f.Stars <= 5 {
		// An erased review's rating no longer counts: it is not filed
		// under a star.
		q = q.Where("rating = ? AND erased_at IS NULL", f.Stars)
	}
	if f.WithPhotos {
		q = q.Where("photo_count > 0")
	}
	return q
}

func withHistory(q *gorm.DB) *gorm.DB {
	return q.Preload("Versions", func(db *gorm.DB) *gorm.DB { return db.Order("version") }).
		Preload("AllPhotos", func(db *gorm.DB) *gorm.DB { return db.Order("version, position") }).
		Preload("Reply").
		Preload("Reply.Versions", func(db *gorm.DB) *gorm.DB { return db.Order("version") })
}

// productListColumns are the columns of a review a product page shows.
var productListColumns = []string{"id", "merchant_id", "product_id", "variant_id", "variant_title", "rating", "title", "body",
	"incentivized", "deep_discount", "verified", "unverified_reason", "status", "version", "leaf_index",
	"purchased_at", "delivered_at", "created_at", "updated_at", "photo_count", "helpful_count", "erased_at"}

// ProductReviews returns one page of a product's published reviews with
// their reply and, for the edited ones, their versions (see list), and
// how many match. Only what a product page shows of a review is read
// (productListColumns): not the order, the buyer, the line's salt or the
// moderation fields, which a published review has none of.
func (s *Store) ProductReviews(ctx context.Context, merchantID, productID int64, f Filter) ([]Review, int64, error) {
	return s.productReviews(ctx, merchantID, productID, f, nil)
}

// productReviews is ProductReviews with the product's aggregate when the
// caller has read it already (nil: read it here when it is needed).
func (s *Store) productReviews(ctx context.Context, merchantID, productID int64, f Filter, agg *Aggregate) ([]Review, int64, error) {
	q := s.conn(ctx).Model(&Review{}).Scopes(database.InMerchant(merchantID)).
		Where("product_id = ? AND status = ?", productID, StatusPublished)
	what := fmt.Sprintf("product %d", productID)
	q = f.narrow(q).Select(productListColumns)
	if f.Stars >= 1 && f.Stars <= 5 || f.WithPhotos {
		return s.page(ctx, merchantID, q, f, what)
	}
	// Every published review: the aggregate keeps how many there are,
	// so a product with thousands is not counted on every page view.
	if agg == nil {
		var err error
		if agg, err = s.ProductAggregate(ctx, merchantID, productID); err != nil {
			return nil, 0, err
		}
	}
	list, err := s.list(ctx, merchantID, q, f, what)
	if err != nil {
		return nil, 0, err
	}
	return list, agg.ReviewCount, nil
}

// MerchantReviews returns one page of the merchant's reviews, newest
// first, for its admin.
func (s *Store) MerchantReviews(ctx context.Context, merchantID int64, f Filter) ([]Review, int64, error) {
	q := s.conn(ctx).Model(&Review{}).Scopes(database.InMerchant(merchantID))
	return s.page(ctx, merchantID, f.narrow(q), f, fmt.Sprintf("merchant %d", merchantID))
}

func (s *Store) page(ctx context.Context, merchantID int64, q *gorm.DB, f Filter, what string) ([]Review, int64, error) {
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("reviews: count reviews of %s: %w", what, err)
	}
	list, err := s.list(ctx, merchantID, q, f, what)
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// list reads one page of q, the merchant's reviews, with their history:
// each review's replies in one query, and the versions of the reviews and
// replies that were edited in one more each (a review or a reply never
// edited is its own only version, and is given none), so a page costs at
// most four queries whatever its length.
func (s *Store) list(ctx context.Context, merchantID int64, q *gorm.DB, f Filter, what string) ([]Review, error) {
	limit, offset := f.bounds()
	var list []Review
	if err := q.Order(f.order()).Limit(limit).Offset(offset).Find(&list).Error; err != nil {
		return nil, fmt.Errorf("reviews: reviews of %s: %w", what, err)
	}
	if len(list) == 0 {
		return list, nil
	}
	conn := func() *gorm.DB { return s.conn(ctx).Scopes(database.InMerchant(merchantID)) }
	byID := make(map[int64]*Review, len(list))
	var ids, edited []int64
	for i := range list {
		byID[list[i].ID] = &list[i]
		ids = append(ids, list[i].ID)
		if list[i].Version > 1 {
			edited = append(edited, list[i].ID)
		}
	}
	if len(edited) > 0 {
		var vs []Version
		if err := conn().Where("review_id IN ?", edited).Order("review_id, version").Find(&vs).Error; err != nil {
			return nil, fmt.Errorf("reviews: versions of %s: %w", what, err)
		}
		for _, v := range vs {
			byID[v.ReviewID].Versions = append(byID[v.ReviewID].Versions, v)
		}
	}
	// Photos of the current version, and of earlier versions for the
	// history: only reviews that have some or were edited can.
	var withPhotos []int64
	for i := range list {
		if list[i].PhotoCount > 0 || list[i].Version > 1 {
			withPhotos = append(withPhotos, list[i].ID)
		}
	}
	if len(withPhotos) > 0 {
		var photos []Photo
		if err := conn().Where("review_id IN ?", withPhotos).Order("review_id, version, position").Find(&photos).Error; err != nil {
			return nil, fmt.Errorf("reviews: photos of %s: %w", what, err)
		}
		for _, p := range photos {
			byID[p.ReviewID].AllPhotos = append(byID[p.ReviewID].AllPhotos, p)
		}
	}
	var replies []Reply
	if err := conn().Where("review_id IN ?", ids).Find(&replies).Error; err != nil {
		return nil, fmt.Errorf("reviews: replies of %s: %w", what, err)
	}
	repByID := make(map[int64]*Reply, len(replies))
	var repEdited []int64
	for i := range replies {
		repByID[replies[i].ReviewID] = &replies[i]
		byID[replies[i].ReviewID].Reply = &replies[i]
		if replies[i].Version > 1 {
			repEdited = append(repEdited, replies[i].ReviewID)
		}
	}
	if len(repEdited) > 0 {
		var vs []ReplyVersion
		if err := conn().Where("review_id IN ?", repEdited).Order("review_id, version").Find(&vs).Error; err != nil {
			return nil, fmt.Errorf("reviews: reply versions of %s: %w", what, err)
		}
		for _, v := range vs {
			repByID[v.ReviewID].Versions = append(repByID[v.ReviewID].Versions, v)
		}
	}
	return list, nil
}

// ReviewOfAccount returns one of the shopper's own reviews; anyone
// else's is not found.
func (s *Store) ReviewOfAccount(ctx context.Context, accountID, reviewID int64) (*Review, error) {
	var r Review
	if err := withHistory(s.conn(ctx)).Where("account_id = ?", accountID).First(&r, "id = ?", reviewID).Error; err != nil {
		return nil, database.NotFound(err, "review")
	}
	return &r, nil
}

// ReviewsOfLines returns the reviews of the given order lines, by line.
// The shopper's own lines: the caller has read them as the shopper's.
func (s *Store) ReviewsOfLines(ctx context.Context, lineIDs []int64) (map[int64]*Review, error) {
	out := map[int64]*Review{}
	if len(lineIDs) == 0 {
		return out, nil
	}
	var list []Review
	if err := s.conn(ctx).Where("order_line_id IN ?", lineIDs).Find(&list).Error; err != nil {
		return nil, fmt.Errorf("reviews: reviews of lines: %w", err)
	}
	for i := range list {
		out[list[i].OrderLineID] = &list[i]
	}
	return out, nil
}

// Reviewable is one delivered line its buyer may review, or has.
type Reviewable struct {
	Line orders.PurchasedLine
	// Review is the line's review, nil while there is none.
	Review *Review
}

// ToReview returns the shopper's delivered lines that they may review
// now, newest delivery first, and the reviews they wrote, newest first.
func (s *Store) ToReview(ctx context.Context, accountID int64) (open []Reviewable, written []Reviewable, err error) {
	lines, err := s.opts.Orders.DeliveredLinesOfAccount(ctx, accountID, 200)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]int64, len(lines))
	for i := range lines {
		ids[i] = lines[i].LineID
	}
	byLine, err := s.ReviewsOfLines(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	staff := map[int64]bool{}
	for i := range lines {
		l := lines[i]
		if byLine[l.LineID] != nil {
			continue
		}
		st, seen := staff[l.MerchantID]
		if !seen {
			if st, err = s.isStaff(ctx, l.MerchantID, accountID); err != nil {
				return nil, nil, err
			}
			staff[l.MerchantID] = st
		}
		if checkLine(&l, accountID, st) == nil {
			open = append(open, Reviewable{Line: l})
		}
	}
	// Every review the shopper wrote, whatever became of the order since
	// (refunded, charged back).
	var mine []Review
	if err := s.conn(ctx).Where("account_id = ?", accountID).Order("created_at DESC, id DESC").Limit(200).Find(&mine).Error; err != nil {
		return nil, nil, fmt.Errorf("reviews: reviews of account %d: %w", accountID, err)
	}
	for i := range mine {
		l, err := s.opts.Orders.PurchasedLine(ctx, mine[i].OrderLineID)
		if err != nil {
			return nil, nil, err
		}
		written = append(written, Reviewable{Line: *l, Review: &mine[i]})
	}
	return open, written, nil
}

// ReviewableLines tells which of the order's lines the shopper may
// review now (by line id), for the "Write a review" links.
func (s *Store) ReviewableLines(ctx context.Context, accountID int64, o *orders.Order) (map[int64]bool, error) {
	out := map[int64]bool{}
	if o.Status != orders.StatusDelivered {
		return out, nil
	}
	ids := make([]int64, len(o.Lines))
	for i, l := range o.Lines {
		ids[i] = l.ID
	}
	byLine, err := s.ReviewsOfLines(ctx, ids)
	if err != nil {
		return nil, err
	}
	staff, err := s.isStaff(ctx, o.MerchantID, accountID)
	if err != nil {
		return nil, err
	}
	for _, ol := range o.Lines {
		if byLine[ol.ID] != nil {
			continue
		}
		l := orders.PurchasedLine{LineID: ol.ID, MerchantID: o.MerchantID, AccountID: o.AccountID,
			RefundedQuantity: ol.RefundedQuantity, Status: o.Status, PaidAt: o.PaidAt,
			DeliveredAt: o.DeliveredAt, DisputedAt: o.DisputedAt}
		if checkLine(&l, accountID, staff) == nil {
			out[ol.ID] = true
		}
	}
	return out, nil
}

// Now is the store's clock, for pages that say whether a review may still
// be edited.
func (s *Store) Now() time.Time { return s.now() }
