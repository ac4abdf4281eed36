package catalog

import (
	"context"
	"fmt"
	"slices"
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
	Hits []ProductHit
	// Total is how many products match. A text search stops counting at
	// CountCap: when more match, Total is CountCap and TotalCapped is set,
	// and the page should say "1,000+" (the pager then reaches the first
	// CountCap hits, which is as deep as anyone pages). Browsing without
	// text counts exactly.
	Total       int64
	TotalCapped bool
	// Suggestion is the corrected query when the shopper's words found
	// nothing and a near spelling did: the hits are for Suggestion.
	Suggestion string
	Page       int
	PerPage    int
}

// CountCap is where a text search stops counting matches: counting every
// product a common word finds costs more than ranking the page shown.
const CountCap = 2000

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

// ftsTitleMatch is ftsMatch with every word and CJK run required in the
// title: the first tier of relevance (see rankSQLite).
func (q parsedQuery) ftsTitleMatch() string {
	var parts []string
	for _, w := range q.words {
		if utf8.RuneCountInString(w) < 2 {
			parts = append(parts, `title : "`+w+`"`)
		} else {
			parts = append(parts, `title : "`+w+`"*`)
		}
	}
	for _, r := range q.runs {
		bg := bigrams(r)
		if len(r) == 1 {
			parts = append(parts, `cjk_title : "`+bg[0]+`"*`)
		} else {
			parts = append(parts, `cjk_title : "`+strings.Join(bg, " ")+`"`)
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
}

// hitColumns are what a result card needs of p (products) and m (merchants).
const hitColumns = `p.id, p.merchant_id, p.title, p.slug, p.status, p.tags, p.featured, p.min_price, p.currency,
	p.in_stock, p.primary_image_key, p.created_at, p.updated_at, p.published_at,
	m.slug AS merchant_slug, m.name AS merchant_name`

// filter is the condition on p (products) and m (merchants) every search
// shares: only active products of active merchants, and what the shopper
// narrowed the search to. It joins merchants (by the table's name: the
// catalog does not import the merchants package) so a suspended shop's
// products disappear at once.
type filter struct {
	// where holds the conditions on p, which take args; the one on m is
	// always the same (see sql).
	where []string
	args  []any
	// narrow is set when a filter keeps few matches (one shop, one
	// category, featured products); broad when one keeps many (price,
	// stock).
	narrow, broad bool
}

func searchFilter(q SearchQuery, featuredOnly bool) filter {
	f := filter{where: []string{"p.status = 'active'"}}
	add := func(narrow bool, cond string, arg any) {
		f.where = append(f.where, cond)
		f.args = append(f.args, arg)
		f.narrow = f.narrow || narrow
		f.broad = f.broad || !narrow
	}
	if q.MerchantID != 0 {
		add(true, "p.merchant_id = ?", q.MerchantID)
	}
	if q.CategoryID != 0 {
		// A probe of product_categories' primary key per product.
		add(true, "EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id = ?)", q.CategoryID)
	}
	if q.MinPrice > 0 {
		add(false, "p.min_price >= ?", q.MinPrice)
	}
	if q.MaxPrice > 0 {
		add(false, "p.min_price <= ?", q.MaxPrice)
	}
	if q.InStock {
		add(false, "p.in_stock = ?", true)
	}
	if featuredOnly {
		add(true, "p.featured = ?", true)
	}
	return f
}

// merchantOpen is the condition on m.
const merchantOpen = "m.status = 'active'"

// all is every condition, for a WHERE clause.
func (f filter) all() []string { return slices.Concat(f.where, []string{merchantOpen}) }

func (f filter) sql() string { return strings.Join(f.all(), " AND ") }

// search runs one query: the ids of the page's hits in order, then the
// hits, then, only when the page does not tell, the total.
func (s *Store) search(ctx context.Context, q SearchQuery, pq parsedQuery, featuredOnly bool) (*SearchResult, error) {
	limit, offset := pageBounds(q.Page, q.PerPage)
	res := &SearchResult{Page: offset/limit + 1, PerPage: limit}
	f := searchFilter(q, featuredOnly)
	relevance := !pq.empty() && (q.Sort == "" || q.Sort == SortRelevance)
	var rows []hitRow
	counted := -1 // how many match, when ranking found out
	var err error
	if relevance && s.dialect == database.SQLite {
		var ids []int64
		ids, counted, err = s.rankSQLite(ctx, pq, f, offset+limit)
		if err == nil && offset < len(ids) {
			rows, err = s.hitRows(ctx, ids[offset:])
		}
	} else {
		rows, err = s.pageRows(ctx, q, pq, f, limit, offset)
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: search %q: %w", pq.String(), err)
	}
	switch {
	case counted > CountCap:
		res.Total, res.TotalCapped = CountCap, true
	case counted >= 0:
		res.Total = int64(counted)
	case len(rows) > 0 && len(rows) < limit, len(rows) == 0 && offset == 0:
		// The last page: the total is plain without counting.
		res.Total = int64(offset + len(rows))
	default:
		res.Total, res.TotalCapped, err = s.count(ctx, pq, f)
		if err != nil {
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

// matchFrom is the FROM clause of products p matching pq and f, and the
// conditions (with their arguments) left for the WHERE clause.
//
// On SQLite the FTS table drives the join (CROSS JOIN fixes the order):
// left to itself, the planner may loop over products and re-run the MATCH
// for every row. On PostgreSQL the matching products are found first, in a
// subquery that OFFSET 0 keeps the planner from flattening: with few or
// stale statistics on merchants it would otherwise loop over the shops and
// search the GIN index once per shop (300 ms with 100,000 products). The
// subquery carries only the columns the rest needs: whole rows cost more
// to carry than the search itself.
func (s *Store) matchFrom(pq parsedQuery, f filter) (from string, fromArgs []any, where []string, args []any) {
	switch {
	case pq.empty():
		return "products p", nil, f.all(), f.args
	case s.dialect == database.SQLite:
		return "product_search CROSS JOIN products p ON p.id = product_search.rowid",
			nil, append([]string{"product_search MATCH ?"}, f.all()...), append([]any{pq.ftsMatch()}, f.args...)
	}
	var conds []string
	if w := pq.tsWords(); w != "" {
		conds = append(conds, "p.search_doc @@ to_tsquery('simple', ?)")
		fromArgs = append(fromArgs, w)
	}
	if c := pq.tsCJK(); c != "" {
		conds = append(conds, "p.search_cjk @@ to_tsquery('simple', ?)")
		fromArgs = append(fromArgs, c)
	}
	conds = append(conds, f.where...)
	fromArgs = append(fromArgs, f.args...)
	return "(SELECT p.id, p.merchant_id FROM products p WHERE " + strings.Join(conds, " AND ") + " OFFSET 0) p",
		fromArgs, []string{merchantOpen}, nil
}

// crossJoin is SQLite's way to fix the order of a join (the left table
// drives); PostgreSQL spells it JOIN and plans from its statistics.
func (s *Store) crossJoin() string {
	if s.dialect == database.SQLite {
		return "CROSS JOIN"
	}
	return "JOIN"
}

// count counts the matches of a search, up to CountCap when there is text.
func (s *Store) count(ctx context.Context, pq parsedQuery, f filter) (int64, bool, error) {
	from, fromArgs, where, whereArgs := s.matchFrom(pq, f)
	args := append(fromArgs, whereArgs...)
	sql := `SELECT 1 FROM ` + from + ` ` + s.crossJoin() + ` merchants m ON m.id = p.merchant_id WHERE ` + strings.Join(where, " AND ")
	if pq.empty() {
		sql = `SELECT COUNT(*) FROM (` + sql + `) AS c`
	} else {
		sql = `SELECT COUNT(*) FROM (` + sql + ` LIMIT ?) AS c`
		args = append(args, CountCap+1)
	}
	var n int64
	if err := s.conn(ctx).Raw(sql, args...).Scan(&n).Error; err != nil {
		return 0, false, err
	}
	if !pq.empty() && n > CountCap {
		return CountCap, true, nil
	}
	return n, false, nil
}

// sortedWalkMin is how many FTS matches make walking products in order
// cheaper than looking every match up and sorting them.
const sortedWalkMin = 2000

// pageRows is one page of hits in any order but SQLite's relevance.
func (s *Store) pageRows(ctx context.Context, q SearchQuery, pq parsedQuery, f filter, limit, offset int) ([]hitRow, error) {
	var with, from string
	var where []string
	var args []any
	switch {
	case s.dialect == database.Postgres && !pq.empty():
		return s.pageRowsPostgres(ctx, q, pq, f, limit, offset)
	case pq.empty():
		from, _, where, args = s.matchFrom(pq, f)
	default:
		var n int64
		if err := s.conn(ctx).Raw(`SELECT COUNT(*) FROM product_search WHERE product_search MATCH ?`, pq.ftsMatch()).Scan(&n).Error; err != nil {
			return nil, err
		}
		if n > sortedWalkMin {
			// Many matches: walk products in the page's order (by the
			// index on status and date or price, or on the shop) and
			// keep those the FTS query found, which soon fills a page.
			// "+p.id" keeps the planner from looking every match up and
			// sorting them all instead.
			from = `products p`
			where = append(where, `+p.id IN (SELECT rowid FROM product_search WHERE product_search MATCH ?)`)
		} else {
			// The CTE is materialized so that the FTS query runs once;
			// left to itself, the planner may loop over products and
			// re-run the MATCH for every row.
			with = `WITH fts AS MATERIALIZED (SELECT rowid AS id FROM product_search WHERE product_search MATCH ?) `
			from = `fts JOIN products p ON p.id = fts.id`
		}
		where = append(where, f.all()...)
		args = append([]any{pq.ftsMatch()}, f.args...)
	}
	order := searchOrder(q.Sort, "p", "")
	cols := hitColumns
	sql := with + `SELECT ` + cols + ` FROM ` + from + ` JOIN merchants m ON m.id = p.merchant_id
		WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	var rows []hitRow
	err := s.conn(ctx).Raw(sql, append(args, limit, offset)...).Scan(&rows).Error
	return rows, err
}

// hitRows loads the hits of ids, in that order.
func (s *Store) hitRows(ctx context.Context, ids []int64) ([]hitRow, error) {
	var rows []hitRow
	err := s.conn(ctx).Raw(`SELECT `+hitColumns+` FROM products p `+s.crossJoin()+` merchants m ON m.id = p.merchant_id WHERE p.id IN ?`, ids).
		Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	slices.SortFunc(rows, func(a, b hitRow) int { return at[a.ID] - at[b.ID] })
	return rows, nil
}

// bm25 weighs title words most, then tags, then the description; a CJK
// title bigram weighs as much as a title word. It costs a few microseconds
// a match, which is what relevance on SQLite is about.
const bm25 = "bm25(product_search, 10.0, 4.0, 1.0, 10.0, 2.0)"

// rankSQLite returns the ids of the best need matches, best first, and
// how many match when it found out on the way (-1 when not).
//
// Relevance comes in two tiers: products whose title holds every word of
// the query, ranked by bm25, then the others, ranked by bm25. A common
// word is in thousands of titles, so the first tier nearly always fills
// the page, and bm25 is then computed only for the titles rather than for
// every description that mentions the word.
func (s *Store) rankSQLite(ctx context.Context, pq parsedQuery, f filter, need int) ([]int64, int, error) {
	if f.narrow {
		ids, n, ok, err := s.rankNarrow(ctx, pq, f, need)
		if err != nil || ok {
			return ids, n, err
		}
	}
	ids, _, err := s.rankTier(ctx, pq.ftsTitleMatch(), f, need, false)
	if err != nil || len(ids) >= need {
		return ids, -1, err
	}
	rest, n, err := s.rankTier(ctx, pq.ftsMatch(), f, need+len(ids), true)
	if err != nil {
		return nil, -1, err
	}
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		seen[id] = true
	}
	for _, id := range rest {
		if len(ids) == need {
			break
		}
		if !seen[id] {
			ids = append(ids, id)
		}
	}
	return ids, n, nil
}

// rankNarrow ranks a search the shopper's filters narrow down in one
// walk over the matches, the filters first so that bm25 is computed only
// for the products that pass, and it counts them on the way. The title
// tier is a set of ids from the FTS table alone. When more than CountCap
// pass and the best CountCap+1 by bm25 hold fewer than need of the first
// tier, it cannot tell and reports !ok.
func (s *Store) rankNarrow(ctx context.Context, pq parsedQuery, f filter, need int) (ids []int64, n int, ok bool, err error) {
	var titled []int64
	if err := s.conn(ctx).Raw(`SELECT rowid FROM product_search WHERE product_search MATCH ?`, pq.ftsTitleMatch()).Scan(&titled).Error; err != nil {
		return nil, 0, false, err
	}
	var ranked []int64
	err = s.conn(ctx).Raw(`SELECT product_search.rowid FROM product_search
			CROSS JOIN products p ON p.id = product_search.rowid CROSS JOIN merchants m ON m.id = p.merchant_id
		WHERE product_search MATCH ? AND `+f.sql()+` ORDER BY `+bm25+`, product_search.rowid DESC LIMIT ?`,
		append(append([]any{pq.ftsMatch()}, f.args...), CountCap+1)...).Scan(&ranked).Error
	if err != nil {
		return nil, 0, false, err
	}
	inTitle := make(map[int64]bool, len(titled))
	for _, id := range titled {
		inTitle[id] = true
	}
	first := make([]int64, 0, need)
	var rest []int64
	for _, id := range ranked {
		if inTitle[id] {
			first = append(first, id)
		} else {
			rest = append(rest, id)
		}
	}
	if len(ranked) > CountCap && len(first) < need {
		return nil, 0, false, nil
	}
	ids = append(first, rest...)
	return ids[:min(need, len(ids))], len(ranked), true, nil
}

// rankTier returns the ids of the best need products matching the FTS
// expression and f, best first, and how many match when it found out (-1
// when not); with count it finds out, up to CountCap+1.
func (s *Store) rankTier(ctx context.Context, match string, f filter, need int, count bool) ([]int64, int, error) {
	if !f.narrow {
		// FTS5 ranks on its own table, then the few best are checked
		// against products and merchants: without filters only a
		// suspended shop drops any, so a margin nearly always suffices;
		// price and stock filters keep a good share, so a wider one.
		k := 2*need + 20
		if f.broad {
			k = 8*need + 50
		}
		var top []int64
		err := s.conn(ctx).Raw(`SELECT rowid FROM product_search WHERE product_search MATCH ? ORDER BY `+bm25+`, rowid DESC LIMIT ?`, match, k).
			Scan(&top).Error
		if err != nil || len(top) == 0 {
			return nil, 0, err
		}
		// The filters are computed as a column rather than put in the
		// WHERE clause, where the planner would walk the status index
		// instead of looking the ids up.
		var checked []struct {
			ID   int64
			Open bool
		}
		err = s.conn(ctx).Raw(`SELECT p.id, (`+f.sql()+`) AS open
			FROM products p CROSS JOIN merchants m ON m.id = p.merchant_id WHERE p.id IN ?`, slices.Concat(f.args, []any{top})...).Scan(&checked).Error
		if err != nil {
			return nil, 0, err
		}
		ok := make(map[int64]bool, len(checked))
		open := 0
		for _, c := range checked {
			if c.Open {
				ok[c.ID] = true
				open++
			}
		}
		ids := make([]int64, 0, need)
		for _, id := range top {
			if ok[id] && len(ids) < need {
				ids = append(ids, id)
			}
		}
		if len(top) < k {
			// Every match was checked.
			return ids, open, nil
		}
		if len(ids) == need {
			return ids, -1, nil
		}
	}
	// Filters first, so bm25 is computed only for the products that pass.
	limit := need
	if count {
		limit = max(need, CountCap+1)
	}
	var ids []int64
	err := s.conn(ctx).Raw(`SELECT product_search.rowid FROM product_search
			CROSS JOIN products p ON p.id = product_search.rowid CROSS JOIN merchants m ON m.id = p.merchant_id
		WHERE product_search MATCH ? AND `+f.sql()+` ORDER BY `+bm25+`, product_search.rowid DESC LIMIT ?`,
		append(append([]any{match}, f.args...), limit)...).Scan(&ids).Error
	if err != nil {
		return nil, 0, err
	}
	n := -1
	if count {
		n = len(ids)
	}
	return ids[:min(need, len(ids))], n, nil
}

// searchOrder is the ORDER BY of sort over products t, with score the
// relevance column ("" when none).
func searchOrder(sort Sort, t, score string) string {
	switch sort {
	case SortPriceAsc:
		return t + ".min_price ASC, " + t + ".id DESC"
	case SortPriceDesc:
		return t + ".min_price DESC, " + t + ".id DESC"
	case SortNewest:
	default:
		if score != "" {
			return score + " DESC, " + t + ".id DESC"
		}
	}
	return t + ".published_at DESC, " + t + ".id DESC"
}

// pageRowsPostgres is one page of a text search on PostgreSQL. The
// matches are found, scored (ts_rank, for relevance only) and sorted with
// only the columns that takes; the page's rows are loaded after, by id.
func (s *Store) pageRowsPostgres(ctx context.Context, q SearchQuery, pq parsedQuery, f filter, limit, offset int) ([]hitRow, error) {
	var conds, scores []string
	var args, scoreArgs []any
	relevance := q.Sort == "" || q.Sort == SortRelevance
	if w := pq.tsWords(); w != "" {
		conds = append(conds, "p.search_doc @@ to_tsquery('simple', ?)")
		args = append(args, w)
		scores = append(scores, "ts_rank(p.search_doc, to_tsquery('simple', ?))")
		scoreArgs = append(scoreArgs, w)
	}
	if c := pq.tsCJK(); c != "" {
		conds = append(conds, "p.search_cjk @@ to_tsquery('simple', ?)")
		args = append(args, c)
		scores = append(scores, "ts_rank(p.search_cjk, to_tsquery('simple', ?))")
		scoreArgs = append(scoreArgs, c)
	}
	score, innerScore, outerScore := "0", "", ""
	if relevance {
		score, innerScore, outerScore = strings.Join(scores, " + "), "s.score", "top.score"
		// The SELECT list's placeholders come first.
		args = append(scoreArgs, args...)
	}
	conds = append(conds, f.where...)
	args = append(args, f.args...)
	sql := `SELECT ` + hitColumns + ` FROM (
			SELECT s.id, s.score FROM (
				SELECT p.id, p.merchant_id, p.min_price, p.published_at, ` + score + ` AS score
				FROM products p WHERE ` + strings.Join(conds, " AND ") + ` OFFSET 0) s
			JOIN merchants m ON m.id = s.merchant_id WHERE ` + merchantOpen + `
			ORDER BY ` + searchOrder(q.Sort, "s", innerScore) + ` LIMIT ? OFFSET ?) top
		JOIN products p ON p.id = top.id JOIN merchants m ON m.id = p.merchant_id
		ORDER BY ` + searchOrder(q.Sort, "p", outerScore)
	var rows []hitRow
	err := s.conn(ctx).Raw(sql, append(args, limit, offset)...).Scan(&rows).Error
	return rows, err
}
