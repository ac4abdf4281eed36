package catalog

import (
	"strings"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// Migrations returns the catalog package's migrations; database/schema
// puts them on the mall's timeline.
//
// The tables are written in SQL rather than derived from the live models so
// that a migration never changes once released. merchant_id is indexed but
// carries no foreign key to merchants: the catalog does not depend on the
// order in which the merchants package creates its tables.
func Migrations() []database.Migration {
	return []database.Migration{
		{ID: "0301_catalog_tables", Migrate: migrateCatalogTables},
		{ID: "0302_catalog_search", Migrate: migrateCatalogSearch},
		{ID: "0303_catalog_shop_newest", Migrate: migrateShopNewest},
		{ID: "0304_catalog_search_shop", Migrate: migrateSearchShop},
		{ID: "0305_catalog_search_terms", Migrate: migrateSearchTerms},
		{ID: "0306_catalog_search_filter", Migrate: migrateSearchFilter},
		{ID: "0307_catalog_search_words", Migrate: migrateSearchWords},
		{ID: "20261201T2108_catalog_search_cjk_chars", Migrate: migrateSearchCJKChars},
		{ID: "20261201T2319_catalog_variant_image", Migrate: migrateVariantImage},
		{ID: "20261201T2340_catalog_product_ratings", Migrate: migrateProductRatings},
		{ID: "20261201T2352_catalog_description_html", Migrate: migrateDescriptionHTML},
	}
}

func migrateCatalogTables(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE products (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			title VARCHAR(200) NOT NULL,
			slug VARCHAR(64) NOT NULL,
			description TEXT NOT NULL DEFAULT '',
			status VARCHAR(16) NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'archived')),
			tags TEXT NOT NULL DEFAULT '',
			option1_name VARCHAR(64) NOT NULL DEFAULT '',
			option2_name VARCHAR(64) NOT NULL DEFAULT '',
			option3_name VARCHAR(64) NOT NULL DEFAULT '',
			featured BOOLEAN NOT NULL DEFAULT FALSE,
			min_price BIGINT NOT NULL DEFAULT 0,
			currency VARCHAR(3) NOT NULL DEFAULT '',
			in_stock BOOLEAN NOT NULL DEFAULT FALSE,
			primary_image_key VARCHAR(128) NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL,
			published_at {{ts}}
		)`,
		`CREATE UNIQUE INDEX products_merchant_slug ON products (merchant_id, slug)`,
		`CREATE INDEX products_merchant_status ON products (merchant_id, status, created_at)`,
		`CREATE INDEX products_status_published ON products (status, published_at)`,
		`CREATE INDEX products_status_featured ON products (status, featured, published_at)`,
		`CREATE INDEX products_status_price ON products (status, min_price)`,
		`CREATE TABLE variants (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
			sku VARCHAR(64) NOT NULL,
			option1 VARCHAR(64) NOT NULL DEFAULT '',
			option2 VARCHAR(64) NOT NULL DEFAULT '',
			option3 VARCHAR(64) NOT NULL DEFAULT '',
			price BIGINT NOT NULL CHECK (price >= 0),
			compare_at_price BIGINT NOT NULL DEFAULT 0 CHECK (compare_at_price >= 0),
			currency VARCHAR(3) NOT NULL,
			stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
			weight_grams INTEGER NOT NULL DEFAULT 0 CHECK (weight_grams >= 0),
			position INTEGER NOT NULL DEFAULT 0,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX variants_merchant_sku ON variants (merchant_id, sku)`,
		`CREATE INDEX variants_product ON variants (product_id, position)`,
		`CREATE TABLE product_images (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
			media_key VARCHAR(128) NOT NULL,
			alt VARCHAR(300) NOT NULL DEFAULT '',
			position INTEGER NOT NULL DEFAULT 0,
			width INTEGER NOT NULL DEFAULT 0,
			height INTEGER NOT NULL DEFAULT 0,
			created_at {{ts}} NOT NULL
		)`,
		`CREATE INDEX product_images_merchant ON product_images (merchant_id)`,
		`CREATE INDEX product_images_product ON product_images (product_id, position)`,
		`CREATE TABLE categories (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			name VARCHAR(120) NOT NULL,
			slug VARCHAR(64) NOT NULL,
			position INTEGER NOT NULL DEFAULT 0,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX categories_merchant_slug ON categories (merchant_id, slug)`,
		`CREATE TABLE product_categories (
			merchant_id BIGINT NOT NULL,
			product_id BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
			category_id BIGINT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
			PRIMARY KEY (product_id, category_id)
		)`,
		`CREATE INDEX product_categories_category ON product_categories (category_id, product_id)`,
		`CREATE INDEX product_categories_merchant ON product_categories (merchant_id)`,
	)
}

// migrateCatalogSearch creates the full-text index. On SQLite it is an FTS5
// table whose rowid is the product id, holding only active products; on
// PostgreSQL two tsvector columns on products with GIN indexes. Both keep
// words and CJK bigrams apart (see analysis.go), and both keep a vocabulary
// for "did you mean".
func migrateCatalogSearch(tx *gorm.DB) error {
	if database.DialectOf(tx) == database.SQLite {
		return database.DDL(tx,
			`CREATE VIRTUAL TABLE product_search USING fts5(
				title, tags, description, cjk_title, cjk_text,
				tokenize = 'unicode61 remove_diacritics 2',
				prefix = '2 3'
			)`,
			`CREATE VIRTUAL TABLE product_search_vocab USING fts5vocab(product_search, 'row')`,
		)
	}
	if err := database.DDL(tx,
		`ALTER TABLE products ADD COLUMN search_doc tsvector`,
		`ALTER TABLE products ADD COLUMN search_cjk tsvector`,
		`CREATE INDEX products_search_doc ON products USING gin (search_doc)`,
		`CREATE INDEX products_search_cjk ON products USING gin (search_cjk)`,
		`CREATE TABLE search_terms (term VARCHAR(64) PRIMARY KEY)`,
	); err != nil {
		return err
	}
	// pg_trgm makes typo lookups an index scan; without the right to create
	// it the vocabulary is scanned instead (see typo.go). The savepoint
	// keeps a refused CREATE EXTENSION from aborting the migration.
	tx.SavePoint("trgm")
	if err := tx.Exec(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`).Error; err != nil {
		tx.RollbackTo("trgm")
		return nil
	}
	if err := tx.Exec(`CREATE INDEX search_terms_trgm ON search_terms USING gin (term public.gin_trgm_ops)`).Error; err != nil {
		tx.RollbackTo("trgm")
	}
	return nil
}

// migrateShopNewest indexes a shop's products in the order its pages list
// them (newest published first). Without it, "the newest of one shop"
// walked products_status_published across the whole mall until it had
// found a page of that shop's: 50 ms with 100,000 products.
func migrateShopNewest(tx *gorm.DB) error {
	return database.DDL(tx, `CREATE INDEX products_merchant_published ON products (merchant_id, status, published_at)`)
}

// migrateSearchShop rebuilds SQLite's FTS table with a sixth column, shop,
// holding one token per product: "_" and its merchant's id. A search in
// one shop then asks the index for `shop : "_42" AND ...`, which FTS5
// answers by intersecting two lists of ids, instead of walking every
// product the words find across the mall and looking up its shop (45 ms
// for a common word with 100,000 products). The tokenizer keeps "_" in
// tokens; query words are letters and digits only (analysis.go), so no
// query reaches the shop column by accident, nor suggests "_42" as a
// spelling. FTS5 tables cannot gain a column, so the index is copied into
// a new table that takes the old one's name. PostgreSQL filters on
// products.merchant_id beside its GIN index and needs nothing.
func migrateSearchShop(tx *gorm.DB) error {
	if database.DialectOf(tx) != database.SQLite {
		return nil
	}
	return database.DDL(tx,
		`CREATE VIRTUAL TABLE product_search_new USING fts5(
			title, tags, description, cjk_title, cjk_text, shop,
			tokenize = "unicode61 remove_diacritics 2 tokenchars '_'",
			prefix = '2 3'
		)`,
		`INSERT INTO product_search_new (rowid, title, tags, description, cjk_title, cjk_text, shop)
			SELECT s.rowid, s.title, s.tags, s.description, s.cjk_title, s.cjk_text, '_' || p.merchant_id
			FROM product_search s JOIN products p ON p.id = s.rowid`,
		`DROP TABLE product_search_vocab`,
		`DROP TABLE product_search`,
		`ALTER TABLE product_search_new RENAME TO product_search`,
		`CREATE VIRTUAL TABLE product_search_vocab USING fts5vocab(product_search, 'row')`,
	)
}

// migrateSearchTerms keeps, on SQLite, every word the FTS table has
// indexed (titles, tags, descriptions) in a plain table, so that a search
// can turn a word into the few terms it completes to (see expandPrefixes)
// and typo correction can tell a known prefix, with a B-tree lookup
// instead of the FTS vocabulary, which counts each term's documents as it
// lists them. The list only grows, like PostgreSQL's search_terms: a word
// no product holds any more costs an empty branch of an OR.
func migrateSearchTerms(tx *gorm.DB) error {
	if database.DialectOf(tx) != database.SQLite {
		return nil
	}
	return database.DDL(tx,
		`CREATE TABLE product_search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID`,
		`INSERT INTO product_search_terms (term)
			SELECT DISTINCT term FROM product_search_vocab WHERE term NOT LIKE '\_%' ESCAPE '\'`,
	)
}

// migrateSearchFilter indexes, on SQLite, every column a search filter
// reads, after the id: see filterProducts.
func migrateSearchFilter(tx *gorm.DB) error {
	if database.DialectOf(tx) != database.SQLite {
		return nil
	}
	return database.DDL(tx, `CREATE INDEX products_search_filter ON products (id, status, merchant_id, min_price, in_stock, featured)`)
}

// migrateSearchWords keeps, on PostgreSQL, every lexeme of the products'
// search_doc in a plain table, as product_search_terms does on SQLite, so
// that a search can turn a word into the few lexemes it completes to (see
// expandPrefixes). search_terms, which typo correction reads, holds only
// title and tag words of three letters or more, and leaving a description
// word out would lose its matches. The list only grows.
func migrateSearchWords(tx *gorm.DB) error {
	if database.DialectOf(tx) != database.Postgres {
		return nil
	}
	return database.DDL(tx,
		`CREATE TABLE product_search_words (term TEXT COLLATE "C" PRIMARY KEY)`,
		`INSERT INTO product_search_words (term)
			SELECT DISTINCT w FROM products, unnest(tsvector_to_array(search_doc)) AS w WHERE search_doc IS NOT NULL`,
	)
}

// migrateSearchCJKChars writes the CJK index again for every product with
// CJK text, now that it holds each character on its own after the
// bigrams (see bigramText): a one-character query found only the titles
// with a bigram starting with it, so 茶 missed 武夷山大红袍岩茶. It reads
// the products in batches by id; the text analysis is this package's own.
func migrateSearchCJKChars(tx *gorm.DB) error {
	type product struct {
		ID          int64
		Title       string
		Tags        string
		Description string
	}
	sqlite := database.DialectOf(tx) == database.SQLite
	var last int64
	for {
		var batch []product
		if err := tx.Raw(`SELECT id, title, tags, description FROM products WHERE id > ? ORDER BY id LIMIT 500`, last).
			Scan(&batch).Error; err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		last = batch[len(batch)-1].ID
		for _, p := range batch {
			tags := strings.ReplaceAll(p.Tags, ",", " ")
			title, text := bigramText(p.Title), bigramText(tags+" "+p.Description)
			if title == "" && text == "" {
				continue
			}
			var err error
			if sqlite {
				err = tx.Exec(`UPDATE product_search SET cjk_title = ?, cjk_text = ? WHERE rowid = ?`, title, text, p.ID).Error
			} else {
				err = tx.Exec(`UPDATE products SET search_cjk = setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'C') WHERE id = ?`,
					title, text, p.ID).Error
			}
			if err != nil {
				return err
			}
		}
	}
}

// migrateProductRatings gives products the verified rating the reviews
// package keeps (see SetProductRating), so that cards and the rating sort
// read it from the product's row. The backfill reads the reviews'
// aggregates once, by name: the one read of another package's table in a
// catalog migration (docs/DEVELOPING.md). From then on reviews sets the
// columns in the transaction of every change to its aggregates.
func migrateProductRatings(tx *gorm.DB) error {
	if err := database.DDL(tx,
		`ALTER TABLE products ADD COLUMN rating_sum BIGINT NOT NULL DEFAULT 0`,
		`ALTER TABLE products ADD COLUMN rating_count BIGINT NOT NULL DEFAULT 0`,
	); err != nil {
		return err
	}
	return backfillProductRatings(tx)
}

// backfillProductRatings copies each product's verified rating from the
// reviews' aggregates.
func backfillProductRatings(tx *gorm.DB) error {
	return database.DDL(tx,
		`UPDATE products SET
			rating_sum = (SELECT a.rating_sum FROM review_aggregates a WHERE a.merchant_id = products.merchant_id AND a.product_id = products.id),
			rating_count = (SELECT a.rated_count FROM review_aggregates a WHERE a.merchant_id = products.merchant_id AND a.product_id = products.id)
		WHERE EXISTS (SELECT 1 FROM review_aggregates a WHERE a.merchant_id = products.merchant_id AND a.product_id = products.id)`,
	)
}

// migrateVariantImage lets a variant name one of its product's images (the
// moss colour shows the moss photo). NULL: the product's first image.
// Removing the image clears it.
func migrateVariantImage(tx *gorm.DB) error {
	return database.DDL(tx,
		`ALTER TABLE variants ADD COLUMN image_id BIGINT REFERENCES product_images (id) ON DELETE SET NULL`,
	)
}

// migrateDescriptionHTML keeps each product's description rendered when it
// is saved, with the version of the rendering that made it: a product page
// the cache does not hold then renders no Markdown. Rows saved before (or
// by an older rendering) have version 0 and are rendered on reading.
func migrateDescriptionHTML(tx *gorm.DB) error {
	return database.DDL(tx,
		`ALTER TABLE products ADD COLUMN description_html TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE products ADD COLUMN description_html_version INTEGER NOT NULL DEFAULT 0`,
	)
}
