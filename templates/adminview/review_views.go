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
}

// ReviewRow is one review with the reply form.
type ReviewRow struct {
	ID            int64
	ProductTitle  string
	VariantTitle  string
	Rating        int
	Title         string
	Body          string
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
}
