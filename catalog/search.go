package catalog

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/merchants"
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
	// and the page should say "2,000+" (the pager then reaches the first
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
	// shop, when set, limits SQLite's FTS expressions to one merchant's
	// products through the index's shop column.
	shop int64
	// terms holds, for the words SQLite's index knows few completions of,
	// those completions (see expandPrefixes).
	terms map[string][]string
}

// maxCompletions is how many terms a word may complete to and still be
// searched as those terms rather than as a prefix.
const maxCompletions = 8

// expandPrefixes looks up, for each word of four letters or more, the
// terms of the index it completes to (product_search_terms, migration
// 0305), and keeps them in pq when there are at most maxCompletions. FTS5
// answers a prefix longer than its prefix indexes (2 and 3) by merging the
// lists of every completion into one before it returns the first match:
// 2 ms for a word in 17,000 products, paid again by every statement of a
// search. A handful of terms joined by OR are read lazily instead, so a
// search that needs the newest 500 or the first 2,001 reads no further.
// A word no term starts with stays a prefix: it finds nothing, at no cost.
//
// On PostgreSQL (product_search_words, migration 0307) every word of two
// letters or more is looked up: a prefix ("head:*") costs the GIN index a
// scan of the terms it completes to that took 4-5 ms for two common
// words, against 1.4 ms for the same words as plain lexemes, and the
// planner, which cannot estimate a prefix, took 40 rows for 2,700.
func (s *Store) expandPrefixes(ctx context.Context, pq *parsedQuery) error {
	table, shortest := "product_search_terms", 4
	if s.dialect == database.Postgres {
		table, shortest = "product_search_words", 2
	}
	for _, w := range pq.words {
		if utf8.RuneCountInString(w) < shortest {
			continue
		}
		var ts []string
		err := s.conn(ctx).Raw(`SELECT term FROM `+table+` WHERE term >= ? AND term < ? ORDER BY term LIMIT ?`,
			w, w+maxTermSentinel, maxCompletions+1).Scan(&ts).Error
		if err != nil {
			return err
		}
		if len(ts) > 0 && len(ts) <= maxCompletions && allWords(ts) {
			if pq.terms == nil {
				pq.terms = map[string][]string{}
			}
			pq.terms[w] = ts
		}
	}
	return nil
}

// allWords reports whether every term is letters and digits only, as
// query words are, so that it can be written into a query as it is.
func allWords(ts []string) bool {
	for _, t := range ts {
		for _, r := range t {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	return true
}

// shopToken is the one token of a product's shop column in SQLite's FTS
// table (migration 0304): query words never hold "_", so only shopMatch
// reaches it.
func shopToken(merchantID int64) string { return "_" + strconv.FormatInt(merchantID, 10) }

// shopMatch is the FTS condition for pq's shop, ready to be ANDed ("" when
// none).
func (q parsedQuery) shopMatch() string {
	if q.shop == 0 {
		return ""
	}
	return `shop : "` + shopToken(q.shop) + `" AND `
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

// ftsWord is the FTS5 expression for one word: the word as a prefix, or
// the few terms it completes to when they are known. Words hold only
// letters and digits, so quoting them is enough.
func (q parsedQuery) ftsWord(w string) string {
	if ts, ok := q.terms[w]; ok {
		if len(ts) == 1 {
			return `"` + ts[0] + `"`
		}
		return `("` + strings.Join(ts, `" OR "`) + `")`
	}
	if utf8.RuneCountInString(w) < 2 {
		return `"` + w + `"`
	}
	return `"` + w + `"*`
}

// ftsMatch is the FTS5 expression: every word as a prefix, every CJK run as
// a phrase of its bigrams in the CJK columns (one character as itself).
func (q parsedQuery) ftsMatch() string {
	var parts []string
	for _, w := range q.words {
		parts = append(parts, q.ftsWord(w))
	}
	for _, r := range q.runs {
		bg := bigrams(r)
		if len(r) == 1 {
			parts = append(parts, `{cjk_title cjk_text} : "`+bg[0]+`"`)
		} else {
			parts = append(parts, `{cjk_title cjk_text} : "`+strings.Join(bg, " ")+`"`)
		}
	}
	return q.shopMatch() + strings.Join(parts, " AND ")
}

// ftsTitleMatch is ftsMatch with every word and CJK run required in the
// title: the first tier of relevance (see rankSQLite).
func (q parsedQuery) ftsTitleMatch() string {
	var parts []string
	for _, w := range q.words {
		parts = append(parts, `title : `+q.ftsWord(w))
	}
	for _, r := range q.runs {
		bg := bigrams(r)
		if len(r) == 1 {
			parts = append(parts, `cjk_title : "`+bg[0]+`"`)
		} else {
			parts = append(parts, `cjk_title : "`+strings.Join(bg, " ")+`"`)
		}
	}
	return q.shopMatch() + strings.Join(parts, " AND ")
}

// tsWords and tsCJK are the PostgreSQL tsquery texts ("" when none).
// tsWords writes every word as a prefix, for ranking; tsWordsMatch, for
// finding the matches, writes the words whose completions are known (see
// expandPrefixes) as those terms: the same products, found faster.
func (q parsedQuery) tsWords() string { return q.tsWordsWith(nil) }

func (q parsedQuery) tsWordsMatch() string { return q.tsWordsWith(q.terms) }

func (q parsedQuery) tsWordsWith(terms map[string][]string) string {
	parts := make([]string, len(q.words))
	for i, w := range q.words {
		if ts, ok := terms[w]; ok {
			if len(ts) == 1 {
				parts[i] = ts[0]
			} else {
				parts[i] = "(" + strings.Join(ts, " | ") + ")"
			}
			continue
		}
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
			// Every character is indexed on its own (see bigramText).
			parts = append(parts, string(r))
		} else {
			parts = append(parts, "("+strings.Join(bigrams(r), " <-> ")+")")
		}
	}
	return strings.Join(parts, " & ")
}

// Search finds products. When the words find nothing, it tries the nearest
// spellings the index knows and, if they find something, returns those
// hits with the corrected text as Suggestion. When that finds nothing
// either, it tries the closest part of the query that finds something (see
// closerQueries), also as Suggestion.
func (s *Store) Search(ctx context.Context, q SearchQuery) (*SearchResult, error) {
	pq := parseQuery(q.Text)
	res, err := s.search(ctx, q, pq, false)
	if err != nil || res.Total > 0 || pq.empty() {
		return res, err
	}
	if len(pq.words) > 0 {
		corrected, ok, err := s.correct(ctx, pq.words)
		if err != nil {
			return res, err
		}
		if ok {
			pq2 := parsedQuery{words: corrected, runs: pq.runs}
			res2, err := s.search(ctx, q, pq2, false)
			if err != nil {
				return res, err
			}
			if res2.Total > 0 {
				res2.Suggestion = pq2.String()
				return res2, nil
			}
		}
	}
	for _, closer := range closerQueries(pq) {
		res2, err := s.search(ctx, q, closer, false)
		if err != nil {
			return res, err
		}
		if res2.Total > 0 {
			res2.Suggestion = closer.String()
			return res2, nil
		}
	}
	return res, nil
}

// maxCloserQueries bounds the searches a query that finds nothing may
// cost.
const maxCloserQueries = 6

// closerQueries are the parts of a query that found nothing, closest
// first: each word on its own, each Chinese run on its own, then each
// run's last two characters, then its others (in Chinese the thing a
// shopper wants is most often named last: 降噪耳机 is 耳机 first).
func closerQueries(pq parsedQuery) []parsedQuery {
	var out []parsedQuery
	add := func(q parsedQuery) {
		if len(out) < maxCloserQueries && q.String() != pq.String() {
			out = append(out, q)
		}
	}
	for _, w := range pq.words {
		add(parsedQuery{words: []string{w}})
	}
	for _, r := range pq.runs {
		add(parsedQuery{runs: [][]rune{r}})
	}
	for _, r := range pq.runs {
		for i := len(r) - 2; i >= 0 && len(r) > 2; i-- {
			add(parsedQuery{runs: [][]rune{r[i : i+2]}})
		}
	}
	return out
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
	// stock). A shop that SQLite's FTS expression already names (see
	// parsedQuery.shop) is neither: the index has kept only its products.
	narrow, broad bool
}

func searchFilter(q SearchQuery, featuredOnly, shopInMatch bool) filter {
	f := filter{where: []string{"p.status = 'active'"}}
	add := func(narrow bool, cond string, arg any) {
		f.where = append(f.where, cond)
		f.args = append(f.args, arg)
		f.narrow = f.narrow || narrow
		f.broad = f.broad || !narrow
	}
	if q.MerchantID != 0 {
		if shopInMatch {
			f.where = append(f.where, "p.merchant_id = ?")
			f.args = append(f.args, q.MerchantID)
		} else {
			add(true, "p.merchant_id = ?", q.MerchantID)
		}
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

// merchantOpen is the condition that m, the product's shop, is open:
// merchants says which statuses that is.
var merchantOpen = merchants.OpenSQL("m")

// all is every condition, for a WHERE clause.
func (f filter) all() []string { return slices.Concat(f.where, []string{merchantOpen}) }

func (f filter) sql() string { return strings.Join(f.all(), " AND ") }

// search runs one query: the ids of the page's hits in order, then the
// hits, then, only when the page does not tell, the total.
func (s *Store) search(ctx context.Context, q SearchQuery, pq parsedQuery, featuredOnly bool) (*SearchResult, error) {
	limit, offset := pageBounds(q.Page, q.PerPage)
	res := &SearchResult{Page: offset/limit + 1, PerPage: limit}
	if q.CategoryID != 0 && q.MerchantID == 0 {
		// A category belongs to one shop: searching in it is searching in
		// that shop, which the indexes answer best.
		var owner []int64
		if err := s.conn(ctx).Raw(`SELECT merchant_id FROM categories WHERE id = ?`, q.CategoryID).Scan(&owner).Error; err != nil {
			return nil, fmt.Errorf("catalog: search in category %d: %w", q.CategoryID, err)
		}
		if len(owner) == 0 {
			return res, nil
		}
		q.MerchantID = owner[0]
	}
	shopInMatch := s.dialect == database.SQLite && !pq.empty() && q.MerchantID != 0
	if shopInMatch {
		pq.shop = q.MerchantID
	}
	if len(pq.words) > 0 {
		if err := s.expandPrefixes(ctx, &pq); err != nil {
			return nil, fmt.Errorf("catalog: search %q: %w", pq.String(), err)
		}
	}
	f := searchFilter(q, featuredOnly, shopInMatch)
	relevance := !pq.empty() && (q.Sort == "" || q.Sort == SortRelevance)
	var rows []hitRow
	var err error
	counted := -1 // how many match, up to CountCap+1, when the search found out
	if s.dialect == database.Postgres && !pq.empty() {
		rows, counted, err = s.searchPostgres(ctx, q, pq, f, limit, offset)
	} else if relevance && s.dialect == database.SQLite {
		var ids []int64
		ids, err = s.rankSQLite(ctx, pq, f, offset+limit)
		if err == nil && offset < len(ids) {
			rows, err = s.hitRows(ctx, ids[offset:])
		}
	} else {
		rows, counted, err = s.pageRows(ctx, q, pq, f, limit, offset)
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
// conditions (with their arguments) left for the WHERE clause. A text
// search on PostgreSQL never comes here (see searchPostgres).
//
// On SQLite the FTS table drives the join (CROSS JOIN fixes the order):
// left to itself, the planner may loop over products and re-run the MATCH
// for every row.
func (s *Store) matchFrom(pq parsedQuery, f filter) (from string, fromArgs []any, where []string, args []any) {
	if pq.empty() {
		return "products p", nil, f.all(), f.args
	}
	return "product_search CROSS JOIN " + filterProducts + " ON p.id = product_search.rowid",
		nil, append([]string{"product_search MATCH ?"}, f.all()...), append([]any{pq.ftsMatch()}, f.args...)
}

// filterProducts is products p on SQLite when a query looks products up
// by id only to test the filters: products_search_filter (migration 0306)
// holds the id and every column a filter reads, in a fraction of the
// pages of the table, whose rows carry descriptions. Testing 2,000
// matches cost half as much through it.
const filterProducts = "products p INDEXED BY products_search_filter"

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
	if s.dialect == database.SQLite && !pq.empty() && !f.narrow && !f.broad {
		n, ok, err := s.countInIndex(ctx, pq)
		if err != nil {
			return 0, false, err
		}
		if ok {
			return min(n, CountCap), n > CountCap, nil
		}
	}
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

// countInIndex counts the open products pq finds, up to CountCap+1,
// from the FTS table alone (ok is false when it cannot). The table holds
// only active products, each with its shop's token, so the matches in
// open shops are all the matches less those in the shops that are not
// open, which are few and counted by their tokens. Counting 2,000 matches
// through products and merchants cost 5-15 ms; this costs the FTS walk,
// about 1 ms for a word.
func (s *Store) countInIndex(ctx context.Context, pq parsedQuery) (n int64, ok bool, err error) {
	closed, err := s.closedShops(ctx)
	if err != nil || len(closed) > maxClosedInMatch {
		return 0, false, err
	}
	match := pq.ftsMatch()
	var inClosed int64
	if len(closed) > 0 {
		shops := make([]string, len(closed))
		for i, id := range closed {
			shops[i] = `shop : "` + shopToken(id) + `"`
		}
		err = s.conn(ctx).Raw(`SELECT COUNT(*) FROM product_search WHERE product_search MATCH ?`,
			"("+strings.Join(shops, " OR ")+") AND "+match).Scan(&inClosed).Error
		if err != nil {
			return 0, false, err
		}
	}
	var all int64
	err = s.conn(ctx).Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM product_search WHERE product_search MATCH ? LIMIT ?) AS c`,
		match, CountCap+1+inClosed).Scan(&all).Error
	return all - inClosed, err == nil, err
}

// maxClosedInMatch is how many closed shops countInIndex names in one FTS
// expression at most.
const maxClosedInMatch = 64

// sortedWalkMin is how many FTS matches make walking products in order
// cheaper than looking every match up and sorting them.
const sortedWalkMin = 2000

// pageRows is one page of hits in any order but SQLite's relevance, and,
// when it found out on the way, how many match up to CountCap+1 (else -1).
func (s *Store) pageRows(ctx context.Context, q SearchQuery, pq parsedQuery, f filter, limit, offset int) ([]hitRow, int, error) {
	var with, from string
	var where []string
	var args []any
	switch {
	case pq.empty():
		from, _, where, args = s.matchFrom(pq, f)
	default:
		var n int64
		var all []int64
		if q.Sort == SortPriceAsc || q.Sort == SortPriceDesc {
			// A walk by price reaches over every id at once (see
			// walkSorted): read the matches whole, and count them.
			var err error
			if all, err = s.matchIDs(ctx, pq.ftsMatch(), 0, -1); err != nil {
				return nil, -1, err
			}
			n = int64(len(all))
		} else if err := s.conn(ctx).Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM product_search WHERE product_search MATCH ? LIMIT ?) AS c`,
			pq.ftsMatch(), sortedWalkMin+1).Scan(&n).Error; err != nil {
			return nil, -1, err
		}
		if n > sortedWalkMin {
			ids, counted, ok, err := s.walkSorted(ctx, q, pq, f, all, limit, offset)
			if err != nil {
				return nil, -1, err
			}
			if ok {
				if len(ids) == 0 {
					return nil, counted, nil
				}
				rows, err := s.hitRows(ctx, ids)
				return rows, counted, err
			}
			// Too many closed shops to leave out by their tokens: the
			// same walk in SQL, with the matches in a temporary index
			// (about 0.6 us a match to build). "+p.id" keeps the planner
			// from looking every match up and sorting them all instead.
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
	return rows, -1, err
}

// walkChunk is how many products walkSorted reads first before it looks
// up which of them match.
const walkChunk = 256

// walkSorted finds the page of a text search with many matches sorted by
// date or price: it walks the products that pass the filters in the
// page's order (through products_status_published or
// products_status_price, index only) and keeps those among the matches,
// read from the FTS table (without bm25) into memory, a binary search a
// product. The matches are read only over the range of ids the walk has
// reached (see matchRange): the newest products have the highest ids, so
// the newest page reads a few hundred matches rather than 17,000 (~4 ms);
// a price order reaches over every id and reads them all, once. SQL's
// "IN (SELECT rowid ...)" built a temporary index of every match instead,
// ~0.6 us each. The closed shops' matches are left out by their shop
// tokens, so merchants is never joined.
//
// counted is how many match, up to CountCap+1, when that is cheap to know:
// without filters, from the FTS table; with them, when the walk reached
// the last product that passes; else -1 and the caller counts (walking on
// to CountCap+1 matches cost twice count's lookups). ok is false when
// there are too many closed shops to name.
func (s *Store) walkSorted(ctx context.Context, q SearchQuery, pq parsedQuery, f filter, all []int64, limit, offset int) (ids []int64, counted int, ok bool, err error) {
	closed, err := s.closedShops(ctx)
	if err != nil || len(closed) > maxClosedInMatch {
		return nil, -1, false, err
	}
	match := pq.ftsMatch()
	var drop []int64
	if len(closed) > 0 {
		shops := make([]string, len(closed))
		for i, id := range closed {
			shops[i] = `shop : "` + shopToken(id) + `"`
		}
		if drop, err = s.matchIDs(ctx, "("+strings.Join(shops, " OR ")+") AND "+match, 0, -1); err != nil {
			return nil, -1, false, err
		}
	}
	set := &matchRange{match: match, drop: drop}
	if all != nil {
		set.ids, set.lo, set.hi, set.read = without(all, drop), 0, math.MaxInt64, true
	}
	from := "products p"
	if q.MerchantID == 0 {
		// Left to itself the planner may take another index for a
		// filter and sort everything that passes.
		if q.Sort == SortNewest {
			from += " INDEXED BY products_status_published"
		} else {
			from += " INDEXED BY products_status_price"
		}
	}
	walk := `SELECT p.id FROM ` + from + ` WHERE ` + strings.Join(f.where, " AND ") +
		` ORDER BY ` + searchOrder(q.Sort, "p", "") + ` LIMIT ? OFFSET ?`
	need := offset + limit
	found, walked := 0, 0
	done := false
	// The walk reads chunks twice as long each time, in statements of
	// their own: holding one open while cover queries would take a second
	// connection per search, and searches enough to fill the pool would
	// wait on each other for ever.
	for size := walkChunk; !done; size *= 2 {
		var chunk []int64
		if err := s.conn(ctx).Raw(walk, slices.Concat(f.args, []any{size, walked})...).Scan(&chunk).Error; err != nil {
			return nil, -1, false, err
		}
		walked += len(chunk)
		done = len(chunk) < size
		if err := s.cover(ctx, set, chunk); err != nil {
			return nil, -1, false, err
		}
		for _, id := range chunk {
			if !set.has(id) {
				continue
			}
			found++
			if found > offset {
				ids = append(ids, id)
			}
			if found == need {
				done = true
				break
			}
		}
	}
	switch {
	case found < need:
		// The walk reached the last product that passes.
		counted = found
	case f.narrow || f.broad:
		counted = -1
	case all != nil:
		counted = len(set.ids)
	default:
		// Every match but those in closed shops, which are in drop.
		var n int
		err := s.conn(ctx).Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM product_search WHERE product_search MATCH ? LIMIT ?) AS c`,
			match, CountCap+1+len(drop)).Scan(&n).Error
		if err != nil {
			return nil, -1, false, err
		}
		counted = n - len(drop)
	}
	return ids, counted, true, nil
}

// matchRange holds the matches of an FTS expression whose ids lie
// between lo and hi, read as a walk reaches them.
type matchRange struct {
	match string
	// drop holds the matches to leave out (in closed shops), sorted.
	drop   []int64
	ids    []int64 // sorted
	lo, hi int64   // ids holds every match in [lo, hi], once read
	read   bool
}

func (m *matchRange) has(id int64) bool {
	_, in := slices.BinarySearch(m.ids, id)
	return in
}

// cover reads the matches among the ids of chunk's range not read yet.
// The range read grows at least twofold each time, so that a walk over
// ids in no order (by price) reads every match in a few statements, and
// each statement's start (~0.2 ms for a common word) is paid few times.
func (s *Store) cover(ctx context.Context, m *matchRange, chunk []int64) error {
	if len(chunk) == 0 {
		return nil
	}
	lo, hi := slices.Min(chunk), slices.Max(chunk)
	if !m.read {
		ids, err := s.matchIDs(ctx, m.match, lo, hi)
		if err != nil {
			return err
		}
		m.ids, m.lo, m.hi, m.read = without(ids, m.drop), lo, hi, true
		return nil
	}
	if lo < m.lo {
		lo = max(0, min(lo, m.lo-(m.hi-m.lo+1)))
		below, err := s.matchIDs(ctx, m.match, lo, m.lo-1)
		if err != nil {
			return err
		}
		m.ids, m.lo = append(without(below, m.drop), m.ids...), lo
	}
	if hi > m.hi {
		hi = max(hi, m.hi+(m.hi-m.lo+1))
		above, err := s.matchIDs(ctx, m.match, m.hi+1, hi)
		if err != nil {
			return err
		}
		m.ids, m.hi = append(m.ids, without(above, m.drop)...), hi
	}
	return nil
}

// matchIDs returns the rowids in [lo, hi] an FTS expression finds, in
// ascending order (all of them when hi < 0). They come as one text of
// digits and commas: for 17,000 matches, a row each cost twice as much.
func (s *Store) matchIDs(ctx context.Context, match string, lo, hi int64) ([]int64, error) {
	sql, args := `SELECT rowid FROM product_search WHERE product_search MATCH ?`, []any{match}
	if hi >= 0 {
		sql += ` AND rowid BETWEEN ? AND ?`
		args = append(args, lo, hi)
	}
	var list []string
	if err := s.conn(ctx).Raw(`SELECT COALESCE(group_concat(rowid), '') FROM (`+sql+` ORDER BY rowid)`, args...).Scan(&list).Error; err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	return parseIDList(list[0]), nil
}

// parseIDList reads ids written as one text of digits and commas, in
// ascending order when they were.
func parseIDList(text string) []int64 {
	if text == "" {
		return nil
	}
	ids := make([]int64, 0, strings.Count(text, ",")+1)
	var n int64
	for i := 0; i < len(text); i++ {
		if c := text[i]; c == ',' {
			ids = append(ids, n)
			n = 0
		} else {
			n = n*10 + int64(c-'0')
		}
	}
	ids = append(ids, n)
	if !slices.IsSorted(ids) {
		// group_concat keeps the subquery's order in practice, but SQLite
		// does not promise it.
		slices.Sort(ids)
	}
	return ids
}

// without returns the ids of sorted a that are not in sorted b.
func without(a, b []int64) []int64 {
	if len(b) == 0 {
		return a
	}
	out := a[:0]
	j := 0
	for _, id := range a {
		for j < len(b) && b[j] < id {
			j++
		}
		if j < len(b) && b[j] == id {
			continue
		}
		out = append(out, id)
	}
	return out
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
// title bigram weighs as much as a title word; the shop column only
// filters. It costs a few microseconds a match, which is what relevance on
// SQLite is about.
const bm25 = "bm25(product_search, 10.0, 4.0, 1.0, 10.0, 2.0, 0.0)"

// relevanceWindow bounds the matches bm25 ranks in one tier. When more
// products match, relevance ranks the relevanceWindow newest of them (by
// id) and lists the older ones after, newest first. For a common word
// (in 6,000 of 100,000 titles) ranking every match cost 10-20 ms while
// the page shows 24: bm25 mostly orders the titles that hold the word by
// their length, and among the 500 newest there are short ones.
// The order is the same on every page, so paging neither repeats nor
// skips a product.
const relevanceWindow = 500

// rankSQLite returns the ids of the best need matches, best first.
//
// Relevance comes in two tiers: products whose title holds every word of
// the query, then the others, each ranked by bm25 (within the window, see
// relevanceWindow). A common word is in thousands of titles, so the first
// tier nearly always fills the page, and bm25 is then computed only for
// titles rather than for every description that mentions the word.
func (s *Store) rankSQLite(ctx context.Context, pq parsedQuery, f filter, need int) ([]int64, error) {
	if f.narrow {
		ids, ok, err := s.rankNarrow(ctx, pq, f, need)
		if err != nil || ok {
			return ids, err
		}
	}
	ids, err := s.rankTier(ctx, pq.ftsTitleMatch(), f, need, nil)
	if err != nil || len(ids) >= need {
		return ids, err
	}
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		seen[id] = true
	}
	rest, err := s.rankTier(ctx, pq.ftsMatch(), f, need-len(ids), seen)
	if err != nil {
		return nil, err
	}
	return append(ids, rest...), nil
}

// rankNarrow ranks a search the shopper's filters narrow down (a
// category) in one walk over the matches, the filters first so that bm25
// is computed only for the products that pass. The title tier is a set of
// ids from the FTS table alone. When more than CountCap pass and the best
// CountCap+1 by bm25 hold fewer than need of the first tier, it cannot
// tell and reports !ok.
func (s *Store) rankNarrow(ctx context.Context, pq parsedQuery, f filter, need int) (ids []int64, ok bool, err error) {
	var titled []int64
	if err := s.conn(ctx).Raw(`SELECT rowid FROM product_search WHERE product_search MATCH ?`, pq.ftsTitleMatch()).Scan(&titled).Error; err != nil {
		return nil, false, err
	}
	var ranked []int64
	err = s.conn(ctx).Raw(`SELECT product_search.rowid FROM product_search
			CROSS JOIN `+filterProducts+` ON p.id = product_search.rowid CROSS JOIN merchants m ON m.id = p.merchant_id
		WHERE product_search MATCH ? AND `+f.sql()+` ORDER BY `+bm25+`, product_search.rowid DESC LIMIT ?`,
		append(append([]any{pq.ftsMatch()}, f.args...), CountCap+1)...).Scan(&ranked).Error
	if err != nil {
		return nil, false, err
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
		return nil, false, nil
	}
	ids = append(first, rest...)
	return ids[:min(need, len(ids))], true, nil
}

// rankTier returns the ids of the best need products matching the FTS
// expression and f, best first, leaving out those in skip.
//
// FTS5 ranks the newest relevanceWindow matches on its own table, then
// the best are checked against products and merchants a few at a time:
// without filters only a suspended shop drops any, so a margin nearly
// always suffices; price and stock filters keep a good share, so a wider
// one. When the window holds too few that pass, the older matches follow
// newest first, filtered in SQL.
func (s *Store) rankTier(ctx context.Context, match string, f filter, need int, skip map[int64]bool) ([]int64, error) {
	var window []struct {
		ID    int64
		Score float64
	}
	err := s.conn(ctx).Raw(`SELECT rowid AS id, `+bm25+` AS score FROM product_search
		WHERE product_search MATCH ? ORDER BY rowid DESC LIMIT ?`, match, relevanceWindow).Scan(&window).Error
	if err != nil || len(window) == 0 {
		return nil, err
	}
	oldest := window[len(window)-1].ID
	slices.SortStableFunc(window, func(a, b struct {
		ID    int64
		Score float64
	}) int {
		switch {
		case a.Score < b.Score:
			return -1
		case a.Score > b.Score:
			return 1
		}
		return 0
	})
	ranked := make([]int64, 0, len(window))
	for _, w := range window {
		if !skip[w.ID] {
			ranked = append(ranked, w.ID)
		}
	}
	k := 2*need + 20
	if f.broad {
		k = 8*need + 50
	}
	ids := make([]int64, 0, need)
	for len(ranked) > 0 && len(ids) < need {
		chunk := ranked[:min(k, len(ranked))]
		ranked = ranked[len(chunk):]
		open, err := s.passing(ctx, f, chunk)
		if err != nil {
			return nil, err
		}
		for _, id := range chunk {
			if open[id] && len(ids) < need {
				ids = append(ids, id)
			}
		}
		// The margin was too small: check the rest of the window at once.
		k = len(ranked)
	}
	if len(ids) == need || len(window) < relevanceWindow {
		return ids, nil
	}
	var older []int64
	err = s.conn(ctx).Raw(`SELECT product_search.rowid FROM product_search
			CROSS JOIN `+filterProducts+` ON p.id = product_search.rowid CROSS JOIN merchants m ON m.id = p.merchant_id
		WHERE product_search MATCH ? AND product_search.rowid < ? AND `+f.sql()+` ORDER BY product_search.rowid DESC LIMIT ?`,
		append(append([]any{match, oldest}, f.args...), need-len(ids)+len(skip))...).Scan(&older).Error
	if err != nil {
		return nil, err
	}
	for _, id := range older {
		if !skip[id] && len(ids) < need {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// passing reports which of ids pass f. The filters are computed as a
// column rather than put in the WHERE clause, where the planner would walk
// the status index instead of looking the ids up.
func (s *Store) passing(ctx context.Context, f filter, ids []int64) (map[int64]bool, error) {
	var checked []struct {
		ID   int64
		Open bool
	}
	err := s.conn(ctx).Raw(`SELECT p.id, (`+f.sql()+`) AS open
		FROM `+filterProducts+` CROSS JOIN merchants m ON m.id = p.merchant_id WHERE p.id IN ?`, slices.Concat(f.args, []any{ids})...).Scan(&checked).Error
	if err != nil {
		return nil, err
	}
	open := make(map[int64]bool, len(checked))
	for _, c := range checked {
		if c.Open {
			open[c.ID] = true
		}
	}
	return open, nil
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

// searchPostgres is one page of a text search on PostgreSQL, and how
// many match up to CountCap+1.
//
// The GIN indexes find matches in no useful order, and every match found
// costs a visit to its row (about 1 µs; a common word is in 17,000 of
// 100,000 products), so the work is bounded by what the count tells:
//
//   - First the matches are counted, up to CountCap+1 (the page shows
//     "2,000+" beyond), from the GIN index.
//   - When at most CountCap match, they are all found by the GIN index and
//     sorted: at most CountCap rows.
//   - When more match, the words are in at least one product in fifty, so
//     walking products in the page's order (by id for relevance, by the
//     price or date indexes otherwise) and testing each row meets the
//     page's matches within a few thousand rows. The match is written so
//     that the planner cannot use the GIN index for it, which would find
//     every match again. For relevance that walk is kept to matches
//     dense enough to meet relevanceWindow of them within maxWalkSpan
//     rows; sparser ones are asked of the GIN index a range of ids at a
//     time (newestMatches). When at most CountCap match, the count's ids
//     are the matches, and the window is taken from them.
//
// Relevance ranks with ts_rank the relevanceWindow newest matches, as on
// SQLite. The shops that are not open are few and are left out by id
// (see closedShops), so the planner never joins merchants to thousands of
// matches: with stale statistics on merchants it looped over the shops
// and searched the GIN index once per shop (5 s for a common word).
func (s *Store) searchPostgres(ctx context.Context, q SearchQuery, pq parsedQuery, f filter, limit, offset int) ([]hitRow, int, error) {
	closed, err := s.closedShops(ctx)
	if err != nil {
		return nil, 0, err
	}
	var match, score []string
	var matchArgs, scoreArgs []any
	for _, t := range []struct{ col, query, match string }{{"p.search_doc", pq.tsWords(), pq.tsWordsMatch()}, {"p.search_cjk", pq.tsCJK(), pq.tsCJK()}} {
		if t.query == "" {
			continue
		}
		match = append(match, t.col+" @@ to_tsquery('simple', ?)")
		matchArgs = append(matchArgs, t.match)
		score = append(score, "ts_rank("+t.col+", to_tsquery('simple', ?))")
		scoreArgs = append(scoreArgs, t.query)
	}
	where := slices.Clone(f.where)
	whereArgs := slices.Clone(f.args)
	if len(closed) > 0 {
		where = append(where, "p.merchant_id NOT IN ?")
		whereArgs = append(whereArgs, closed)
	}
	filters := strings.Join(where, " AND ")
	// indexed lets the planner use the GIN indexes; walked hides the
	// match from them (the result is the same).
	indexed := strings.Join(match, " AND ")
	walked := "COALESCE(" + indexed + ", FALSE)"
	args := func(extra ...any) []any { return slices.Concat(matchArgs, whereArgs, extra) }

	relevance := q.Sort == "" || q.Sort == SortRelevance
	var n int
	var matched []int64 // relevance: the ids of the first CountCap+1 matches found
	if relevance {
		// The ids rather than their number, as one text: when at most
		// CountCap match they are every match, and the window is taken
		// from them without searching the GIN index (and rechecking a
		// phrase's rows) a second time.
		var list string
		err = s.conn(ctx).Raw(`SELECT COALESCE(string_agg(c.id::text, ','), '') FROM (SELECT p.id FROM products p WHERE `+indexed+` AND `+filters+` LIMIT ?) AS c`,
			args(CountCap+1)...).Row().Scan(&list)
		matched = parseIDList(list)
		n = len(matched)
	} else {
		err = s.conn(ctx).Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM products p WHERE `+indexed+` AND `+filters+` LIMIT ?) AS c`,
			args(CountCap+1)...).Scan(&n).Error
	}
	if err != nil || n == 0 {
		return nil, n, err
	}
	many := n > CountCap
	cond := indexed
	if many {
		cond = walked
	}
	var ids []int64
	if !relevance {
		order := searchOrder(q.Sort, "p", "")
		if !many {
			// OFFSET 0 keeps the planner from walking an order index.
			order = searchOrder(q.Sort, "x", "")
			err = s.conn(ctx).Raw(`SELECT x.id FROM (SELECT p.id, p.min_price, p.published_at FROM products p
				WHERE `+cond+` AND `+filters+` OFFSET 0) x ORDER BY `+order+` LIMIT ? OFFSET ?`, args(limit, offset)...).Scan(&ids).Error
		} else {
			err = s.conn(ctx).Raw(`SELECT p.id FROM products p WHERE `+cond+` AND `+filters+` ORDER BY `+order+` LIMIT ? OFFSET ?`,
				args(limit, offset)...).Scan(&ids).Error
		}
	} else {
		var window []struct {
			ID    int64
			Score float64
		}
		var newest []int64
		walk := false
		if many {
			// The first CountCap+1 matches come in the table's order,
			// which is about the ids': how far apart they lie tells how
			// wide a range of ids holds relevanceWindow of them. A
			// narrow one is walked, a wide one asked of the GIN index.
			lo, hi := slices.Min(matched), slices.Max(matched)
			span := int64(float64(hi-lo+1) * relevanceWindow / float64(len(matched)) * 1.25)
			if walk = span <= maxWalkSpan; !walk {
				newest, err = s.newestMatches(ctx, indexed, filters, matchArgs, whereArgs, relevanceWindow, span)
			}
		} else {
			newest = matched
			slices.SortFunc(newest, func(a, b int64) int { return cmp.Compare(b, a) })
			newest = newest[:min(len(newest), relevanceWindow)]
		}
		if err != nil {
			return nil, 0, err
		}
		if walk {
			err = s.conn(ctx).Raw(`SELECT p.id, `+strings.Join(score, " + ")+` AS score FROM products p
				JOIN (SELECT p.id FROM products p WHERE `+walked+` AND `+filters+` ORDER BY p.id DESC LIMIT ?) w ON w.id = p.id`,
				slices.Concat(scoreArgs, args(relevanceWindow))...).Scan(&window).Error
		} else if len(newest) > 0 {
			// The ids as one text: 500 parameters cost more than the ranking.
			list := make([]string, len(newest))
			for i, id := range newest {
				list[i] = strconv.FormatInt(id, 10)
			}
			err = s.conn(ctx).Raw(`SELECT p.id, `+strings.Join(score, " + ")+` AS score FROM products p
				WHERE p.id = ANY (string_to_array(?, ',')::bigint[])`,
				slices.Concat(scoreArgs, []any{strings.Join(list, ",")})...).Scan(&window).Error
		}
		if err != nil {
			return nil, 0, err
		}
		slices.SortFunc(window, func(a, b struct {
			ID    int64
			Score float64
		}) int {
			switch {
			case a.Score > b.Score:
				return -1
			case a.Score < b.Score:
				return 1
			case a.ID > b.ID:
				return -1
			case a.ID < b.ID:
				return 1
			}
			return 0
		})
		for _, w := range window {
			ids = append(ids, w.ID)
		}
		if need := offset + limit; len(window) == relevanceWindow && need > len(ids) {
			// Beyond the window, older matches follow newest first.
			var older []int64
			err = s.conn(ctx).Raw(`SELECT p.id FROM products p WHERE `+walked+` AND p.id < ? AND `+filters+` ORDER BY p.id DESC LIMIT ?`,
				slices.Concat(matchArgs, []any{slices.Min(ids)}, whereArgs, []any{need - len(ids)})...).Scan(&older).Error
			ids = append(ids, older...)
		}
		if offset >= len(ids) {
			ids = nil
		} else {
			ids = ids[offset:min(len(ids), offset+limit)]
		}
	}
	if err != nil || len(ids) == 0 {
		return nil, n, err
	}
	rows, err := s.hitRows(ctx, ids)
	return rows, n, err
}

// closedShops returns the ids of the shops that are not open: few, and
// usually none.
func (s *Store) closedShops(ctx context.Context) ([]int64, error) {
	return merchants.ClosedIDs(s.conn(ctx))
}

// maxWalkSpan is the widest range of ids that searchPostgres walks, newest
// first, testing each row, to find relevanceWindow matches (~0.6 us a
// row); a wider one is asked of the GIN index (see newestMatches), whose
// bitmaps cost 4-6 ms whatever the range.
const maxWalkSpan = 8000

// newestMatches returns the ids of the want newest matches on PostgreSQL
// when there are many (more than CountCap), newest first. It asks the
// GIN index for the matches in a range of the newest ids at a time (span
// ids, at least 4,096, then four times as many each step), so that only
// the matches in range are read: walking products newest first and testing each row's
// tsvector met 500 matches of a query in 3% of the products after ~17,000
// rows, while the index finds them without reading the rows between.
func (s *Store) newestMatches(ctx context.Context, indexed, filters string, matchArgs, whereArgs []any, want int, span int64) ([]int64, error) {
	var top int64
	if err := s.conn(ctx).Raw(`SELECT COALESCE(MAX(id), 0) FROM products`).Row().Scan(&top); err != nil {
		return nil, err
	}
	var ids []int64
	// With index scans off, the planner ANDs the GIN index's bitmap with
	// the primary key's over the range (and a filter index's); left to
	// itself it sometimes walked the range and tested every row (40 ms
	// for "mug" in stock under a price).
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SET LOCAL enable_indexscan = off`).Error; err != nil {
			return err
		}
		for hi, span := top, max(span, 4096); hi > 0 && len(ids) < want; span *= 4 {
			lo := max(1, hi-span+1)
			var got []int64
			err := tx.Raw(`SELECT p.id FROM products p WHERE `+indexed+` AND p.id BETWEEN ? AND ? AND `+filters+` ORDER BY p.id + 0 DESC LIMIT ?`,
				slices.Concat(matchArgs, []any{lo, hi}, whereArgs, []any{want - len(ids)})...).Scan(&got).Error
			if err != nil {
				return err
			}
			ids = append(ids, got...)
			hi = lo - 1
		}
		return nil
	})
	return ids, err
}
