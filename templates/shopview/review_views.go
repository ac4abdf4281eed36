package shopview

import (
	"time"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates"
)

// ProductReviewsView is the reviews part of a product page: the rating
// summary, the sort and star filter, and one page of reviews.
type ProductReviewsView struct {
	// AverageTenths is the verified rating in tenths of a star (43 for
	// 4.3); RatedCount how many reviews it counts; ReviewCount how many
	// are shown in all.
	AverageTenths int64
	RatedCount    int64
	ReviewCount   int64
	// Bars is the histogram, 5 stars first.
	Bars    []ReviewBar
	Reviews []ReviewItem
	// Sort, Stars and WithPhotos are the list's current order and
	// filters.
	Sort       string
	Stars      int
	WithPhotos bool
	Sorts      []ReviewSort
	// FormURL is the product page, where the sort form sends.
	FormURL string
	// AllURL lists every review (no star filter).
	AllURL string
	Pager  templates.Pager
	// LogURL is the public review log's checkpoint.
	LogURL string
	// Withheld counts the product's reviews the operator removed, by
	// reason, so a shopper sees nothing was quietly dropped.
	Withheld      []WithheldReason
	WithheldTotal int64
	// Imported are the reviews that came with the shop from another mall,
	// checked against that mall's signed log; not in the rating above.
	Imported []ImportedReviewItem
}

// ImportedReviewItem is a review imported with the shop: read-only, with
// where and when it was verified and its proof.
type ImportedReviewItem struct {
	ID           int64
	Rating       int
	Title        string
	Body         string
	VariantTitle string
	Verified     bool
	Incentivized bool
	ReviewedAt   time.Time
	Origin       string
	VerifiedAt   time.Time
	ReceiptURL   string
}

// WithheldReason is how many reviews were removed for one reason.
type WithheldReason struct {
	Key   string
	Count int64
}

// TransparencyView is the public count of reviews, removals, reports and
// appeals across the mall.
type TransparencyView struct {
	Head            templates.Head
	Received        int64
	Removed         int64
	RemovedByReason []WithheldReason
	RemovedByStars  [5]int64
	Reports         int64
	ReportsUpheld   int64
	ReportsRejected int64
	ReportsOpen     int64
	Appeals         int64
	AppealsRestored int64
	AppealsUpheld   int64
	// Months count the mall's (or, with ShopName, one shop's) reviews
	// month by month, newest first; Shops link each shop's own counts.
	Months   []TransparencyMonth
	ShopName string
	Shops    []TransparencyShop
}

// TransparencyMonth is one month of the transparency counts.
type TransparencyMonth struct {
	Month            string
	Received         int64
	Removed          int64
	RemovedByReason  []WithheldReason
	Reports          int64
	ReportsUpheld    int64
	ReportsDismissed int64
	Appeals          int64
	AppealsRestored  int64
	AppealsUpheld    int64
}

// TransparencyShop links one shop's counts.
type TransparencyShop struct {
	Name string
	URL  string
}

// ReviewBar is one star rating of the histogram.
type ReviewBar struct {
	Stars   int
	Count   int64
	Percent int64
	// URL lists only the reviews of that rating.
	URL string
}

// ReviewSort is one order the list can take.
type ReviewSort struct {
	Value    string
	Key      string
	Selected bool
}

// ReviewItem is one review as a shopper reads it.
type ReviewItem struct {
	ID     int64
	Rating int
	Title  string
	Body   string
	// Verified: the purchase behind it stands. UnverifiedKey says why
	// not (the i18n key), when it was refunded or charged back.
	Verified      bool
	UnverifiedKey string
	Incentivized  bool
	DeepDiscount  bool
	VariantTitle  string
	PurchasedAt   time.Time
	ReviewedAt    time.Time
	// History is the earlier versions, oldest first (empty when never
	// edited); EditedAt when the latest was written.
	History  []ReviewVersionItem
	EditedAt time.Time
	Reply    *ReviewReplyItem
	// LeafIndex is the review's last leaf in the review log; ReceiptURL
	// its receipt.
	LeafIndex  int64
	ReceiptURL string
	Photos     []ReviewPhoto
	// HelpfulCount is how many accounts found it helpful; HelpfulURL
	// where "Helpful" posts, Back the page it returns to.
	HelpfulCount int
	HelpfulURL   string
	Back         string
	// Erased: the reviewer had the review erased; only the notice and
	// the receipt are shown.
	Erased bool
}

// ReviewVersionItem is an earlier version of a review or reply.
type ReviewVersionItem struct {
	Rating int
	Title  string
	Body   string
	At     time.Time
	// DaysAfterPurchase is when it was written, counted from the purchase.
	DaysAfterPurchase int
	Photos            []ReviewPhoto
}

// ReviewReplyItem is the shop's reply.
type ReviewReplyItem struct {
	ShopName string
	Body     string
	At       time.Time
	History  []ReviewVersionItem
}

// ReviewFormView is the form that writes or edits a review, with the
// person's input kept on error.
type ReviewFormView struct {
	Head templates.Head
	// Action is where the form posts; LineID is set for a new review.
	Action       string
	LineID       int64
	ProductTitle string
	VariantTitle string
	ShopName     string
	Rating       int
	Title        string
	Body         string
	Incentivized bool
	Editing      bool
	Errors       mall.FieldErrors
	// MaxPhotos is how many photos a version may carry; Photos (an edit)
	// the current ones, each ticked to keep or not.
	MaxPhotos  int
	MaxPhotoMB int
	Photos     []ReviewPhotoChoice
}

// ReviewPhotoChoice is one current photo on the edit form.
type ReviewPhotoChoice struct {
	Key   string
	Thumb string
	Keep  bool
}

// ReviewPhoto is one photo of a review on the product page: a thumbnail
// that links to the large size, with the sizes the browser picks from.
type ReviewPhoto struct {
	Thumb  string
	SrcSet string
	Large  string
	Width  int
	Height int
}

// MyReviewsView is the shopper's "Reviews you can write" and the reviews
// they wrote.
type MyReviewsView struct {
	Head    templates.Head
	Open    []ReviewableLine
	Written []ReviewableLine
}

// ReviewableLine is a delivered line with the link to review it, or to
// the review written.
type ReviewableLine struct {
	Title        string
	VariantTitle string
	ShopName     string
	OrderNumber  string
	DeliveredAt  time.Time
	URL          string
	// Rating of the review written (0 for none yet); Editable while it may
	// be edited.
	Rating   int
	Editable bool
	Verified bool
	// ReviewID is the review written; Removed, its reason key and the
	// statement of reasons when the operator removed it; CanAppeal while
	// its one appeal is not used; AppealKey says where the appeal stands.
	ReviewID         int64
	Removed          bool
	RemovedReasonKey string
	RemovedStatement string
	CanAppeal        bool
	AppealKey        string
}

// OptOutView is the page that stops review requests to one address.
type OptOutView struct {
	Head  templates.Head
	Email string
	Sig   string
	// Done is set once the address is opted out.
	Done bool
}
