package adminview

import (
	"context"
	"strings"
	"time"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
)

// Integrity is one review's integrity signals as the operator and the
// shop read them. Signals rank the operator's queue; they decide nothing.
type Integrity struct {
	// Computed is false until the mall has computed the review's signals.
	Computed bool
	Score    int
	Signals  []SignalLine
	// GroupURL shows the linked buyers ("" when none, or for the shop).
	GroupURL string
}

// SignalLine is one signal in words: the message key and its numbers;
// ViaKeys name what linked the buyers.
type SignalLine struct {
	Key     string
	N       int64
	Share   int64
	ViaKeys []string
	Weight  int
}

// signalText is the signal in the reader's language.
func signalText(ctx context.Context, s SignalLine) string {
	via := make([]string, len(s.ViaKeys))
	for i, k := range s.ViaKeys {
		via[i] = i18n.T(ctx, k)
	}
	return i18n.T(ctx, s.Key, "N", s.N, "Share", s.Share, "Via", strings.Join(via, i18n.T(ctx, "integrity.list_separator")))
}

// ReviewGroupView is a group of linked buyers, for the operator.
type ReviewGroupView struct {
	ID       int64
	ShopName string
	ViaKeys  []string
	Staff    bool
	Members  []GroupMemberView
}

// GroupMemberView is one buyer of a group, the email masked.
type GroupMemberView struct {
	MaskedEmail string
	Orders      []GroupOrderView
	Reviews     []GroupReviewView
}

// GroupOrderView is one order of a grouped buyer.
type GroupOrderView struct {
	Number    string
	ShopName  string
	StatusKey string
	PlacedAt  time.Time
}

// GroupReviewView is one review of a grouped buyer.
type GroupReviewView struct {
	ID        int64
	Rating    int
	Title     string
	Body      string
	CreatedAt time.Time
	Removed   bool
	Integrity Integrity
}

// RewardCasesView is the operator's list of review-for-reward reports.
type RewardCasesView struct {
	Open   []RewardCaseItem
	Closed []RewardCaseItem
}

// RewardCaseItem is one case against a shop.
type RewardCaseItem struct {
	ID          int64
	ShopName    string
	OrderNumber string
	Body        string
	PhotoURL    string
	CreatedAt   time.Time
	// StatusKey names a closed case's outcome; Statement is the
	// operator's statement of reasons.
	StatusKey string
	Statement string
	ClosedAt  *time.Time
	// Form is the close form as typed, after an error.
	Form   string
	Errors mall.FieldErrors
}
