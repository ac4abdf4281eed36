package merchants

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// DeletePendingMerchant removes a merchant that was never approved, with
// its staff, invitations and log. It undoes an import that failed half-way;
// an approved merchant is never deleted this way.
func (s *Store) DeletePendingMerchant(ctx context.Context, merchantID int64) error {
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var m Merchant
		if err := tx.Where("id = ?", merchantID).First(&m).Error; err != nil {
			return database.NotFound(err, "merchant")
		}
		if m.Status != MerchantPending {
			return &mall.Error{Code: mall.EConflict, Key: "merchants.error.status_conflict"}
		}
		for _, table := range []string{"staff_invitations", "staff_members", "merchant_events"} {
			// The table names are the constants above, never input.
			if err := tx.Exec("DELETE FROM "+table+" WHERE merchant_id = ?", merchantID).Error; err != nil {
				return fmt.Errorf("merchants: delete %s of %d: %w", table, merchantID, err)
			}
		}
		return tx.Delete(&Merchant{}, merchantID).Error
	})
}
