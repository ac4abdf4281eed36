package catalog

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/mall-project/mall/mall"
)

// product reads one product with its variants, images and categories in
// two indexed statements, scanned by hand: a page the storefront's cache
// does not hold is built from it, and on SQLite most of a statement's cost
// is compiling it, so the variants, images and categories come in one
// statement of three parts (partsSQL) rather than three.
func (s *Store) product(ctx context.Context, merchantID int64, where string, args ...any) (*Product, error) {
	db := s.conn(ctx)
	rows, err := db.Raw("SELECT "+productColumns+" FROM products WHERE products.merchant_id = ? AND "+where+" LIMIT 1",
		append([]any{merchantID}, args...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("catalog: read product: %w", err)
	}
	p, err := scanProduct(rows)
	if err != nil {
		return nil, fmt.Errorf("catalog: read product: %w", err)
	}
	if p == nil {
		return nil, mall.NotFound("product")
	}
	rows, err = db.Raw(partsSQL, merchantID, p.ID, merchantID, p.ID, merchantID, p.ID).Rows()
	if err != nil {
		return nil, fmt.Errorf("catalog: variants, images and categories of product %d: %w", p.ID, err)
	}
	if err := scanParts(rows, p); err != nil {
		return nil, fmt.Errorf("catalog: variants, images and categories of product %d: %w", p.ID, err)
	}
	return p, nil
}

// scanProduct reads the first row of productColumns, or nil when there is
// none, and closes rows.
func scanProduct(rows *sql.Rows) (*Product, error) {
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	var p Product
	var status string
	var published sql.NullTime
	if err := rows.Scan(&p.ID, &p.MerchantID, &p.Title, &p.Slug, &p.Description, &status, &p.Tags,
		&p.Option1Name, &p.Option2Name, &p.Option3Name, &p.Featured, &p.MinPrice, &p.Currency,
		&p.InStock, &p.PrimaryImageKey, &p.RatingSum, &p.RatingCount, &p.CreatedAt, &p.UpdatedAt, &published,
		&p.RenderedDescription, &p.RenderedVersion); err != nil {
		return nil, err
	}
	p.Status = Status(status)
	if published.Valid {
		t := published.Time
		p.PublishedAt = &t
	}
	return &p, rows.Close()
}

// partsSQL reads a product's variants (kind 'v'), images ('i') and
// categories ('c') in one statement, each part in its own order: variants
// and images by position and id, categories by position and name. The
// columns are shared:
//
//	        s1        s2       s3       s4       s5        n1        n2                n3      n4            n5        n6
//	v       sku       option1  option2  option3  currency  price     compare_at_price  stock   weight_grams  position  image_id
//	i       media_key alt                                  position  width             height
//	c       name      slug                                 position
//
// and created_at, updated_at (an image has only the first).
const partsSQL = `SELECT 'v' AS kind, v.id, v.merchant_id, v.sku AS s1, v.option1 AS s2, v.option2 AS s3, v.option3 AS s4, v.currency AS s5,
	v.price AS n1, v.compare_at_price AS n2, v.stock AS n3, v.weight_grams AS n4, v.position AS n5,
	v.image_id AS n6, v.created_at, v.updated_at, v.position AS sort_pos, '' AS sort_name
	FROM variants v WHERE v.merchant_id = ? AND v.product_id = ?
UNION ALL
SELECT 'i', i.id, i.merchant_id, i.media_key, i.alt, '', '', '', i.position, i.width, i.height, 0, 0,
	NULL, i.created_at, i.created_at, i.position, ''
	FROM product_images i WHERE i.merchant_id = ? AND i.product_id = ?
UNION ALL
SELECT 'c', c.id, c.merchant_id, c.name, c.slug, '', '', '', c.position, 0, 0, 0, 0,
	NULL, c.created_at, c.updated_at, c.position, c.name
	FROM categories c JOIN product_categories pc ON pc.category_id = c.id
	WHERE c.merchant_id = ? AND pc.product_id = ?
ORDER BY kind DESC, sort_pos, sort_name, id`

// scanParts puts the rows of partsSQL on p and closes rows.
func scanParts(rows *sql.Rows, p *Product) error {
	defer rows.Close()
	var (
		kind, s1, s2, s3, s4, s5, sortName string
		id, merchantID, n1, n2, n3, n4, n5 int64
		sortPos                            int64
		imageID                            sql.NullInt64
		created, updated                   sql.NullTime
	)
	for rows.Next() {
		if err := rows.Scan(&kind, &id, &merchantID, &s1, &s2, &s3, &s4, &s5, &n1, &n2, &n3, &n4, &n5,
			&imageID, &created, &updated, &sortPos, &sortName); err != nil {
			return err
		}
		switch kind {
		case "v":
			v := Variant{ID: id, MerchantID: merchantID, ProductID: p.ID,
				SKU: s1, Option1: s2, Option2: s3, Option3: s4, Currency: s5,
				Price: n1, CompareAtPrice: n2, Stock: int(n3), WeightGrams: int(n4), Position: int(n5),
				CreatedAt: created.Time, UpdatedAt: updated.Time}
			if imageID.Valid {
				img := imageID.Int64
				v.ImageID = &img
			}
			p.Variants = append(p.Variants, v)
		case "i":
			p.Images = append(p.Images, Image{ID: id, MerchantID: merchantID, ProductID: p.ID,
				Key: s1, Alt: s2, Position: int(n1), Width: int(n2), Height: int(n3), CreatedAt: created.Time})
		case "c":
			p.Categories = append(p.Categories, Category{ID: id, MerchantID: merchantID,
				Name: s1, Slug: s2, Position: int(n1), CreatedAt: created.Time, UpdatedAt: updated.Time})
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}
