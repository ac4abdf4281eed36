package catalog

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// AdjustStock adds delta (negative: takes away) to a variant's stock in
// one conditional update, so units sold meanwhile are not overwritten,
// and returns the new stock. Taking more than there is is a field error
// and changes nothing.
func (s *Store) AdjustStock(ctx context.Context, merchantID, variantID int64, delta int) (int, error) {
	var left int
	err := s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		var v Variant
		if err := tx.Scopes(database.InMerchant(merchantID)).First(&v, "id = ?", variantID).Error; err != nil {
			return database.NotFound(err, "variant")
		}
		var rows []int
		if err := tx.Raw(`UPDATE variants SET stock = stock + ?, updated_at = ? WHERE id = ? AND merchant_id = ? AND stock + ? >= 0 RETURNING stock`,
			delta, s.Now(), variantID, merchantID, delta).Scan(&rows).Error; err != nil {
			return fmt.Errorf("catalog: adjust stock of variant %d: %w", variantID, err)
		}
		if len(rows) == 0 {
			return mall.FieldErrors{"stock": mall.Invalid("stock", "catalog.error.stock_negative")}.Err()
		}
		left = rows[0]
		return RefreshStockSummary(tx, merchantID, v.ProductID)
	})
	return left, err
}
