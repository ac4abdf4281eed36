package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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
	// SortRating puts the best verified rating first (see ratingOrder).
	SortRating Sort = "rating"
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
	// terms holds, for the words the index knows few completions of,
	// those completions (see expandPrefixes).
	terms map[string][]string
}

// maxCompletions is how many terms a word may complete to and still be
// searched as those terms rather than as a prefix.
const maxCompletions = 8

// expandPrefixes looks up, for each word of at least shortest letters,
// the terms of the index's term table it completes to, and keeps them in
// pq when there are at most maxCompletions: a word searched as a handful
// of terms costs each database less than the same word as a prefix (see
// the planners' prepare). A word no term starts with stays a prefix: it
// finds nothing, at no cost.
func (s *Store) expandPrefixes(ctx context.Context, pq *parsedQuery, table string, shortest int) error {
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
	RatingSum       int64
	RatingCount     int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
	PublishedAt     *time.Time
	MerchantSlug    string
	MerchantName    string
}

// hitColumns are what a result card needs of p (products) and m (merchants).
const hitColumns = `p.id, p.merchant_id, p.title, p.slug, p.status, p.tags, p.featured, p.min_price, p.currency,
	p.in_stock, p.primary_image_key, p.rating_sum, p.rating_count, p.created_at, p.updated_at, p.published_at,
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

// searchPlanner is how one database answers a text search: each index
// (SQLite's FTS5 table, PostgreSQL's tsvector columns and GIN indexes)
// has its own costs, and its planner is written for them. The store picks
// one from the dialect when it is built (see newSearchPlanner); what a
// query means (the parsed words, the filters, the orders, paging and the
// totals) is the same for both, here.
type searchPlanner interface {
	// prepare readies pq, which has text, for the database's index:
	// the known completions of its words, and q's shop when the index
	// can name it (shopInMatch, so that the filter leaves it out).
	prepare(ctx context.Context, q SearchQuery, pq *parsedQuery) (shopInMatch bool, err error)
	// textPage finds one page of a text search in q's order, and how many
	// match up to CountCap+1 when it found out on the way (else -1).
	textPage(ctx context.Context, q SearchQuery, pq parsedQuery, f filter, limit, offset int) ([]hitRow, int, error)
	// textCount counts the matches of a text search, up to CountCap
	// (capped reports that more match).
	textCount(ctx context.Context, pq parsedQuery, f filter) (n int64, capped bool, err error)
	// join is how a statement joins merchants m to products p driven
	// by p.
	join() string
}

func newSearchPlanner(s *Store) searchPlanner {
	if s.dialect == database.Postgres {
		return postgresSearch{s}
	}
	return sqliteSearch{s}
}

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
	shopInMatch := false
	if !pq.empty() {
		var err error
		if shopInMatch, err = s.planner.prepare(ctx, q, &pq); err != nil {
			return nil, fmt.Errorf("catalog: search %q: %w", pq.String(), err)
		}
	}
	f := searchFilter(q, featuredOnly, shopInMatch)
	var rows []hitRow
	var err error
	counted := -1 // how many match, up to CountCap+1, when the search found out
	if pq.empty() {
		rows, err = s.browse(ctx, q, f, limit, offset)
	} else {
		rows, counted, err = s.planner.textPage(ctx, q, pq, f, limit, offset)
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
	case pq.empty():
		if res.Total, err = s.countBrowse(ctx, f); err != nil {
			return nil, fmt.Errorf("catalog: count search: %w", err)
		}
	default:
		res.Total, res.TotalCapped, err = s.planner.textCount(ctx, pq, f)
		if err != nil {
			return nil, fmt.Errorf("catalog: count search %q: %w", pq.String(), err)
		}
	}
	res.Hits = make([]ProductHit, len(rows))
	for i, r := range rows {
		res.Hits[i] = ProductHit{
			Product: Product{ID: r.ID, MerchantID: r.MerchantID, Title: r.Title, Slug: r.Slug, Status: r.Status,
				Tags: r.Tags, Featured: r.Featured, MinPrice: r.MinPrice, Currency: r.Currency, InStock: r.InStock,
				PrimaryImageKey: r.PrimaryImageKey, RatingSum: r.RatingSum, RatingCount: r.RatingCount, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, PublishedAt: r.PublishedAt},
			MerchantSlug: r.MerchantSlug, MerchantName: r.MerchantName,
			MinPrice: r.MinPrice, Currency: r.Currency, InStock: r.InStock, ImageKey: r.PrimaryImageKey,
		}
	}
	return res, nil
}

// browse is one page of products without text, in the query's order
// (newest first unless a price order is asked). Both databases answer it
// alike from the products' order indexes.
func (s *Store) browse(ctx context.Context, q SearchQuery, f filter, limit, offset int) ([]hitRow, error) {
	var rows []hitRow
	err := s.conn(ctx).Raw(`SELECT `+hitColumns+` FROM products p JOIN merchants m ON m.id = p.merchant_id
		WHERE `+f.sql()+` ORDER BY `+searchOrder(q.Sort, "p", "")+` LIMIT ? OFFSET ?`, append(slices.Clone(f.args), limit, offset)...).Scan(&rows).Error
	return rows, err
}

// countBrowse counts the products a browse without text finds, exactly.
func (s *Store) countBrowse(ctx context.Context, f filter) (int64, error) {
	var n int64
	err := s.conn(ctx).Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM products p `+s.planner.join()+` merchants m ON m.id = p.merchant_id WHERE `+f.sql()+`) AS c`,
		f.args...).Scan(&n).Error
	return n, err
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

// hitRows loads the hits of ids, in that order.
func (s *Store) hitRows(ctx context.Context, ids []int64) ([]hitRow, error) {
	var rows []hitRow
	err := s.conn(ctx).Raw(`SELECT `+hitColumns+` FROM products p `+s.planner.join()+` merchants m ON m.id = p.merchant_id WHERE p.id IN ?`, ids).
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

// relevanceWindow bounds the matches bm25 ranks in one tier. When more
// products match, relevance ranks the relevanceWindow newest of them (by
// id) and lists the older ones after, newest first. For a common word
// (in 6,000 of 100,000 titles) ranking every match cost 10-20 ms while
// the page shows 24: bm25 mostly orders the titles that hold the word by
// their length, and among the 500 newest there are short ones.
// The order is the same on every page, so paging neither repeats nor
// skips a product.
const relevanceWindow = 500

// searchOrder is the ORDER BY of sort over products t, with score the
// relevance column ("" when none).
func searchOrder(sort Sort, t, score string) string {
	switch sort {
	case SortPriceAsc:
		return t + ".min_price ASC, " + t + ".id DESC"
	case SortPriceDesc:
		return t + ".min_price DESC, " + t + ".id DESC"
	case SortRating:
		return ratingOrder(t)
	case SortNewest:
	default:
		if score != "" {
			return score + " DESC, " + t + ".id DESC"
		}
	}
	return t + ".published_at DESC, " + t + ".id DESC"
}

// closedShops returns the ids of the shops that are not open: few, and
// usually none.
func (s *Store) closedShops(ctx context.Context) ([]int64, error) {
	return merchants.ClosedIDs(s.conn(ctx))
}
