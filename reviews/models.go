package reviews

import (
	"time"

	"github.com/mall-project/mall/mall"
)

// Limits on what a review holds.
const (
	MaxTitle = 120
	MaxBody  = 5000
	MaxReply = 3000
	// EditWindow is how long after publishing the reviewer may edit.
	EditWindow = 90 * 24 * time.Hour
)

// Why a review no longer counts as a verified purchase.
const (
	UnverifiedRefund     = "refund"
	UnverifiedChargeback = "chargeback"
)

// Status is where a review stands (reviews.status).
type Status string

// Review statuses: shown on the product, or removed by the operator.
const (
	StatusPublished Status = "published"
	StatusRemoved   Status = "removed"
)

// AppealStatus is where the reviewer's one appeal of a removal stands
// (reviews.appeal_status); AppealNone while there is none.
type AppealStatus string

// Appeal statuses of a removed review.
const (
	AppealNone     AppealStatus = ""
	AppealPending  AppealStatus = "pending"
	AppealUpheld   AppealStatus = "upheld"
	AppealRestored AppealStatus = "restored"
)

// Review is one buyer's review of one order line.
type Review struct {
	ID           int64
	MerchantID   int64
	ProductID    int64
	VariantID    int64
	OrderID      int64
	OrderLineID  int64
	AccountID    *int64
	VariantTitle string
	Rating       int
	Title        string
	Body         string
	// Incentivized is the reviewer's own "I received something for this
	// review".
	Incentivized bool
	// DeepDiscount marks a line bought at half the compare-at price or
	// less, or for nothing.
	DeepDiscount bool
	// Verified is set while the purchase behind the review stands; a
	// refund or chargeback clears it and says why (UnverifiedReason).
	Verified         bool
	UnverifiedReason string
	UnverifiedAt     *time.Time
	Status           Status
	Version          int
	// LineSalt makes the log's commitment to the order line unlinkable
	// without it.
	LineSalt string `json:"-"`
	// LeafIndex is the review's latest leaf in the review log.
	LeafIndex   int64
	PurchasedAt time.Time
	DeliveredAt time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// RemovedReason (one of RemovalReasons) and RemovedStatement say why
	// the operator removed the review; shown to the reviewer and the shop.
	RemovedReason    string
	RemovedStatement string
	RemovedAt        *time.Time
	RemovedBy        *int64 `json:"-"`
	// AppealStatus is where the reviewer's one appeal stands.
	AppealStatus AppealStatus
	AppealText   string
	AppealedAt   *time.Time
	// PhotoCount is how many photos the current version has;
	// HelpfulCount how many accounts found the review helpful.
	PhotoCount   int
	HelpfulCount int
	// ErasedAt is when the review's text, its versions and the salt of
	// its line commitment were erased (Erase); the rating stays in the
	// log but leaves the aggregates.
	ErasedAt *time.Time

	Versions []Version `gorm:"foreignKey:ReviewID"`
	// AllPhotos are the photos of every version (Photos, PhotosOf).
	AllPhotos []Photo `gorm:"foreignKey:ReviewID"`
	Reply     *Reply  `gorm:"foreignKey:ReviewID"`
}

// TableName is the reviews table.
func (Review) TableName() string { return "reviews" }

// Counted reports whether the review is in the rating: published, the
// purchase standing, bought at a normal price, with no declared
// incentive and not erased (an erased review's purchase can no longer be
// checked, see docs/REVIEWS.md).
func (r *Review) Counted() bool {
	return r.Status == StatusPublished && r.Verified && !r.DeepDiscount && !r.Incentivized && r.ErasedAt == nil
}

// Erased reports whether the review was erased.
func (r *Review) Erased() bool { return r.ErasedAt != nil }

// Editable reports whether the reviewer may still edit at now.
func (r *Review) Editable(now time.Time) bool {
	return r.Status == StatusPublished && r.ErasedAt == nil && now.Before(r.CreatedAt.Add(EditWindow))
}

// Version is one version of a review, as it was published.
type Version struct {
	ID           int64
	MerchantID   int64 `json:"-"`
	ReviewID     int64
	Version      int
	Rating       int
	Title        string
	Body         string
	Incentivized bool
	CreatedAt    time.Time
}

// TableName is the review_versions table.
func (Version) TableName() string { return "review_versions" }

// Reply is the merchant's one public answer to a review.
type Reply struct {
	ID              int64
	MerchantID      int64
	ReviewID        int64
	Body            string
	Version         int
	AuthorAccountID *int64
	CreatedAt       time.Time
	UpdatedAt       time.Time

	Versions []ReplyVersion `gorm:"foreignKey:ReviewID;references:ReviewID"`
}

// TableName is the review_replies table.
func (Reply) TableName() string { return "review_replies" }

// ReplyVersion is one version of a reply.
type ReplyVersion struct {
	ID              int64
	MerchantID      int64 `json:"-"`
	ReviewID        int64
	Version         int
	Body            string
	AuthorAccountID *int64
	CreatedAt       time.Time
}

// TableName is the review_reply_versions table.
func (ReplyVersion) TableName() string { return "review_reply_versions" }

// Aggregate is the rating of a product (or, with ProductID 0, of a
// merchant): the counted reviews' count, sum and 1-5 histogram, and how
// many reviews are published in all.
type Aggregate struct {
	MerchantID  int64
	ProductID   int64
	RatedCount  int64
	RatingSum   int64
	Stars1      int64 `gorm:"column:stars1"`
	Stars2      int64 `gorm:"column:stars2"`
	Stars3      int64 `gorm:"column:stars3"`
	Stars4      int64 `gorm:"column:stars4"`
	Stars5      int64 `gorm:"column:stars5"`
	ReviewCount int64
}

// TableName is the review_aggregates table.
func (Aggregate) TableName() string { return "review_aggregates" }

// Histogram is the count of each star rating, index 0 for 1 star.
func (a *Aggregate) Histogram() [5]int64 {
	return [5]int64{a.Stars1, a.Stars2, a.Stars3, a.Stars4, a.Stars5}
}

// AverageTenths is the average rating in tenths of a star, rounded half
// up (43 for 4.3); 0 when nothing is rated.
func (a *Aggregate) AverageTenths() int64 { return mall.RatingTenths(a.RatingSum, a.RatedCount) }
