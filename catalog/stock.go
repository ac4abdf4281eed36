package catalog

import (
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// The functions below are how other packages (orders) read and move the
// catalog's stock and variants: they run in the caller's transaction tx,
// so a checkout's stock moves commit or roll back with the checkout.
// After the commit the caller tells the catalog with Store.NotifyChanged.

// TakeVariantStock takes qty units of a merchant's variant only if that
// many are left (a conditional decrement: of two concurrent takes of the
// last unit, one finds nothing). ok is false, and nothing changes, when
// fewer are left; left is the stock after the take.
func TakeVariantStock(tx *gorm.DB, merchantID, variantID int64, qty int, now time.Time) (left int, ok bool, err error) {
	var rows []int
	err = tx.Raw(`UPDATE variants SET stock = stock - ?, updated_at = ? WHERE id = ? AND merchant_id = ? AND stock >= ? RETURNING stock`,
		qty, now, variantID, merchantID, qty).Scan(&rows).Error
	if err != nil {
		return 0, false, fmt.Errorf("catalog: take stock of variant %d: %w", variantID, err)
	}
	if len(rows) == 0 {
		return 0, false, nil
	}
	return rows[0], true, nil
}

// GiveVariantStock puts qty units of a merchant's variant back. found is
// false when the variant no longer exists; left is the stock after.
func GiveVariantStock(tx *gorm.DB, merchantID, variantID int64, qty int, now time.Time) (left int, found bool, err error) {
	var rows []int
	err = tx.Raw(`UPDATE variants SET stock = stock + ?, updated_at = ? WHERE id = ? AND merchant_id = ? RETURNING stock`,
		qty, now, variantID, merchantID).Scan(&rows).Error
	if err != nil {
		return 0, false, fmt.Errorf("catalog: give back stock of variant %d: %w", variantID, err)
	}
	if len(rows) == 0 {
		return 0, false, nil
	}
	return rows[0], true, nil
}

// VariantStock returns the stock of each variant of ids that still exists.
func VariantStock(tx *gorm.DB, ids []int64) (map[int64]int, error) {
	var rows []struct {
		ID    int64
		Stock int
	}
	if err := tx.Raw(`SELECT id, stock FROM variants WHERE id IN ?`, ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("catalog: read stock: %w", err)
	}
	stock := make(map[int64]int, len(rows))
	for _, r := range rows {
		stock[r.ID] = r.Stock
	}
	return stock, nil
}

// VariantForSale is what a cart needs to know of a variant and its
// product.
type VariantForSale struct {
	ID            int64
	MerchantID    int64
	ProductID     int64
	SKU           string `gorm:"column:sku"`
	Option1       string
	Option2       string
	Option3       string
	Price         int64
	Currency      string
	Stock         int
	ProductSlug   string
	Title         string
	ProductStatus Status
	ImageKey      string
}

// OnSale reports whether the product is published. Whether its shop is
// open is the merchants package's to say.
func (v *VariantForSale) OnSale() bool { return v.ProductStatus == StatusActive }

// VariantsForSale returns the variants of ids that exist, with their
// products, by id.
func VariantsForSale(tx *gorm.DB, ids []int64) (map[int64]VariantForSale, error) {
	out := make(map[int64]VariantForSale, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []VariantForSale
	err := tx.Raw(`SELECT v.id, v.merchant_id, v.product_id, v.sku, v.option1, v.option2, v.option3, v.price, v.currency, v.stock,
			p.slug AS product_slug, p.title, p.status AS product_status, p.primary_image_key AS image_key
		FROM variants v JOIN products p ON p.id = v.product_id AND p.merchant_id = v.merchant_id
		WHERE v.id IN ?`, ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("catalog: variants for sale: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, nil
}

// VariantsBySKU returns the merchant's variants that have a SKU, as
// [product id, variant id] by SKU.
func VariantsBySKU(tx *gorm.DB, merchantID int64) (map[string][2]int64, error) {
	var rows []struct {
		ID        int64
		ProductID int64
		SKU       string `gorm:"column:sku"`
	}
	if err := tx.Model(&Variant{}).Select("id, product_id, sku").Scopes(database.InMerchant(merchantID)).
		Where("sku <> ''").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("catalog: variants of merchant %d: %w", merchantID, err)
	}
	bySKU := make(map[string][2]int64, len(rows))
	for _, v := range rows {
		bySKU[v.SKU] = [2]int64{v.ProductID, v.ID}
	}
	return bySKU, nil
}
