package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// productColumns are the products columns the models read; PostgreSQL's
// search vectors stay in the database.
const productColumns = "products.id, products.merchant_id, products.title, products.slug, products.description, products.status, products.tags, " +
	"products.option1_name, products.option2_name, products.option3_name, products.featured, products.min_price, products.currency, " +
	"products.in_stock, products.primary_image_key, products.rating_sum, products.rating_count, " +
	"products.created_at, products.updated_at, products.published_at, " +
	"products.description_html, products.description_html_version"

// listColumns leave out the description, which lists never show.
const listColumns = "products.id, products.merchant_id, products.title, products.slug, products.status, products.tags, " +
	"products.featured, products.min_price, products.currency, products.in_stock, products.primary_image_key, " +
	"products.rating_sum, products.rating_count, products.created_at, products.updated_at, products.published_at"

func (s *Store) products(ctx context.Context, merchantID int64) *gorm.DB {
	return s.conn(ctx).Model(&Product{}).Scopes(database.InMerchant(merchantID))
}

// CreateProduct adds a product with its variants and categories.
func (s *Store) CreateProduct(ctx context.Context, merchantID int64, in ProductInput) (*Product, error) {
	fe := in.normalise()
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var p *Product
	err := s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		if err := checkUnique(tx, merchantID, 0, &in); err != nil {
			return err
		}
		if err := checkCategories(tx, merchantID, in.CategoryIDs); err != nil {
			return err
		}
		for i, vi := range in.Variants {
			if vi.ImageID != 0 {
				// A new product has no images to name yet.
				f := VariantField(i, "image")
				return mall.FieldErrors{f: mall.Invalid(f, "catalog.error.variant_image_unknown")}.Err()
			}
		}
		now := s.Now()
		p = &Product{MerchantID: merchantID, CreatedAt: now}
		applyInput(p, &in, now)
		for i, vi := range in.Variants {
			p.Variants = append(p.Variants, newVariant(merchantID, i, vi, now))
		}
		summarise(p)
		if err := tx.Omit(clause.Associations).Create(p).Error; err != nil {
			return uniqueError(err, "catalog: create product")
		}
		for i := range p.Variants {
			p.Variants[i].ProductID = p.ID
		}
		if err := tx.Create(&p.Variants).Error; err != nil {
			return uniqueError(err, "catalog: create variants")
		}
		if err := setCategories(tx, merchantID, p.ID, in.CategoryIDs); err != nil {
			return err
		}
		return s.index(tx, []*Product{p})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// UpdateProduct replaces what the merchant wrote about a product: fields,
// variants (see ProductInput.Variants) and categories.
func (s *Store) UpdateProduct(ctx context.Context, merchantID, productID int64, in ProductInput) (*Product, error) {
	fe := in.normalise()
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var p Product
	err := s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		err := tx.Select(productColumns).Scopes(database.InMerchant(merchantID)).
			Preload("Variants", func(db *gorm.DB) *gorm.DB { return db.Order("position, id") }).
			Preload("Images", func(db *gorm.DB) *gorm.DB { return db.Order("position, id") }).
			First(&p, "id = ?", productID).Error
		if err != nil {
			return database.NotFound(err, "product")
		}
		if err := checkUnique(tx, merchantID, productID, &in); err != nil {
			return err
		}
		if err := checkCategories(tx, merchantID, in.CategoryIDs); err != nil {
			return err
		}
		now := s.Now()
		old := map[int64]Variant{}
		for _, v := range p.Variants {
			old[v.ID] = v
		}
		images := map[int64]bool{}
		for _, img := range p.Images {
			images[img.ID] = true
		}
		keep := map[int64]bool{}
		for i, vi := range in.Variants {
			if vi.ImageID != 0 && !images[vi.ImageID] {
				f := VariantField(i, "image")
				return mall.FieldErrors{f: mall.Invalid(f, "catalog.error.variant_image_unknown")}.Err()
			}
			if vi.ID != 0 {
				if _, ok := old[vi.ID]; !ok {
					f := VariantField(i, "id")
					return mall.FieldErrors{f: mall.Invalid(f, "catalog.error.variant_not_found")}.Err()
				}
				keep[vi.ID] = true
			}
		}
		var gone []int64
		for id := range old {
			if !keep[id] {
				gone = append(gone, id)
			}
		}
		if len(gone) > 0 {
			if err := tx.Scopes(database.InMerchant(merchantID)).Where("id IN ?", gone).Delete(&Variant{}).Error; err != nil {
				return fmt.Errorf("catalog: remove variants: %w", err)
			}
		}
		var variants []Variant
		for i, vi := range in.Variants {
			v := newVariant(merchantID, i, vi, now)
			v.ProductID = p.ID
			if vi.ID != 0 {
				v.ID = vi.ID
				v.CreatedAt = old[vi.ID].CreatedAt
				err := tx.Model(&Variant{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", v.ID).
					Updates(map[string]any{
						"sku": v.SKU, "option1": v.Option1, "option2": v.Option2, "option3": v.Option3,
						"price": v.Price, "compare_at_price": v.CompareAtPrice, "currency": v.Currency,
						"stock": v.Stock, "weight_grams": v.WeightGrams, "position": v.Position, "image_id": v.ImageID, "updated_at": now,
					}).Error
				if err != nil {
					return uniqueError(err, "catalog: update variant")
				}
			} else if err := tx.Create(&v).Error; err != nil {
				return uniqueError(err, "catalog: add variant")
			}
			variants = append(variants, v)
		}
		p.Variants = variants
		applyInput(&p, &in, now)
		summarise(&p)
		err = tx.Model(&Product{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", p.ID).
			Updates(map[string]any{
				"title": p.Title, "slug": p.Slug, "description": p.Description, "status": p.Status,
				"description_html": p.RenderedDescription, "description_html_version": p.RenderedVersion,
				"tags": p.Tags, "option1_name": p.Option1Name, "option2_name": p.Option2Name, "option3_name": p.Option3Name,
				"featured": p.Featured, "min_price": p.MinPrice, "currency": p.Currency, "in_stock": p.InStock,
				"primary_image_key": p.PrimaryImageKey, "updated_at": now, "published_at": p.PublishedAt,
			}).Error
		if err != nil {
			return uniqueError(err, "catalog: update product")
		}
		if err := setCategories(tx, merchantID, p.ID, in.CategoryIDs); err != nil {
			return err
		}
		return s.index(tx, []*Product{&p})
	})
	if err != nil {
		return nil, err
	}
	return s.ProductInMerchant(ctx, merchantID, productID)
}

// applyInput copies the merchant's words onto p and stamps the first
// publication.
func applyInput(p *Product, in *ProductInput, now time.Time) {
	p.Title, p.Slug, p.Description = in.Title, in.Slug, in.Description
	renderDescription(p)
	p.Status, p.Tags, p.Featured = in.Status, Tags(in.Tags), in.Featured
	p.Option1Name, p.Option2Name, p.Option3Name = in.OptionNames[0], in.OptionNames[1], in.OptionNames[2]
	p.UpdatedAt = now
	if p.Status == StatusActive && p.PublishedAt == nil {
		t := now
		p.PublishedAt = &t
	}
}

func newVariant(merchantID int64, pos int, vi VariantInput, now time.Time) Variant {
	return Variant{
		MerchantID: merchantID, SKU: vi.SKU,
		Option1: vi.Options[0], Option2: vi.Options[1], Option3: vi.Options[2],
		Price: vi.Price, CompareAtPrice: vi.CompareAtPrice, Currency: vi.Currency,
		Stock: vi.Stock, WeightGrams: vi.WeightGrams, Position: pos,
		ImageID:   imageRef(vi.ImageID),
		CreatedAt: now, UpdatedAt: now,
	}
}

// imageRef is the stored form of an image id: nil for none.
func imageRef(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// summarise sets the fields kept from the variants and images.
func summarise(p *Product) {
	p.MinPrice, p.Currency, p.InStock = 0, "", false
	for i, v := range p.Variants {
		if i == 0 || v.Price < p.MinPrice {
			p.MinPrice = v.Price
		}
		if p.Currency == "" {
			p.Currency = v.Currency
		}
		if v.Stock > 0 {
			p.InStock = true
		}
	}
	p.PrimaryImageKey = ""
	if len(p.Images) > 0 {
		p.PrimaryImageKey = p.Images[0].Key
	}
}

// checkUnique reports a taken slug or SKU as field errors, all at once.
// The unique indexes still decide under a race (see uniqueError).
func checkUnique(tx *gorm.DB, merchantID, productID int64, in *ProductInput) error {
	fe := mall.FieldErrors{}
	var n int64
	if err := tx.Model(&Product{}).Scopes(database.InMerchant(merchantID)).
		Where("slug = ? AND id <> ?", in.Slug, productID).Count(&n).Error; err != nil {
		return fmt.Errorf("catalog: check slug: %w", err)
	}
	if n > 0 {
		fe.Add("slug", "catalog.error.slug_taken")
	}
	skus := make([]string, 0, len(in.Variants))
	for _, v := range in.Variants {
		skus = append(skus, v.SKU)
	}
	var taken []string
	if err := tx.Model(&Variant{}).Scopes(database.InMerchant(merchantID)).
		Where("sku IN ? AND product_id <> ?", skus, productID).Pluck("sku", &taken).Error; err != nil {
		return fmt.Errorf("catalog: check skus: %w", err)
	}
	isTaken := map[string]bool{}
	for _, t := range taken {
		isTaken[t] = true
	}
	for i, v := range in.Variants {
		if isTaken[v.SKU] {
			fe.Add(VariantField(i, "sku"), "catalog.error.sku_taken")
		}
	}
	return fe.Err()
}

// uniqueError turns a unique violation that slipped past checkUnique (a
// concurrent write) into a field error.
func uniqueError(err error, what string) error {
	if database.IsUniqueViolation(err) {
		field, key := "variants", "catalog.error.sku_taken"
		if strings.Contains(err.Error(), "slug") {
			field, key = "slug", "catalog.error.slug_taken"
		}
		return mall.FieldErrors{field: mall.Invalid(field, key)}.Err()
	}
	return fmt.Errorf("%s: %w", what, err)
}

// ProductInMerchant returns one of the merchant's products, whatever its
// status, with variants, images and categories.
func (s *Store) ProductInMerchant(ctx context.Context, merchantID, productID int64) (*Product, error) {
	return s.product(ctx, merchantID, "products.id = ?", productID)
}

// ProductBySlug returns the merchant's active product at slug, with
// variants, images and categories, for the shop's product page. Drafts
// and archived products are not found.
func (s *Store) ProductBySlug(ctx context.Context, merchantID int64, slug string) (*Product, error) {
	return s.product(ctx, merchantID, "products.slug = ? AND products.status = ?", slug, StatusActive)
}

// ProductFilter narrows the merchant's own product list.
type ProductFilter struct {
	// Query matches the title or a variant's SKU, anywhere, ignoring case.
	Query string
	// Status is any status when empty.
	Status     Status
	CategoryID int64
	Page       int
	PerPage    int
}

// Page numbers start at 1; PerPage is 24 unless given, at most 100.
func pageBounds(page, perPage int) (limit, offset int) {
	return database.Page(page, perPage, 24, 100)
}

// ListProducts returns one page of the merchant's products, most recently
// changed first, and how many match in all. Descriptions are not loaded.
func (s *Store) ListProducts(ctx context.Context, merchantID int64, f ProductFilter) ([]Product, int64, error) {
	q := s.products(ctx, merchantID)
	if f.Status != "" {
		q = q.Where("products.status = ?", f.Status)
	}
	if f.CategoryID != 0 {
		q = q.Where("products.id IN (?)", s.conn(ctx).Model(&productCategory{}).Select("product_id").
			Scopes(database.InMerchant(merchantID)).Where("category_id = ?", f.CategoryID))
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		like := database.ContainsPattern(strings.ToLower(t))
		q = q.Where("(LOWER(products.title) LIKE ? ESCAPE '\\' OR products.id IN (?))", like,
			s.conn(ctx).Model(&Variant{}).Select("product_id").Scopes(database.InMerchant(merchantID)).
				Where("LOWER(sku) LIKE ? ESCAPE '\\'", like))
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("catalog: count products: %w", err)
	}
	limit, offset := pageBounds(f.Page, f.PerPage)
	var ps []Product
	if err := q.Select(listColumns).Order("products.updated_at DESC, products.id DESC").
		Limit(limit).Offset(offset).Find(&ps).Error; err != nil {
		return nil, 0, fmt.Errorf("catalog: list products: %w", err)
	}
	return ps, total, nil
}

// ArchiveProduct takes a product off sale and out of search; its orders and
// reviews keep pointing at it.
func (s *Store) ArchiveProduct(ctx context.Context, merchantID, productID int64) error {
	return s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		res := tx.Model(&Product{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", productID).
			Updates(map[string]any{"status": StatusArchived, "updated_at": s.Now()})
		if res.Error != nil {
			return fmt.Errorf("catalog: archive product %d: %w", productID, res.Error)
		}
		if res.RowsAffected == 0 {
			return mall.NotFound("product")
		}
		return s.unindex(tx, []int64{productID})
	})
}

// SetStock sets how many of a variant are on hand.
func (s *Store) SetStock(ctx context.Context, merchantID, variantID int64, stock int) error {
	if e := stockError("stock", stock); e != nil {
		return mall.FieldErrors{"stock": e}.Err()
	}
	return s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		var v Variant
		if err := tx.Scopes(database.InMerchant(merchantID)).First(&v, "id = ?", variantID).Error; err != nil {
			return database.NotFound(err, "variant")
		}
		if err := tx.Model(&Variant{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", variantID).
			Updates(map[string]any{"stock": stock, "updated_at": s.Now()}).Error; err != nil {
			return fmt.Errorf("catalog: set stock of variant %d: %w", variantID, err)
		}
		return RefreshStockSummary(tx, merchantID, v.ProductID)
	})
}

// RefreshStockSummary recomputes whether a product is in stock from its
// variants. Code that changes stock inside its own transaction (checkout)
// calls it with that transaction, then Store.NotifyChanged after the
// commit.
func RefreshStockSummary(tx *gorm.DB, merchantID, productID int64) error {
	var n int64
	if err := tx.Model(&Variant{}).Scopes(database.InMerchant(merchantID)).
		Where("product_id = ? AND stock > 0", productID).Count(&n).Error; err != nil {
		return fmt.Errorf("catalog: stock of product %d: %w", productID, err)
	}
	if err := tx.Model(&Product{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", productID).
		Update("in_stock", n > 0).Error; err != nil {
		return fmt.Errorf("catalog: stock of product %d: %w", productID, err)
	}
	return nil
}

// NotifyChanged tells the OnChange listeners that merchantID's catalog
// changed through a transaction the Store did not run (checkout).
func (s *Store) NotifyChanged(merchantID int64) { s.changed(merchantID) }
