package catalog

import (
	"context"
	"fmt"

	"github.com/mall-project/mall/database"
)

// StockTotals returns, for each of the merchant's products asked for, the
// units in stock over all its variants (a product with no variants is
// missing from the map).
func (s *Store) StockTotals(ctx context.Context, merchantID int64, productIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	if len(productIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ProductID int64
		Stock     int
	}
	err := s.db.WithContext(ctx).Model(&Variant{}).Scopes(database.InMerchant(merchantID)).
		Select("product_id, COALESCE(SUM(stock), 0) AS stock").Where("product_id IN ?", productIDs).
		Group("product_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("catalog: stock totals of merchant %d: %w", merchantID, err)
	}
	for _, r := range rows {
		out[r.ProductID] = r.Stock
	}
	return out, nil
}
