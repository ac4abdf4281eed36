package reviews

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/outbox"
)

// TopicSignalsDue asks for a shop's integrity signals to be computed
// again: published in the transaction of a review written or edited, of
// a refund or chargeback of a reviewed line, and of a review-for-reward
// case filed or closed.
const TopicSignalsDue = "reviews.signals_due"

// SignalsDuePayload names the shop whose signals are due.
type SignalsDuePayload struct {
	MerchantID int64 `json:"merchant_id"`
}

// MaxSignalReviews bounds how many of a shop's newest reviews one
// computation looks at.
const MaxSignalReviews = 5000

// ReviewSignals are one review's integrity signals as last computed.
type ReviewSignals struct {
	ReviewID   int64 `gorm:"primaryKey"`
	MerchantID int64
	ProductID  int64
	Score      int
	Data       string `gorm:"column:signals"`
	GroupID    int64
	GroupSize  int
	ComputedAt time.Time

	Signals []Signal `gorm:"-"`
}

// TableName is the review_signals table.
func (ReviewSignals) TableName() string { return "review_signals" }

func (r *ReviewSignals) decode() {
	r.Signals = nil
	_ = json.Unmarshal([]byte(r.Data), &r.Signals)
}

// RegisterSignals subscribes the recomputation of a shop's signals to q.
func (s *Store) RegisterSignals(q *outbox.Queue) {
	s.signalsQ = q
	q.Subscribe(TopicSignalsDue, "reviews.signals.compute", func(ctx context.Context, job outbox.Job) error {
		var p SignalsDuePayload
		if err := job.Decode(&p); err != nil {
			return err
		}
		return s.RecomputeSignals(ctx, p.MerchantID)
	})
}

// signalsDue publishes TopicSignalsDue for the shop inside tx; key names
// the change (a review version, a refund), so each change asks once.
func (s *Store) signalsDue(tx *gorm.DB, merchantID int64, key string) error {
	if s.signalsQ == nil {
		return nil
	}
	return s.signalsQ.Publish(tx, TopicSignalsDue, fmt.Sprintf("%d:%s", merchantID, key), SignalsDuePayload{MerchantID: merchantID})
}

// RecomputeSignals applies the integrity rules to the shop's reviews (its
// newest MaxSignalReviews) and stores each one's signals, score and
// group. It writes only review_signals: no review's status, verification
// or place in the rating changes.
func (s *Store) RecomputeSignals(ctx context.Context, merchantID int64) error {
	if s.opts.Orders == nil {
		return fmt.Errorf("reviews: signals need the orders store")
	}
	var list []Review
	if err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).Order("id DESC").Limit(MaxSignalReviews).Find(&list).Error; err != nil {
		return fmt.Errorf("reviews: reviews of merchant %d: %w", merchantID, err)
	}
	in := signalInput{reviews: list}
	lines := make([]int64, len(list))
	var accts []int64
	seen := map[int64]bool{}
	for i, r := range list {
		lines[i] = r.OrderLineID
		if r.AccountID != nil && !seen[*r.AccountID] {
			seen[*r.AccountID] = true
			accts = append(accts, *r.AccountID)
		}
	}
	var err error
	if in.traces, err = s.opts.Orders.TracesOfLinesAcrossMall(ctx, lines); err != nil {
		return err
	}
	if s.opts.Merchants != nil {
		staff, err := s.opts.Merchants.ListStaff(ctx, merchantID)
		if err != nil {
			return err
		}
		ids := make([]int64, len(staff))
		for i, m := range staff {
			ids[i] = m.AccountID
		}
		if in.staff, err = s.opts.Orders.TracesOfAccountsAcrossMall(ctx, ids, 500); err != nil {
			return err
		}
	}
	if s.opts.Accounts != nil {
		if in.profiles, err = s.opts.Accounts.ProfilesOf(ctx, accts); err != nil {
			return err
		}
	}
	if in.shops, err = s.opts.Orders.ShopsOfBuyersAcrossMall(ctx, accts); err != nil {
		return err
	}
	if in.refunds, err = s.opts.Orders.LineRefundsInMerchant(ctx, merchantID); err != nil {
		return err
	}
	if in.cases, err = s.countingCases(ctx, merchantID); err != nil {
		return err
	}
	in.sales = func(productID int64, from, to time.Time) (int64, error) {
		return s.opts.Orders.ProductSalesInMerchant(ctx, merchantID, productID, from, to)
	}
	results, err := computeSignals(in)
	if err != nil {
		return err
	}
	now := s.now()
	rows := make([]ReviewSignals, 0, len(list))
	for _, r := range list {
		res := results[r.ID]
		data, err := json.Marshal(res.signals)
		if err != nil {
			return err
		}
		if res.signals == nil {
			data = []byte("[]")
		}
		rows = append(rows, ReviewSignals{ReviewID: r.ID, MerchantID: merchantID, ProductID: r.ProductID, Score: res.score,
			Data: string(data), GroupID: res.groupID, GroupSize: res.groupSize, ComputedAt: now})
	}
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		for i := 0; i < len(rows); i += 200 {
			batch := rows[i:min(i+200, len(rows))]
			if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "review_id"}}, UpdateAll: true}).
				Create(&batch).Error; err != nil {
				return fmt.Errorf("reviews: store signals of merchant %d: %w", merchantID, err)
			}
		}
		return nil
	})
}

// SignalsInMerchant reads the stored signals of the shop's reviews, by
// review id (a review never computed has none).
func (s *Store) SignalsInMerchant(ctx context.Context, merchantID int64, reviewIDs []int64) (map[int64]*ReviewSignals, error) {
	return s.signalsOf(s.conn(ctx).Scopes(database.InMerchant(merchantID)), reviewIDs)
}

// SignalsAcrossMall reads the stored signals of any reviews, for the
// operator.
func (s *Store) SignalsAcrossMall(ctx context.Context, reviewIDs []int64) (map[int64]*ReviewSignals, error) {
	return s.signalsOf(s.conn(ctx), reviewIDs)
}

func (s *Store) signalsOf(q *gorm.DB, reviewIDs []int64) (map[int64]*ReviewSignals, error) {
	out := map[int64]*ReviewSignals{}
	if len(reviewIDs) == 0 {
		return out, nil
	}
	var rows []ReviewSignals
	if err := q.Where("review_id IN ?", reviewIDs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("reviews: signals: %w", err)
	}
	for i := range rows {
		rows[i].decode()
		out[rows[i].ReviewID] = &rows[i]
	}
	return out, nil
}
