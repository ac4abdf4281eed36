package catalog

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// The search index is written in the same transaction as the product, so
// it can never disagree with the products table after a commit.

type searchDoc struct {
	id                             int64
	active                         bool
	title, tags, desc, cjkT, cjkTx string
	// shop is the merchant's token for SQLite's shop column (see
	// shopToken).
	shop string
}

func docFor(p *Product) searchDoc {
	tags := strings.Join(p.Tags, " ")
	return searchDoc{
		id:     p.ID,
		active: p.Status == StatusActive,
		title:  wordText(p.Title),
		tags:   wordText(tags),
		desc:   wordText(p.Description),
		cjkT:   bigramText(p.Title),
		cjkTx:  bigramText(tags + " " + p.Description),
		shop:   shopToken(p.MerchantID),
	}
}

const indexBatch = 200

// index writes the search entries of ps.
func (s *Store) index(tx *gorm.DB, ps []*Product) error {
	docs := make([]searchDoc, len(ps))
	for i, p := range ps {
		docs[i] = docFor(p)
	}
	for start := 0; start < len(docs); start += indexBatch {
		end := min(start+indexBatch, len(docs))
		var err error
		if s.dialect == database.SQLite {
			err = indexSQLite(tx, docs[start:end])
		} else {
			err = indexPostgres(tx, docs[start:end])
		}
		if err != nil {
			return fmt.Errorf("catalog: search index: %w", err)
		}
	}
	return nil
}

func indexSQLite(tx *gorm.DB, docs []searchDoc) error {
	ids := make([]int64, len(docs))
	for i, d := range docs {
		ids[i] = d.id
	}
	if err := tx.Exec("DELETE FROM product_search WHERE rowid IN ?", ids).Error; err != nil {
		return err
	}
	var sb strings.Builder
	var args []any
	for _, d := range docs {
		if !d.active {
			continue
		}
		if len(args) > 0 {
			sb.WriteString(",")
		}
		sb.WriteString("(?,?,?,?,?,?,?)")
		args = append(args, d.id, d.title, d.tags, d.desc, d.cjkT, d.cjkTx, d.shop)
	}
	if len(args) == 0 {
		return nil
	}
	if err := tx.Exec("INSERT INTO product_search (rowid, title, tags, description, cjk_title, cjk_text, shop) VALUES "+sb.String(), args...).Error; err != nil {
		return err
	}
	// Every word, for expandPrefixes; the list only grows.
	terms := map[string]bool{}
	for _, d := range docs {
		if d.active {
			for _, w := range strings.Fields(d.title + " " + d.tags + " " + d.desc) {
				terms[w] = true
			}
		}
	}
	if len(terms) == 0 {
		return nil
	}
	rows := make([]map[string]any, 0, len(terms))
	for t := range terms {
		rows = append(rows, map[string]any{"term": t})
	}
	return tx.Table("product_search_terms").Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, 500).Error
}

func indexPostgres(tx *gorm.DB, docs []searchDoc) error {
	var sb strings.Builder
	var args []any
	terms := map[string]bool{}
	for i, d := range docs {
		if i > 0 {
			sb.WriteString(",")
		}
		sb.WriteString("(?::bigint,?::text,?::text,?::text,?::text,?::text)")
		args = append(args, d.id, d.title, d.tags, d.desc, d.cjkT, d.cjkTx)
		for _, w := range strings.Fields(d.title + " " + d.tags) {
			if n := utf8.RuneCountInString(w); n >= 3 && n <= 64 {
				terms[w] = true
			}
		}
	}
	err := tx.Exec(`UPDATE products AS p SET
			search_doc = setweight(to_tsvector('simple', v.t), 'A') || setweight(to_tsvector('simple', v.g), 'B') || setweight(to_tsvector('simple', v.d), 'D'),
			search_cjk = setweight(to_tsvector('simple', v.ct), 'A') || setweight(to_tsvector('simple', v.cx), 'C')
		FROM (VALUES `+sb.String()+`) AS v (id, t, g, d, ct, cx)
		WHERE p.id = v.id`, args...).Error
	if err != nil {
		return err
	}
	// Every lexeme indexed, for expandPrefixes: taken from the tsvectors
	// themselves, so that it is exactly what the GIN index holds.
	ids := make([]int64, len(docs))
	for i, d := range docs {
		ids[i] = d.id
	}
	err = tx.Exec(`INSERT INTO product_search_words (term)
		SELECT DISTINCT w FROM products, unnest(tsvector_to_array(search_doc)) AS w WHERE id IN ?
		ON CONFLICT DO NOTHING`, ids).Error
	if err != nil || len(terms) == 0 {
		return err
	}
	// The vocabulary only grows: a stale word at worst suggests a
	// correction that finds nothing, and the page then says so.
	rows := make([]map[string]any, 0, len(terms))
	for t := range terms {
		rows = append(rows, map[string]any{"term": t})
	}
	return tx.Table("search_terms").Clauses(clause.OnConflict{DoNothing: true}).Create(rows).Error
}

// unindex takes products out of search (archived, drafts).
func (s *Store) unindex(tx *gorm.DB, ids []int64) error {
	if s.dialect != database.SQLite || len(ids) == 0 {
		// PostgreSQL filters on status at query time.
		return nil
	}
	if err := tx.Exec("DELETE FROM product_search WHERE rowid IN ?", ids).Error; err != nil {
		return fmt.Errorf("catalog: search index: %w", err)
	}
	return nil
}

// ImportProductsBulk adds many products at once, in one transaction, in
// batches, with their search entries: the fast path for seeding and for
// importing an export. Every input is validated first; the first invalid
// one stops the import before anything is written, and its error names it
// ("products.12.title"). Categories are not linked.
func (s *Store) ImportProductsBulk(ctx context.Context, merchantID int64, ins []ProductInput) error {
	for i := range ins {
		if fe := ins[i].normalise(); len(fe) > 0 {
			prefixed := mall.FieldErrors{}
			for f, e := range fe {
				name := fmt.Sprintf("products.%d.%s", i, f)
				named := *e
				named.Field = name
				prefixed[name] = &named
			}
			return prefixed.Err()
		}
	}
	const batch = 500
	err := s.inTx(ctx, merchantID, func(tx *gorm.DB) error {
		now := s.Now()
		for start := 0; start < len(ins); start += batch {
			end := min(start+batch, len(ins))
			ps := make([]*Product, 0, end-start)
			for i := start; i < end; i++ {
				p := &Product{MerchantID: merchantID, CreatedAt: now}
				applyInput(p, &ins[i], now)
				for j, vi := range ins[i].Variants {
					p.Variants = append(p.Variants, newVariant(merchantID, j, vi, now))
				}
				summarise(p)
				ps = append(ps, p)
			}
			if err := tx.Omit(clause.Associations).CreateInBatches(ps, 100).Error; err != nil {
				return uniqueError(err, "catalog: import products")
			}
			var vs []Variant
			for _, p := range ps {
				for _, v := range p.Variants {
					v.ProductID = p.ID
					vs = append(vs, v)
				}
			}
			if err := tx.CreateInBatches(vs, 200).Error; err != nil {
				return uniqueError(err, "catalog: import variants")
			}
			if err := s.index(tx, ps); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil && s.dialect == database.Postgres {
		// Fresh statistics let the planner pick the GIN indexes after a
		// large import instead of scanning products.
		err = s.conn(ctx).Exec("ANALYZE products").Error
	}
	if err == nil && s.dialect == database.Postgres {
		// The import's entries wait in the GIN indexes' pending lists,
		// which every search reads through (5.8 ms of a 9 ms Chinese
		// search after importing 100,000 products) until autovacuum
		// merges them; merge them now.
		err = s.conn(ctx).Exec(`SELECT gin_clean_pending_list('products_search_doc'::regclass), gin_clean_pending_list('products_search_cjk'::regclass)`).Error
	}
	return err
}
