package catalog

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// postgresSearch plans text searches on PostgreSQL: the tsvector columns
// search_doc and search_cjk of products and their GIN indexes
// (migrations 0302 and 0307). The GIN indexes find matches in no useful
// order, so its plans are bounded by how many match (see textPage).
type postgresSearch struct{ *Store }

// prepare expands every word of two letters or more whose completions
// are few (product_search_words, migration 0307): a prefix ("head:*")
// costs the GIN index a scan of the terms it completes to that took 4-5
// ms for two common words, against 1.4 ms for the same words as plain
// lexemes, and the planner, which cannot estimate a prefix, took 40 rows
// for 2,700. The shop stays a filter.
func (s postgresSearch) prepare(ctx context.Context, _ SearchQuery, pq *parsedQuery) (bool, error) {
	if len(pq.words) == 0 {
		return false, nil
	}
	return false, s.expandPrefixes(ctx, pq, "product_search_words", 2)
}

// join lets PostgreSQL plan the join from its statistics.
func (postgresSearch) join() string { return "JOIN" }

// pgMatch is a text search written for PostgreSQL: the match on the
// tsvector columns, the filters on p with the shops that are not open left
// out by id, and the ranking.
type pgMatch struct {
	// indexed lets the planner use the GIN indexes; walked hides the
	// match from them (the result is the same).
	indexed, walked string
	filters         string
	score           []string
	matchArgs       []any
	whereArgs       []any
	scoreArgs       []any
}

// args are the arguments of a statement that has the match, then the
// filters, then extra.
func (m pgMatch) args(extra ...any) []any { return slices.Concat(m.matchArgs, m.whereArgs, extra) }

func (s postgresSearch) match(ctx context.Context, pq parsedQuery, f filter) (pgMatch, error) {
	var m pgMatch
	closed, err := s.closedShops(ctx)
	if err != nil {
		return m, err
	}
	var match []string
	for _, t := range []struct{ col, query, match string }{{"p.search_doc", pq.tsWords(), pq.tsWordsMatch()}, {"p.search_cjk", pq.tsCJK(), pq.tsCJK()}} {
		if t.query == "" {
			continue
		}
		match = append(match, t.col+" @@ to_tsquery('simple', ?)")
		m.matchArgs = append(m.matchArgs, t.match)
		m.score = append(m.score, "ts_rank("+t.col+", to_tsquery('simple', ?))")
		m.scoreArgs = append(m.scoreArgs, t.query)
	}
	where := slices.Clone(f.where)
	m.whereArgs = slices.Clone(f.args)
	if len(closed) > 0 {
		where = append(where, "p.merchant_id NOT IN ?")
		m.whereArgs = append(m.whereArgs, closed)
	}
	m.filters = strings.Join(where, " AND ")
	m.indexed = strings.Join(match, " AND ")
	m.walked = "COALESCE(" + m.indexed + ", FALSE)"
	return m, nil
}

// countMatches counts the matches of m up to CountCap+1, from the GIN
// indexes.
func (s postgresSearch) countMatches(ctx context.Context, m pgMatch) (int, error) {
	var n int
	err := s.conn(ctx).Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM products p WHERE `+m.indexed+` AND `+m.filters+` LIMIT ?) AS c`,
		m.args(CountCap+1)...).Scan(&n).Error
	return n, err
}

// textCount counts the matches of a text search, up to CountCap. textPage
// counts as it goes, so a search asks this only of a page it could not
// tell from.
func (s postgresSearch) textCount(ctx context.Context, pq parsedQuery, f filter) (int64, bool, error) {
	m, err := s.match(ctx, pq, f)
	if err != nil {
		return 0, false, err
	}
	n, err := s.countMatches(ctx, m)
	if err != nil {
		return 0, false, err
	}
	return int64(min(n, CountCap)), n > CountCap, nil
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

// textPage is one page of a text search on PostgreSQL, and how many
// match up to CountCap+1 (always counted: it bounds the work).
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
// (see pgMatch), so the planner never joins merchants to thousands of
// matches: with stale statistics on merchants it looped over the shops
// and searched the GIN index once per shop (5 s for a common word).
func (s postgresSearch) textPage(ctx context.Context, q SearchQuery, pq parsedQuery, f filter, limit, offset int) ([]hitRow, int, error) {
	m, err := s.match(ctx, pq, f)
	if err != nil {
		return nil, 0, err
	}
	indexed, walked, filters := m.indexed, m.walked, m.filters
	matchArgs, whereArgs, score, scoreArgs := m.matchArgs, m.whereArgs, m.score, m.scoreArgs
	args := m.args

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
		n, err = s.countMatches(ctx, m)
	}
	if err != nil || n == 0 {
		return nil, n, err
	}
	many := n > CountCap
	// Many matches in a date or price order are met walking its index;
	// no index holds the rating order, so those matches are found by the
	// GIN indexes and sorted, however many.
	walkOrder := many && q.Sort != SortRating
	cond := indexed
	if walkOrder {
		cond = walked
	}
	var ids []int64
	if !relevance {
		order := searchOrder(q.Sort, "p", "")
		if !walkOrder {
			// OFFSET 0 keeps the planner from walking an order index.
			order = searchOrder(q.Sort, "x", "")
			err = s.conn(ctx).Raw(`SELECT x.id FROM (SELECT p.id, p.min_price, p.published_at, p.rating_sum, p.rating_count FROM products p
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
func (s postgresSearch) newestMatches(ctx context.Context, indexed, filters string, matchArgs, whereArgs []any, want int, span int64) ([]int64, error) {
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
