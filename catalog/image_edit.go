package catalog

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// MaxAltLen is the longest alt text an image may have.
const MaxAltLen = 300

// MoveImage moves one of a product's images one place earlier (by -1) or
// later (by 1) among its images; the first is the one listings show. At
// either end it stays where it is. The positions are numbered again from
// 0, so images added before positions were kept apart still move.
func (s *Store) MoveImage(ctx context.Context, merchantID, imageID int64, by int) error {
	if by != -1 && by != 1 {
		return mall.Invalid("position", "catalog.error.image_move_invalid")
	}
	return s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		img, err := imageIn(tx, merchantID, imageID)
		if err != nil {
			return err
		}
		var imgs []Image
		if err := tx.Scopes(database.InMerchant(merchantID)).Where("product_id = ?", img.ProductID).
			Order("position, id").Find(&imgs).Error; err != nil {
			return fmt.Errorf("catalog: images of product %d: %w", img.ProductID, err)
		}
		at := -1
		for i := range imgs {
			if imgs[i].ID == imageID {
				at = i
			}
		}
		if to := at + by; at >= 0 && to >= 0 && to < len(imgs) {
			imgs[at], imgs[to] = imgs[to], imgs[at]
		}
		for i := range imgs {
			if imgs[i].Position == i {
				continue
			}
			if err := tx.Model(&Image{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", imgs[i].ID).
				Update("position", i).Error; err != nil {
				return fmt.Errorf("catalog: move image %d: %w", imgs[i].ID, err)
			}
		}
		return refreshPrimaryImage(tx, merchantID, img.ProductID)
	})
}

// SetImageAlt changes the text that describes an image to people who
// cannot see it.
func (s *Store) SetImageAlt(ctx context.Context, merchantID, imageID int64, alt string) error {
	alt = strings.TrimSpace(alt)
	if utf8.RuneCountInString(alt) > MaxAltLen {
		return mall.FieldErrors{"alt": mall.Invalid("alt", "catalog.error.alt_too_long")}.Err()
	}
	return s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		if _, err := imageIn(tx, merchantID, imageID); err != nil {
			return err
		}
		return tx.Model(&Image{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", imageID).
			Update("alt", alt).Error
	})
}

// SetVariantImage shows one of the product's images for a variant (0: none,
// the product's first). An image of another product is not found.
func (s *Store) SetVariantImage(ctx context.Context, merchantID, variantID, imageID int64) error {
	return s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		var v Variant
		if err := tx.Scopes(database.InMerchant(merchantID)).First(&v, "id = ?", variantID).Error; err != nil {
			return database.NotFound(err, "variant")
		}
		if imageID != 0 {
			img, err := imageIn(tx, merchantID, imageID)
			if err != nil {
				return err
			}
			if img.ProductID != v.ProductID {
				return mall.NotFound("image")
			}
		}
		return tx.Model(&Variant{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", variantID).
			Update("image_id", imageRef(imageID)).Error
	})
}

// imageIn is an image of the merchant's, or not found.
func imageIn(tx *gorm.DB, merchantID, imageID int64) (*Image, error) {
	var img Image
	if err := tx.Scopes(database.InMerchant(merchantID)).First(&img, "id = ?", imageID).Error; err != nil {
		return nil, database.NotFound(err, "image")
	}
	return &img, nil
}
