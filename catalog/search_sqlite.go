package catalog

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// sqliteSearch plans text searches on SQLite's FTS5 table
// product_search (migration 0304): it ranks with bm25 on the index
// alone, and CROSS JOINs fix the order of every join so that the FTS
// table drives (left to itself, the planner may loop over products and
// re-run the MATCH for every row).
type sqliteSearch struct{ *Store }

// prepare names q's shop in the FTS expression (the index's shop column
// holds one token per product) and expands the words of four letters or
// more whose completions are few (product_search_terms, migration 0305).
// FTS5 answers a prefix longer than its prefix indexes (2 and 3) by
// merging the lists of every completion into one before it returns the
// first match: 2 ms for a word in 17,000 products, paid again by every
// statement of a search. A handful of terms joined by OR are read lazily
// instead, so a search that needs the newest 500 or the first 2,001 reads
// no further.
func (s sqliteSearch) prepare(ctx context.Context, q SearchQuery, pq *parsedQuery) (bool, error) {
	pq.shop = q.MerchantID
	if len(pq.words) > 0 {
		if err := s.expandPrefixes(ctx, pq, "product_search_terms", 4); err != nil {
			return false, err
		}
	}
	return q.MerchantID != 0, nil
}

// textPage ranks by relevance in two tiers (see rankSQLite); any other
// order is pageRows'.
func (s sqliteSearch) textPage(ctx context.Context, q SearchQuery, pq parsedQuery, f filter, limit, offset int) ([]hitRow, int, error) {
	if q.Sort != "" && q.Sort != SortRelevance {
		return s.pageRows(ctx, q, pq, f, limit, offset)
	}
	ids, err := s.rankSQLite(ctx, pq, f, offset+limit)
	if err != nil || offset >= len(ids) {
		return nil, -1, err
	}
	rows, err := s.hitRows(ctx, ids[offset:])
	return rows, -1, err
}

// join fixes the order of a join: the left table drives.
func (sqliteSearch) join() string { return "CROSS JOIN" }

// matchFrom is the FROM clause of products p matching pq, FTS table first.
const matchFrom = "product_search CROSS JOIN " + filterProducts + " ON p.id = product_search.rowid"

// filterProducts is products p on SQLite when a query looks products up
// by id only to test the filters: products_search_filter (migration 0306)
// holds the id and every column a filter reads, in a fraction of the
// pages of the table, whose rows carry descriptions. Testing 2,000
// matches cost half as much through it.
const filterProducts = "products p INDEXED BY products_search_filter"

// textCount counts the matches of a text search, up to CountCap: from the
// FTS table alone when no filter narrows it (see countInIndex), else
// through products and merchants.
func (s sqliteSearch) textCount(ctx context.Context, pq parsedQuery, f filter) (int64, bool, error) {
	if !f.narrow && !f.broad {
		n, ok, err := s.countInIndex(ctx, pq)
		if err != nil {
			return 0, false, err
		}
		if ok {
			return min(n, CountCap), n > CountCap, nil
		}
	}
	var n int64
	err := s.conn(ctx).Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM `+matchFrom+` CROSS JOIN merchants m ON m.id = p.merchant_id
		WHERE product_search MATCH ? AND `+f.sql()+` LIMIT ?) AS c`, slices.Concat([]any{pq.ftsMatch()}, f.args, []any{CountCap + 1})...).Scan(&n).Error
	if err != nil {
		return 0, false, err
	}
	if n > CountCap {
		return CountCap, true, nil
	}
	return n, false, nil
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

// countInIndex counts the open products pq finds, up to CountCap+1,
// from the FTS table alone (ok is false when it cannot). The table holds
// only active products, each with its shop's token, so the matches in
// open shops are all the matches less those in the shops that are not
// open, which are few and counted by their tokens. Counting 2,000 matches
// through products and merchants cost 5-15 ms; this costs the FTS walk,
// about 1 ms for a word.
func (s sqliteSearch) countInIndex(ctx context.Context, pq parsedQuery) (n int64, ok bool, err error) {
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

// pageRows is one page of a text search in any order but relevance, and,
// when it found out on the way, how many match up to CountCap+1 (else -1).
func (s sqliteSearch) pageRows(ctx context.Context, q SearchQuery, pq parsedQuery, f filter, limit, offset int) ([]hitRow, int, error) {
	var with, from string
	var where []string
	var n int64
	var all []int64
	switch q.Sort {
	case SortRating:
		// No index walks products in rating order: every match is
		// looked up and sorted, as when they are few.
	case SortPriceAsc, SortPriceDesc:
		// A walk by price reaches over every id at once (see
		// walkSorted): read the matches whole, and count them.
		var err error
		if all, err = s.matchIDs(ctx, pq.ftsMatch(), 0, -1); err != nil {
			return nil, -1, err
		}
		n = int64(len(all))
	default:
		if err := s.conn(ctx).Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM product_search WHERE product_search MATCH ? LIMIT ?) AS c`,
			pq.ftsMatch(), sortedWalkMin+1).Scan(&n).Error; err != nil {
			return nil, -1, err
		}
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
	args := append([]any{pq.ftsMatch()}, f.args...)
	order := searchOrder(q.Sort, "p", "")
	sql := with + `SELECT ` + hitColumns + ` FROM ` + from + ` JOIN merchants m ON m.id = p.merchant_id
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
func (s sqliteSearch) walkSorted(ctx context.Context, q SearchQuery, pq parsedQuery, f filter, all []int64, limit, offset int) (ids []int64, counted int, ok bool, err error) {
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
func (s sqliteSearch) cover(ctx context.Context, m *matchRange, chunk []int64) error {
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
func (s sqliteSearch) matchIDs(ctx context.Context, match string, lo, hi int64) ([]int64, error) {
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

// bm25 weighs title words most, then tags, then the description; a CJK
// title bigram weighs as much as a title word; the shop column only
// filters. It costs a few microseconds a match, which is what relevance on
// SQLite is about.
const bm25 = "bm25(product_search, 10.0, 4.0, 1.0, 10.0, 2.0, 0.0)"

// rankSQLite returns the ids of the best need matches, best first.
//
// Relevance comes in two tiers: products whose title holds every word of
// the query, then the others, each ranked by bm25 (within the window, see
// relevanceWindow). A common word is in thousands of titles, so the first
// tier nearly always fills the page, and bm25 is then computed only for
// titles rather than for every description that mentions the word.
func (s sqliteSearch) rankSQLite(ctx context.Context, pq parsedQuery, f filter, need int) ([]int64, error) {
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
func (s sqliteSearch) rankNarrow(ctx context.Context, pq parsedQuery, f filter, need int) (ids []int64, ok bool, err error) {
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
func (s sqliteSearch) rankTier(ctx context.Context, match string, f filter, need int, skip map[int64]bool) ([]int64, error) {
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
func (s sqliteSearch) passing(ctx context.Context, f filter, ids []int64) (map[int64]bool, error) {
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
