package reviews

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/media"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// Who asked for an erasure.
const (
	ErasedByReviewer = "reviewer"
	ErasedByOperator = "operator"
)

// Limits on the operator's reason for an erasure.
const (
	MinErasureReason = 10
	MaxErasureReason = 1000
)

// Erasure is the record of one erased review: who asked and, for the
// operator, why. It holds nothing of what was erased.
type Erasure struct {
	ID                int64
	MerchantID        int64
	ReviewID          int64
	RequestedBy       string
	OperatorAccountID *int64
	Reason            string
	LeafIndex         int64
	CreatedAt         time.Time
}

// TableName is the review_erasures table.
func (Erasure) TableName() string { return "review_erasures" }

// EraseOwn erases accountID's own review (GDPR Art. 17, at the
// reviewer's request). Someone else's review does not exist for them.
func (s *Store) EraseOwn(ctx context.Context, accountID, reviewID int64) error {
	return s.erase(ctx, reviewID, func(r *Review) error {
		if r.AccountID == nil || *r.AccountID != accountID {
			return errNotYours("review")
		}
		return nil
	}, Erasure{RequestedBy: ErasedByReviewer})
}

// EraseForSubject is the operator's erasure of a review on the data
// subject's request (by email, by post), with the reason kept in
// review_erasures.
func (s *Store) EraseForSubject(ctx context.Context, operatorID, reviewID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if n := utf8.RuneCountInString(reason); n < MinErasureReason || n > MaxErasureReason {
		return mall.FieldErrors{"reason": mall.Invalid("reason", "reviews_erasure.error.reason")}.Err()
	}
	if err := s.requireOperator(ctx, operatorID); err != nil {
		return err
	}
	op := operatorID
	return s.erase(ctx, reviewID, func(*Review) error { return nil },
		Erasure{RequestedBy: ErasedByOperator, OperatorAccountID: &op, Reason: reason})
}

// erase deletes a review's text (the review, its versions, the shop's
// reply and report notes that answer or quote it, the reviewer's appeal)
// and the salt of its line commitment, cuts the review loose from the
// order, the line and the account, takes it out of the rating and
// appends an "erased" leaf. The leaves already in the log stay: without
// the salt their commitments point at no line, and the log verifies as
// before.
func (s *Store) erase(ctx context.Context, reviewID int64, allowed func(*Review) error, rec Erasure) error {
	now := s.now()
	var r Review
	var photos []string
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.First(&r, "id = ?", reviewID).Error; err != nil {
			return database.NotFound(err, "review")
		}
		if err := allowed(&r); err != nil {
			return err
		}
		if r.Erased() {
			return conflict("reviews_erasure.error.already", "the review is already erased")
		}
		before := contributionOf(&r)
		day := r.CreatedAt.UTC().Truncate(24 * time.Hour)
		in := database.InMerchant(r.MerchantID)
		// order_line_id is unique and not null: -id names no line and
		// frees the line for a new review by its buyer.
		res := tx.Model(&Review{}).Scopes(in).Where("id = ? AND erased_at IS NULL", r.ID).
			Updates(map[string]any{"title": "", "body": "", "line_salt": "", "appeal_text": "",
				"account_id": nil, "order_id": 0, "order_line_id": -r.ID,
				"purchased_at": day, "delivered_at": day, "erased_at": now, "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("reviews: erase review %d: %w", r.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return conflict("reviews_erasure.error.already", "the review is already erased")
		}
		for _, q := range []struct {
			model any
			set   map[string]any
		}{
			{&Version{}, map[string]any{"title": "", "body": ""}},
			{&Reply{}, map[string]any{"body": ""}},
			{&ReplyVersion{}, map[string]any{"body": ""}},
			{&Report{}, map[string]any{"note": ""}},
		} {
			if err := tx.Model(q.model).Scopes(in).Where("review_id = ?", r.ID).Updates(q.set).Error; err != nil {
				return fmt.Errorf("reviews: erase review %d: %w", r.ID, err)
			}
		}
		// The photos of every version go with the text.
		if err := tx.Model(&Photo{}).Scopes(in).Where("review_id = ?", r.ID).Distinct().Pluck("image_key", &photos).Error; err != nil {
			return fmt.Errorf("reviews: erase photos of review %d: %w", r.ID, err)
		}
		if err := tx.Scopes(in).Where("review_id = ?", r.ID).Delete(&Photo{}).Error; err != nil {
			return fmt.Errorf("reviews: erase photos of review %d: %w", r.ID, err)
		}
		if err := tx.Model(&Review{}).Scopes(in).Where("id = ?", r.ID).Update("photo_count", 0).Error; err != nil {
			return fmt.Errorf("reviews: erase photos of review %d: %w", r.ID, err)
		}
		r.AllPhotos, r.PhotoCount = nil, 0
		r.Title, r.Body, r.LineSalt, r.AppealText, r.AccountID, r.OrderID, r.OrderLineID = "", "", "", "", nil, 0, -r.ID
		r.ErasedAt = &now
		if err := s.record(tx, &r, ActionErased, rec.RequestedBy, now); err != nil {
			return err
		}
		rec.MerchantID, rec.ReviewID, rec.LeafIndex, rec.CreatedAt = r.MerchantID, r.ID, r.LeafIndex, now
		if err := tx.Create(&rec).Error; err != nil {
			return fmt.Errorf("reviews: record erasure of review %d: %w", r.ID, err)
		}
		return moveAggregates(tx, r.MerchantID, r.ProductID, before, contributionOf(&r))
	})
	if err != nil {
		return err
	}
	s.changed(r.MerchantID)
	s.removePhotoFiles(ctx, photos)
	return nil
}

// removePhotoFiles deletes the stored files of an erased review's photos,
// unless another review or a product shows the same file (images are named
// by their content). The rows are already gone, so a file left behind by a
// failure here is shown nowhere; the failure is logged.
func (s *Store) removePhotoFiles(ctx context.Context, keys []string) {
	rm, ok := s.opts.Media.(media.Remover)
	if !ok {
		return
	}
	for _, key := range keys {
		var n int64
		if err := s.db.WithContext(ctx).Model(&Photo{}).Where("image_key = ?", key).Count(&n).Error; err != nil || n > 0 {
			continue
		}
		if used, err := catalog.ImageKeyInUse(ctx, s.db, key); err != nil || used {
			continue
		}
		if err := rm.Remove(ctx, key); err != nil {
			slog.Error("remove an erased review's photo", "key", key, "err", err)
		}
	}
}

// Erasures lists the erasures of the mall, newest first, for the
// operator.
func (s *Store) Erasures(ctx context.Context, limit int) ([]Erasure, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	var out []Erasure
	if err := s.conn(ctx).Order("id DESC").Limit(limit).Find(&out).Error; err != nil {
		return nil, fmt.Errorf("reviews: erasures: %w", err)
	}
	return out, nil
}
