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

// ImageInput describes an image already saved in the media store.
type ImageInput struct {
	Key    string
	Alt    string
	Width  int
	Height int
}

// CheckImageQuota tells whether the merchant may add another product
// image under quota (0: no limit), before the upload is decoded: an
// EInvalid error on the "image" field when its images already fill it.
func (s *Store) CheckImageQuota(ctx context.Context, merchantID int64, quota int) error {
	return s.CheckImageQuotaFor(ctx, merchantID, quota, 1)
}

// CheckImageQuotaFor is CheckImageQuota for adding n images at once.
func (s *Store) CheckImageQuotaFor(ctx context.Context, merchantID int64, quota, n int) error {
	if quota <= 0 {
		return nil
	}
	var have int64
	if err := s.conn(ctx).Model(&Image{}).Scopes(database.InMerchant(merchantID)).Count(&have).Error; err != nil {
		return fmt.Errorf("catalog: images of merchant %d: %w", merchantID, err)
	}
	if have+int64(n) > int64(quota) {
		return &mall.Error{Code: mall.EInvalid, Field: "image", Key: "catalog.error.image_quota", Args: map[string]any{"Max": quota}}
	}
	return nil
}

// AddImage puts an image after the product's others; the first image is
// the one listings show.
func (s *Store) AddImage(ctx context.Context, merchantID, productID int64, in ImageInput) (*Image, error) {
	in.Key, in.Alt = strings.TrimSpace(in.Key), strings.TrimSpace(in.Alt)
	fe := mall.FieldErrors{}
	if in.Key == "" || len(in.Key) > 128 {
		fe.Add("image", "catalog.error.image_required")
	}
	if utf8.RuneCountInString(in.Alt) > 300 {
		fe.Add("alt", "catalog.error.alt_too_long")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	img := &Image{MerchantID: merchantID, ProductID: productID, Key: in.Key, Alt: in.Alt,
		Width: in.Width, Height: in.Height, CreatedAt: s.Now()}
	err := s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Product{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", productID).Count(&n).Error; err != nil {
			return fmt.Errorf("catalog: add image: %w", err)
		}
		if n == 0 {
			return mall.NotFound("product")
		}
		var next struct{ P *int }
		if err := tx.Model(&Image{}).Scopes(database.InMerchant(merchantID)).Where("product_id = ?", productID).
			Select("MAX(position) AS p").Scan(&next).Error; err != nil {
			return fmt.Errorf("catalog: add image: %w", err)
		}
		if next.P != nil {
			img.Position = *next.P + 1
		}
		if err := tx.Create(img).Error; err != nil {
			return fmt.Errorf("catalog: add image: %w", err)
		}
		return refreshPrimaryImage(tx, merchantID, productID)
	})
	if err != nil {
		return nil, err
	}
	return img, nil
}

// RemoveImage takes an image off its product. The file stays in the media
// store: keys are content addresses another product may share.
func (s *Store) RemoveImage(ctx context.Context, merchantID, imageID int64) error {
	return s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		var img Image
		if err := tx.Scopes(database.InMerchant(merchantID)).First(&img, "id = ?", imageID).Error; err != nil {
			return database.NotFound(err, "image")
		}
		// The foreign key clears it too; said here so that no variant
		// points at a removed image whatever the database does.
		if err := tx.Model(&Variant{}).Scopes(database.InMerchant(merchantID)).Where("image_id = ?", imageID).
			Update("image_id", nil).Error; err != nil {
			return fmt.Errorf("catalog: variants of image %d: %w", imageID, err)
		}
		if err := tx.Scopes(database.InMerchant(merchantID)).Where("id = ?", imageID).Delete(&Image{}).Error; err != nil {
			return fmt.Errorf("catalog: remove image %d: %w", imageID, err)
		}
		return refreshPrimaryImage(tx, merchantID, img.ProductID)
	})
}

func refreshPrimaryImage(tx *gorm.DB, merchantID, productID int64) error {
	var keys []string
	if err := tx.Model(&Image{}).Scopes(database.InMerchant(merchantID)).Where("product_id = ?", productID).
		Order("position, id").Limit(1).Pluck("media_key", &keys).Error; err != nil {
		return fmt.Errorf("catalog: primary image of %d: %w", productID, err)
	}
	key := ""
	if len(keys) > 0 {
		key = keys[0]
	}
	return tx.Model(&Product{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", productID).
		Update("primary_image_key", key).Error
}

// ImageKeyInUse reports whether any shop's product shows the stored image
// key. Stored images are named by their content, so the same file sent
// again (a buyer's photo that is the shop's own picture) shares its key,
// and a package deleting its copy asks here first.
func ImageKeyInUse(ctx context.Context, db *gorm.DB, key string) (bool, error) {
	var n int64
	if err := db.WithContext(ctx).Model(&Image{}).Where("media_key = ?", key).Limit(1).Count(&n).Error; err != nil {
		return false, fmt.Errorf("catalog: is image %s in use: %w", key, err)
	}
	return n > 0, nil
}
