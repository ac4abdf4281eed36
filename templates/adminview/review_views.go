package adminview

import (
	"time"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates"
)

// ReviewsView is the shop's reviews, each with the shop's reply form. The
// shop can answer a review; it cannot change, hide or remove one.
type ReviewsView struct {
	Shop Shop
	// AverageTenths, RatedCount and ReviewCount are the shop's rating.
	AverageTenths int64
	RatedCount    int64
	ReviewCount   int64
	Rows          []ReviewRow
	Pager         templates.Pager
	// RequestDays is the form of how many days after delivery buyers are
	// asked (as typed, after an error); CanEdit for owners and managers.
	RequestDays      string
	RequestDaysError mall.FieldErrors
	CanEdit          bool
	// FeedURL is the shop's Google product ratings feed.
	FeedURL string
}

// ReviewRow is one review with the reply form.
type ReviewRow struct {
	ID           int64
	ProductTitle string
	VariantTitle string
	Rating       int
	Title        string
	Body         string
	// Photos are the current version's photos.
	Photos        []ReviewPhotoLink
	Verified      bool
	UnverifiedKey string
	Incentivized  bool
	DeepDiscount  bool
	CreatedAt     time.Time
	Versions      int
	// Reply is the reply as published ("" for none); ReplyForm what the
	// form holds (as typed, after an error).
	Reply      string
	ReplyForm  string
	ReplyError mall.FieldErrors
	// Removed is set once the operator removed the review, with the
	// reason's key and the statement of reasons.
	Removed          bool
	RemovedReasonKey string
	RemovedStatement string
	// ReportReason and ReportNote are the report form as typed.
	ReportReason string
	ReportNote   string
	ReportError  mall.FieldErrors
	// Integrity is what the mall's integrity signals say of the review.
	Integrity Integrity
}

// ReviewQueueView is the operator's moderation queue: reported reviews
// and appealed removals, each with its decision forms.
type ReviewQueueView struct {
	Items []ReviewQueueItem
}

// ReviewQueueItem is one review waiting for a decision.
type ReviewQueueItem struct {
	ID       int64
	ShopName string
	Rating   int
	Title    string
	Body     string
	// Photos are the current version's photos, for the operator to judge
	// too.
	Photos []ReviewPhotoLink
	// Reports are the shop's open reports.
	Reports []ReviewReportItem
	// Integrity is the review's signals and score, which rank the queue.
	Integrity Integrity
	// Removed and the removal's reason key and statement, with the
	// reviewer's appeal, when the review waits on an appeal.
	Removed          bool
	RemovedReasonKey string
	RemovedStatement string
	AppealText       string
	// Form is what the operator typed, kept after an error.
	Reason    string
	Statement string
	Errors    mall.FieldErrors
}

// ReviewReportItem is one report of a review.
type ReviewReportItem struct {
	ReasonKey string
	Note      string
	At        time.Time
}

// ReviewPhotoLink is a review photo's thumbnail and its large size.
type ReviewPhotoLink struct {
	Thumb string
	Large string
}
