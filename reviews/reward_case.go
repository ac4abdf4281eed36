package reviews

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
)

// CaseStatus is where a review-for-reward case stands
// (review_reward_cases.status, and the outcome of its decision).
type CaseStatus string

// Review-for-reward case statuses: open until the operator closes it as
// founded (the shop did offer a reward) or unfounded.
const (
	CaseOpen      CaseStatus = "open"
	CaseFounded   CaseStatus = "founded"
	CaseUnfounded CaseStatus = "unfounded"
)

// Limits on a shopper's report of a reward offer.
const (
	MinCaseText = 10
	MaxCaseText = 3000
)

// RewardCase is a shopper's report that a shop offered money, a refund or
// a gift for a review: a case for the operator against the shop.
type RewardCase struct {
	ID                int64
	MerchantID        int64
	OrderID           int64
	AccountID         *int64
	Body              string
	PhotoKey          string
	Status            CaseStatus
	Statement         string
	OperatorAccountID *int64
	CreatedAt         time.Time
	ClosedAt          *time.Time
}

// TableName is the review_reward_cases table.
func (RewardCase) TableName() string { return "review_reward_cases" }

// CaseDecision is one operator decision on a case, kept for good.
type CaseDecision struct {
	ID                int64
	MerchantID        int64
	CaseID            int64
	Outcome           CaseStatus
	Statement         string
	OperatorAccountID int64
	CreatedAt         time.Time
}

// TableName is the review_case_decisions table.
func (CaseDecision) TableName() string { return "review_case_decisions" }

// RewardReport is what a shopper sends. Photo, when set, stores the photo
// of the offer (through the media store's checks, which re-encode it and
// drop its metadata) and returns its key; it runs only once the rest is
// valid, and its mall.Error is the "photo" field's.
type RewardReport struct {
	Body  string
	Photo func(ctx context.Context) (string, error)
}

func checkCaseText(body string) (string, error) {
	body = strings.TrimSpace(body)
	n := utf8.RuneCountInString(body)
	switch {
	case n < MinCaseText:
		return "", mall.FieldErrors{"body": mall.Invalid("body", "reviews.error.case_text_required")}.Err()
	case n > MaxCaseText:
		return "", mall.FieldErrors{"body": mall.Invalid("body", "reviews.error.statement_too_long")}.Err()
	}
	return body, nil
}

// ReportReward files the signed-in shopper's case about one of their own
// orders; another's order, or one never paid, does not exist for them.
func (s *Store) ReportReward(ctx context.Context, accountID, orderID int64, in RewardReport) (*RewardCase, error) {
	o, err := s.opts.Orders.OrderOfAccount(ctx, accountID, orderID)
	if err != nil {
		return nil, err
	}
	id := accountID
	return s.reportReward(ctx, o, &id, in)
}

// ReportRewardAsGuest files a guest's case about an order of the checkout
// whose signed link the caller checked.
func (s *Store) ReportRewardAsGuest(ctx context.Context, o *orders.Order, in RewardReport) (*RewardCase, error) {
	return s.reportReward(ctx, o, nil, in)
}

func (s *Store) reportReward(ctx context.Context, o *orders.Order, accountID *int64, in RewardReport) (*RewardCase, error) {
	if o.PaidAt == nil {
		return nil, mall.NotFound("order")
	}
	body, err := checkCaseText(in.Body)
	if err != nil {
		return nil, err
	}
	c := &RewardCase{MerchantID: o.MerchantID, OrderID: o.ID, AccountID: accountID, Body: body, Status: CaseOpen, CreatedAt: s.now()}
	if in.Photo != nil {
		key, err := in.Photo(ctx)
		if err != nil {
			if e := mall.AsError(err); e != nil && e.Code == mall.EInvalid {
				fe := *e
				fe.Field = "photo"
				return nil, mall.FieldErrors{"photo": &fe}.Err()
			}
			return nil, err
		}
		c.PhotoKey = key
	}
	err = database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Create(c).Error; err != nil {
			return fmt.Errorf("reviews: reward case on order %d: %w", o.ID, err)
		}
		return s.signalsDue(tx, c.MerchantID, "case:"+strconv.FormatInt(c.ID, 10))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// RewardCasesAcrossMall lists the open cases oldest first, then the most
// recently closed, at most limit of each: the operator's case list.
func (s *Store) RewardCasesAcrossMall(ctx context.Context, limit int) (open, closed []RewardCase, err error) {
	if err := s.conn(ctx).Where("status = ?", CaseOpen).Order("created_at, id").Limit(limit).Find(&open).Error; err != nil {
		return nil, nil, fmt.Errorf("reviews: open cases: %w", err)
	}
	if err := s.conn(ctx).Where("status <> ?", CaseOpen).Order("closed_at DESC, id DESC").Limit(limit).Find(&closed).Error; err != nil {
		return nil, nil, fmt.Errorf("reviews: closed cases: %w", err)
	}
	return open, closed, nil
}

// RewardCasesInMerchant lists the cases against the shop, newest first.
func (s *Store) RewardCasesInMerchant(ctx context.Context, merchantID int64, limit int) ([]RewardCase, error) {
	var list []RewardCase
	if err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).Order("id DESC").Limit(limit).Find(&list).Error; err != nil {
		return nil, fmt.Errorf("reviews: cases of merchant %d: %w", merchantID, err)
	}
	return list, nil
}

// countingCases counts the cases that weigh on the shop's signals: open
// and founded ones.
func (s *Store) countingCases(ctx context.Context, merchantID int64) (int64, error) {
	var n int64
	err := s.conn(ctx).Model(&RewardCase{}).Scopes(database.InMerchant(merchantID)).
		Where("status IN ?", []CaseStatus{CaseOpen, CaseFounded}).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("reviews: cases of merchant %d: %w", merchantID, err)
	}
	return n, nil
}

// CloseRewardCase closes an open case as founded or unfounded, with the
// operator's statement of reasons; the decision is kept in
// review_case_decisions.
func (s *Store) CloseRewardCase(ctx context.Context, operatorID, caseID int64, founded bool, statement string) error {
	statement, err := checkStatement(statement)
	if err != nil {
		return err
	}
	if err := s.requireOperator(ctx, operatorID); err != nil {
		return err
	}
	outcome := CaseUnfounded
	if founded {
		outcome = CaseFounded
	}
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var c RewardCase
		if err := tx.First(&c, "id = ?", caseID).Error; err != nil {
			return database.NotFound(err, "case")
		}
		op := operatorID
		res := tx.Model(&RewardCase{}).Scopes(database.InMerchant(c.MerchantID)).Where("id = ? AND status = ?", c.ID, CaseOpen).
			Updates(map[string]any{"status": outcome, "statement": statement, "operator_account_id": op, "closed_at": now})
		if res.Error != nil {
			return fmt.Errorf("reviews: close case %d: %w", c.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return conflict("reviews.error.case_closed", "the case is closed already")
		}
		if err := tx.Create(&CaseDecision{MerchantID: c.MerchantID, CaseID: c.ID, Outcome: outcome, Statement: statement,
			OperatorAccountID: operatorID, CreatedAt: now}).Error; err != nil {
			return fmt.Errorf("reviews: record decision on case %d: %w", c.ID, err)
		}
		return s.signalsDue(tx, c.MerchantID, "case-closed:"+strconv.FormatInt(c.ID, 10))
	})
}

// CaseDecisions are a case's decisions, oldest first.
func (s *Store) CaseDecisions(ctx context.Context, caseID int64) ([]CaseDecision, error) {
	var list []CaseDecision
	if err := s.conn(ctx).Where("case_id = ?", caseID).Order("id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("reviews: decisions on case %d: %w", caseID, err)
	}
	return list, nil
}
