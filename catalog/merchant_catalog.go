package catalog

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// ProductIDs returns the ids of every product the merchant has, in any
// status, oldest first: what a full export walks.
func (s *Store) ProductIDs(ctx context.Context, merchantID int64) ([]int64, error) {
	var ids []int64
	if err := s.conn(ctx).Model(&Product{}).Scopes(database.InMerchant(merchantID)).
		Order("id").Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("catalog: product ids of merchant %d: %w", merchantID, err)
	}
	return ids, nil
}

// MerchantsSellingAcrossMall returns the ids of the merchants with at
// least one product on sale, for the mall's home, which promotes no shop
// with nothing to buy.
func (s *Store) MerchantsSellingAcrossMall(ctx context.Context) (map[int64]bool, error) {
	var ids []int64
	if err := s.conn(ctx).Model(&Product{}).Where("status = ?", StatusActive).
		Distinct("merchant_id").Pluck("merchant_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("catalog: merchants selling: %w", err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// DeleteMerchantCatalog removes every product, variant, image record and
// category of a merchant, with their search entries, in one transaction.
// It is for undoing an import that failed half-way; shops never lose their
// catalog through the pages.
func (s *Store) DeleteMerchantCatalog(ctx context.Context, merchantID int64) error {
	ids, err := s.ProductIDs(ctx, merchantID)
	if err != nil {
		return err
	}
	return s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		if err := s.unindex(tx, ids); err != nil {
			return err
		}
		for _, model := range []any{&productCategory{}, &Image{}, &Variant{}, &Product{}, &Category{}} {
			if err := tx.Scopes(database.InMerchant(merchantID)).Delete(model).Error; err != nil {
				return fmt.Errorf("catalog: delete catalog of merchant %d: %w", merchantID, err)
			}
		}
		return nil
	})
}
