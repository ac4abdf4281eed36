package catalog

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/mall-project/mall/mall"
)

// SetProductRating sets the verified rating a merchant's product shows on
// its cards and sorts by in search: sum stars over count reviews that
// count. The reviews package calls it in tx, the transaction that moves
// its own aggregate, so the two never differ; after the commit it tells
// the catalog (Store.NotifyChanged), which drops the cached pages. A
// product that no longer exists changes nothing.
func SetProductRating(tx *gorm.DB, merchantID, productID, sum, count int64) error {
	err := tx.Exec(`UPDATE products SET rating_sum = ?, rating_count = ? WHERE id = ? AND merchant_id = ?`,
		sum, count, productID, merchantID).Error
	if err != nil {
		return fmt.Errorf("catalog: rating of product %d: %w", productID, err)
	}
	return nil
}

// RatingTenths is the product's verified rating in tenths of a star (43
// for 4.3); 0 when no review counts.
func (p *Product) RatingTenths() int64 { return mall.RatingTenths(p.RatingSum, p.RatingCount) }

// ratingOrder is the ORDER BY of the rating sort over products t: the
// rating as shown (in tenths) highest first, then the most rated, then
// the newest product; products no review counts for come last. It is
// integer arithmetic, so both databases order alike.
func ratingOrder(t string) string {
	return `CASE WHEN ` + t + `.rating_count > 0 THEN (` + t + `.rating_sum * 20 + ` + t + `.rating_count) / (2 * ` + t + `.rating_count) ELSE 0 END DESC, ` +
		t + `.rating_count DESC, ` + t + `.id DESC`
}
