package catalog

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mall-project/mall/database"
)

// Sort orders search results.
type Sort string

// The orders a shopper can pick.
const (
	SortRelevance Sort = "relevance"
	SortNewest    Sort = "newest"
	SortPriceAsc  Sort = "price_asc"
	SortPriceDesc Sort = "price_desc"
)

// SearchQuery is what a shopper searches for. Only active products of
// active merchants are ever found.
type SearchQuery struct {
	Text string
	// MerchantID limits the search to one shop; 0 searches the whole mall.
	MerchantID int64
	CategoryID int64
	// MinPrice and MaxPrice bound the cheapest variant's price, in minor
	// units; 0 means no bound.
	MinPrice int64
	MaxPrice int64
	InStock  bool
	// Sort is relevance when empty (newest first when there is no text).
	Sort    Sort
	Page    int
	PerPage int
}

// ProductHit is one found product with what a result card shows.
type ProductHit struct {
	Product      Product
	MerchantSlug string
	MerchantName string
	// MinPrice is the cheapest variant's price in Currency.
	MinPrice int64
	Currency string
	InStock  bool
	// ImageKey is the media key of the product's first image ("" for none).
	ImageKey string
}

// SearchResult is one page of hits.
type SearchResult struct {
	Hits  []ProductHit
	Total int64
	// Suggestion is the corrected query when the shopper's words found
	// nothing and a near spelling did: the hits are for Suggestion.
	Suggestion string
	Page       int
	PerPage    int
}

// maxQueryTerms bounds the work a single query can ask for.
const maxQueryTerms = 8

// parsedQuery is the text of a query cut as the index was cut.
type parsedQuery struct {
	words []string
	runs  [][]rune
}

func parseQuery(text string) parsedQuery {
	a := analyse(text)
	if len(a.words) > maxQueryTerms {
		a.words = a.words[:maxQueryTerms]
	}
	if len(a.runs) > maxQueryTerms {
		a.runs = a.runs[:maxQueryTerms]
	}
	for i, r := range a.runs {
		if len(r) > 32 {
			a.runs[i] = r[:32]
		}
	}
	return parsedQuery{words: a.words, runs: a.runs}
}

func (q parsedQuery) empty() bool { return len(q.words) == 0 && len(q.runs) == 0 }

func (q parsedQuery) String() string {
	parts := append([]string(nil), q.words...)
	for _, r := range q.runs {
		parts = append(parts, string(r))
	}
	return strings.Join(parts, " ")
}

// ftsMatch is the FTS5 expression: every word as a prefix, every CJK run as
// a phrase of its bigrams in the CJK columns. Words hold only letters and
// digits, so quoting them is enough.
func (q parsedQuery) ftsMatch() string {
	var parts []string
	for _, w := range q.words {
		if utf8.RuneCountInString(w) < 2 {
			parts = append(parts, `"`+w+`"`)
		} else {
			parts = append(parts, `"`+w+`"*`)
		}
	}
	for _, r := range q.runs {
		bg := bigrams(r)
		if len(r) == 1 {
			parts = append(parts, `{cjk_title cjk_text} : "`+bg[0]+`"*`)
		} else {
			parts = append(parts, `{cjk_title cjk_text} : "`+strings.Join(bg, " ")+`"`)
		}
	}
	return strings.Join(parts, " AND ")
}

// tsWords and tsCJK are the PostgreSQL tsquery texts ("" when none).
func (q parsedQuery) tsWords() string {
	parts := make([]string, len(q.words))
	for i, w := range q.words {
		if utf8.RuneCountInString(w) < 2 {
			parts[i] = w
		} else {
			parts[i] = w + ":*"
		}
	}
	return strings.Join(parts, " & ")
}

func (q parsedQuery) tsCJK() string {
	var parts []string
	for _, r := range q.runs {
		if len(r) == 1 {
			parts = append(parts, string(r)+":*")
		} else {
			parts = append(parts, "("+strings.Join(bigrams(r), " <-> ")+")")
		}
	}
	return strings.Join(parts, " & ")
}

// Search finds products. When the words find nothing, it tries the nearest
// spellings the index knows and, if they find something, returns those
// hits with the corrected text as Suggestion.
func (s *Store) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	pq := parseQuery(q.Text)
	res, err := s.search(ctx, q, pq, false)
	if err != nil || res.Total > 0 || len(pq.words) == 0 {
		return res, err
	}
	corrected, ok, err := s.correct(ctx, pq.words)
	if err != nil || !ok {
		return res, err
	}
	pq2 := parsedQuery{words: corrected, runs: pq.runs}
	res2, err := s.search(ctx, q, pq2, false)
	if err != nil || res2.Total == 0 {
		return res, err
	}
	res2.Suggestion = pq2.String()
	return res2, nil
}

// FeaturedProductsAcrossMall returns the newest featured products of every
// open shop, for the mall's home page.
func (s *Store) FeaturedProductsAcrossMall(ctx context.Context, limit int) ([]ProductHit, error) {
	res, err := s.search(ctx, SearchQuery{Sort: SortNewest, PerPage: limit}, parsedQuery{}, true)
	if err != nil {
		return nil, err
	}
	return res.Hits, nil
}

// NewProductsAcrossMall returns the most recently published products of
// every open shop.
func (s *Store) NewProductsAcrossMall(ctx context.Context, limit int) ([]ProductHit, error) {
	res, err := s.search(ctx, SearchQuery{Sort: SortNewest, PerPage: limit}, parsedQuery{}, false)
	if err != nil {
		return nil, err
	}
	return res.Hits, nil
}

type hitRow struct {
	ID              int64
	MerchantID      int64
	Title           string
	Slug            string
	Status          Status
	Tags            Tags
	Featured        bool
	MinPrice        int64
	Currency        string
	InStock         bool
	PrimaryImageKey string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	PublishedAt     *time.Time
	MerchantSlug    string
	MerchantName    string
	Score           float64
	Total           int64
}

// search runs one query. It joins merchants (by the table's name: the
// catalog does not import the merchants package) so a suspended shop's
// products disappear at once.
func (s *Store) search(ctx context.Context, q SearchQuery, pq parsedQuery, featuredOnly bool) (*SearchResult, error) {
	limit, offset := pageBounds(q.Page, q.PerPage)
	res := &SearchResult{Page: offset/limit + 1, PerPage: limit}
	var with, from, score string
	var where []string
	var args []any
	sqlite := s.dialect == database.SQLite
	switch {
	case pq.empty():
		from, score = "products p", "0"
	case sqlite:
		// Title words weigh most, then tags, then the description; a CJK
		// title bigram weighs as much as a title word. bm25 is computed in
		// a subquery: SQLite refuses it beside a window function.
		// The CTE is materialized so that the FTS query runs once; left to
		// itself, the planner may loop over products and re-run the MATCH
		// for every row.
		// bm25 costs several microseconds a match; other sorts skip it.
		bm25 := "0"
		if q.Sort == "" || q.Sort == SortRelevance {
			bm25 = "bm25(product_search, 10.0, 4.0, 1.0, 10.0, 2.0)"
		}
		with = `WITH fts AS MATERIALIZED (SELECT rowid AS id, ` + bm25 + ` AS score
			FROM product_search WHERE product_search MATCH ?) `
		from = `fts JOIN products p ON p.id = fts.id`
		score = "fts.score"
		args = append(args, pq.ftsMatch())
	default:
		from = "products p"
		var scores []string
		if w := pq.tsWords(); w != "" {
			where = append(where, "p.search_doc @@ to_tsquery('simple', ?)")
			args = append(args, w)
			scores = append(scores, "ts_rank(p.search_doc, to_tsquery('simple', ?))")
		}
		if c := pq.tsCJK(); c != "" {
			where = append(where, "p.search_cjk @@ to_tsquery('simple', ?)")
			args = append(args, c)
			scores = append(scores, "ts_rank(p.search_cjk, to_tsquery('simple', ?))")
		}
		score = strings.Join(scores, " + ")
	}
	// Score placeholders come first in the SELECT list.
	var scoreArgs []any
	if !sqlite && !pq.empty() {
		scoreArgs = append(scoreArgs, args...)
	}
	where = append(where, "p.status = 'active'", "m.status = 'active'")
	if q.MerchantID != 0 {
		where = append(where, "p.merchant_id = ?")
		args = append(args, q.MerchantID)
	}
	if q.CategoryID != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id = ?)")
		args = append(args, q.CategoryID)
	}
	if q.MinPrice > 0 {
		where = append(where, "p.min_price >= ?")
		args = append(args, q.MinPrice)
	}
	if q.MaxPrice > 0 {
		where = append(where, "p.min_price <= ?")
		args = append(args, q.MaxPrice)
	}
	if q.InStock {
		where = append(where, "p.in_stock = ?")
		args = append(args, true)
	}
	if featuredOnly {
		where = append(where, "p.featured = ?")
		args = append(args, true)
	}
	order := "p.published_at DESC, p.id DESC"
	switch q.Sort {
	case SortPriceAsc:
		order = "p.min_price ASC, p.id DESC"
	case SortPriceDesc:
		order = "p.min_price DESC, p.id DESC"
	case SortNewest:
	default:
		if !pq.empty() {
			if sqlite {
				order = "score ASC, p.id DESC" // bm25: lower is better
			} else {
				order = "score DESC, p.id DESC"
			}
		}
	}
	sql := with + `SELECT p.id, p.merchant_id, p.title, p.slug, p.status, p.tags, p.featured, p.min_price, p.currency,
			p.in_stock, p.primary_image_key, p.created_at, p.updated_at, p.published_at,
			m.slug AS merchant_slug, m.name AS merchant_name, ` + score + ` AS score, COUNT(*) OVER () AS total
		FROM ` + from + ` JOIN merchants m ON m.id = p.merchant_id
		WHERE ` + strings.Join(where, " AND ") + `
		ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	all := append(append(scoreArgs, args...), limit, offset)
	var rows []hitRow
	if err := s.conn(ctx).Raw(sql, all...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("catalog: search %q: %w", pq.String(), err)
	}
	if len(rows) > 0 {
		res.Total = rows[0].Total
	} else if offset > 0 {
		countSQL := with + `SELECT COUNT(*) FROM ` + from + ` JOIN merchants m ON m.id = p.merchant_id WHERE ` + strings.Join(where, " AND ")
		if err := s.conn(ctx).Raw(countSQL, args...).Scan(&res.Total).Error; err != nil {
			return nil, fmt.Errorf("catalog: count search %q: %w", pq.String(), err)
		}
	}
	res.Hits = make([]ProductHit, len(rows))
	for i, r := range rows {
		res.Hits[i] = ProductHit{
			Product: Product{ID: r.ID, MerchantID: r.MerchantID, Title: r.Title, Slug: r.Slug, Status: r.Status,
				Tags: r.Tags, Featured: r.Featured, MinPrice: r.MinPrice, Currency: r.Currency, InStock: r.InStock,
				PrimaryImageKey: r.PrimaryImageKey, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, PublishedAt: r.PublishedAt},
			MerchantSlug: r.MerchantSlug, MerchantName: r.MerchantName,
			MinPrice: r.MinPrice, Currency: r.Currency, InStock: r.InStock, ImageKey: r.PrimaryImageKey,
		}
	}
	return res, nil
}
