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

// CategoryInput is what a merchant writes about a category.
type CategoryInput struct {
	Name string
	// Slug is made from the name when empty.
	Slug     string
	Position int
}

func (in *CategoryInput) normalise() mall.FieldErrors {
	fe := mall.FieldErrors{}
	in.Name = strings.TrimSpace(in.Name)
	in.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		fe.Add("name", "catalog.error.name_required")
	case n > 120:
		fe.Add("name", "catalog.error.name_too_long")
	}
	if in.Slug == "" && in.Name != "" {
		if in.Slug = mall.Slugify(in.Name); in.Slug == "" {
			in.Slug = "c-" + randomHex(4)
		}
	}
	if in.Name != "" && !mall.ValidSlug(in.Slug) {
		fe.Add("slug", "catalog.error.slug_invalid")
	}
	return fe
}

func (s *Store) categories(ctx context.Context, merchantID int64) *gorm.DB {
	return s.conn(ctx).Model(&Category{}).Scopes(database.InMerchant(merchantID))
}

// CreateCategory adds a category.
func (s *Store) CreateCategory(ctx context.Context, merchantID int64, in CategoryInput) (*Category, error) {
	if err := in.normalise().Err(); err != nil {
		return nil, err
	}
	now := s.Now()
	c := &Category{MerchantID: merchantID, Name: in.Name, Slug: in.Slug, Position: in.Position, CreatedAt: now, UpdatedAt: now}
	if err := s.conn(ctx).Create(c).Error; err != nil {
		return nil, categoryError(err)
	}
	s.changed(merchantID)
	return c, nil
}

// UpdateCategory renames or moves a category.
func (s *Store) UpdateCategory(ctx context.Context, merchantID, categoryID int64, in CategoryInput) (*Category, error) {
	if err := in.normalise().Err(); err != nil {
		return nil, err
	}
	res := s.categories(ctx, merchantID).Where("id = ?", categoryID).
		Updates(map[string]any{"name": in.Name, "slug": in.Slug, "position": in.Position, "updated_at": s.Now()})
	if res.Error != nil {
		return nil, categoryError(res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, mall.NotFound("category")
	}
	s.changed(merchantID)
	return s.CategoryInMerchant(ctx, merchantID, categoryID)
}

func categoryError(err error) error {
	if database.IsUniqueViolation(err) {
		return mall.FieldErrors{"slug": mall.Invalid("slug", "catalog.error.slug_taken")}.Err()
	}
	return fmt.Errorf("catalog: save category: %w", err)
}

// DeleteCategory removes a category; its products stay, uncategorised.
func (s *Store) DeleteCategory(ctx context.Context, merchantID, categoryID int64) error {
	return s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		if err := tx.Scopes(database.InMerchant(merchantID)).Where("category_id = ?", categoryID).
			Delete(&productCategory{}).Error; err != nil {
			return fmt.Errorf("catalog: delete category %d: %w", categoryID, err)
		}
		res := tx.Scopes(database.InMerchant(merchantID)).Where("id = ?", categoryID).Delete(&Category{})
		if res.Error != nil {
			return fmt.Errorf("catalog: delete category %d: %w", categoryID, res.Error)
		}
		if res.RowsAffected == 0 {
			return mall.NotFound("category")
		}
		return nil
	})
}

// Categories returns the merchant's categories in display order.
func (s *Store) Categories(ctx context.Context, merchantID int64) ([]Category, error) {
	var cs []Category
	if err := s.categories(ctx, merchantID).Order("position, name, id").Find(&cs).Error; err != nil {
		return nil, fmt.Errorf("catalog: categories: %w", err)
	}
	return cs, nil
}

// CategoryInMerchant returns one of the merchant's categories.
func (s *Store) CategoryInMerchant(ctx context.Context, merchantID, categoryID int64) (*Category, error) {
	var c Category
	if err := s.categories(ctx, merchantID).First(&c, "id = ?", categoryID).Error; err != nil {
		return nil, database.NotFound(err, "category")
	}
	return &c, nil
}

// CategoryBySlug returns the merchant's category at slug.
func (s *Store) CategoryBySlug(ctx context.Context, merchantID int64, slug string) (*Category, error) {
	var c Category
	if err := s.categories(ctx, merchantID).First(&c, "slug = ?", slug).Error; err != nil {
		return nil, database.NotFound(err, "category")
	}
	return &c, nil
}

// ProductsInCategory returns one page of the category's active products,
// newest first, and how many there are in all.
func (s *Store) ProductsInCategory(ctx context.Context, merchantID, categoryID int64, page, perPage int) ([]Product, int64, error) {
	q := s.products(ctx, merchantID).Where("products.status = ?", StatusActive).
		Where("products.id IN (?)", s.conn(ctx).Model(&productCategory{}).Select("product_id").
			Scopes(database.InMerchant(merchantID)).Where("category_id = ?", categoryID))
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("catalog: count category %d: %w", categoryID, err)
	}
	limit, offset := pageBounds(page, perPage)
	var ps []Product
	if err := q.Select(listColumns).Order("products.published_at DESC, products.id DESC").
		Limit(limit).Offset(offset).Find(&ps).Error; err != nil {
		return nil, 0, fmt.Errorf("catalog: products in category %d: %w", categoryID, err)
	}
	return ps, total, nil
}

// checkCategories makes sure every id names one of the merchant's own
// categories.
func checkCategories(tx *gorm.DB, merchantID int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	uniq := map[int64]bool{}
	for _, id := range ids {
		uniq[id] = true
	}
	var n int64
	if err := tx.Model(&Category{}).Scopes(database.InMerchant(merchantID)).Where("id IN ?", ids).Count(&n).Error; err != nil {
		return fmt.Errorf("catalog: check categories: %w", err)
	}
	if int(n) != len(uniq) {
		return mall.FieldErrors{"categories": mall.Invalid("categories", "catalog.error.category_invalid")}.Err()
	}
	return nil
}

func setCategories(tx *gorm.DB, merchantID, productID int64, ids []int64) error {
	if err := tx.Scopes(database.InMerchant(merchantID)).Where("product_id = ?", productID).
		Delete(&productCategory{}).Error; err != nil {
		return fmt.Errorf("catalog: categories of product %d: %w", productID, err)
	}
	seen := map[int64]bool{}
	var rows []productCategory
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			rows = append(rows, productCategory{MerchantID: merchantID, ProductID: productID, CategoryID: id})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	if err := tx.Create(&rows).Error; err != nil {
		return fmt.Errorf("catalog: categories of product %d: %w", productID, err)
	}
	return nil
}
