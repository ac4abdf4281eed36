package reviews

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// SaveReply writes the merchant's public reply to one of its reviews, or
// a new version of it: one reply per review, every version kept. A
// merchant replies; it never changes the review itself.
func (s *Store) SaveReply(ctx context.Context, merchantID, reviewID, staffAccountID int64, body string) (*Reply, error) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	if body == "" {
		return nil, mall.FieldErrors{"reply": mall.Invalid("reply", "reviews.error.reply_empty")}.Err()
	}
	if !utf8.ValidString(body) || utf8.RuneCountInString(body) > MaxReply {
		return nil, mall.FieldErrors{"reply": mall.Invalid("reply", "reviews.error.reply_too_long")}.Err()
	}
	now := s.now()
	var rep Reply
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var r Review
		if err := tx.Scopes(database.InMerchant(merchantID)).Select("id, erased_at").First(&r, "id = ?", reviewID).Error; err != nil {
			return database.NotFound(err, "review")
		}
		if r.Erased() {
			return conflict("reviews_erasure.error.reply", "the review was erased at the reviewer's request")
		}
		by := staffAccountID
		err := tx.Scopes(database.InMerchant(merchantID)).Where("review_id = ?", reviewID).First(&rep).Error
		switch {
		case err == nil:
			if rep.Body == body {
				return nil
			}
			rep.Version++
			res := tx.Model(&Reply{}).Scopes(database.InMerchant(merchantID)).
				Where("id = ? AND version = ?", rep.ID, rep.Version-1).
				Updates(map[string]any{"body": body, "version": rep.Version, "author_account_id": by, "updated_at": now})
			if res.Error != nil {
				return fmt.Errorf("reviews: edit reply to review %d: %w", reviewID, res.Error)
			}
			if res.RowsAffected != 1 {
				return conflict("reviews.error.edited_meanwhile", "the reply changed meanwhile")
			}
			rep.Body, rep.AuthorAccountID, rep.UpdatedAt = body, &by, now
		case errors.Is(err, gorm.ErrRecordNotFound):
			rep = Reply{MerchantID: merchantID, ReviewID: reviewID, Body: body, Version: 1, AuthorAccountID: &by, CreatedAt: now, UpdatedAt: now}
			if err := tx.Omit("Versions").Create(&rep).Error; err != nil {
				if database.IsUniqueViolation(err) {
					return conflict("reviews.error.edited_meanwhile", "the reply changed meanwhile")
				}
				return fmt.Errorf("reviews: reply to review %d: %w", reviewID, err)
			}
		default:
			return fmt.Errorf("reviews: reply to review %d: %w", reviewID, err)
		}
		v := ReplyVersion{MerchantID: merchantID, ReviewID: reviewID, Version: rep.Version, Body: body, AuthorAccountID: &by, CreatedAt: now}
		if err := tx.Create(&v).Error; err != nil {
			return fmt.Errorf("reviews: keep reply version: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.changed(merchantID)
	return &rep, nil
}
