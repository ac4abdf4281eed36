package catalog

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/mall-project/mall/database"
)

// Typo tolerance: a word that starts no term of the index is replaced by
// the closest term within one edit (short words) or two (longer ones).
// Candidates share the word's first letter, which keeps the lookup to a
// slice of the vocabulary; a typo in the first letter is not corrected.

// maxTermSentinel sorts after every string that starts with a given prefix.
const maxTermSentinel = "\U0010FFFF"

func (s *Store) correct(ctx context.Context, words []string) ([]string, bool, error) {
	out := make([]string, len(words))
	changed := false
	for i, w := range words {
		out[i] = w
		n := utf8.RuneCountInString(w)
		if n < 3 {
			continue
		}
		known, err := s.termWithPrefix(ctx, w)
		if err != nil {
			return nil, false, err
		}
		if known {
			continue
		}
		maxDist := 1
		if n > 4 {
			maxDist = 2
		}
		cands, err := s.candidates(ctx, w, maxDist)
		if err != nil {
			return nil, false, err
		}
		best, bestDist, bestDocs := "", maxDist+1, int64(-1)
		for _, c := range cands {
			d := editDistance(w, c.term)
			if d > maxDist {
				continue
			}
			if d < bestDist || (d == bestDist && c.docs > bestDocs) {
				best, bestDist, bestDocs = c.term, d, c.docs
			}
		}
		if best != "" {
			out[i] = best
			changed = true
		}
	}
	return out, changed, nil
}

func (s *Store) termWithPrefix(ctx context.Context, prefix string) (bool, error) {
	// Both lists are plain tables with the term as the key (migrations
	// 0302 and 0305).
	table := "product_search_terms"
	if s.dialect == database.Postgres {
		table = "search_terms"
	}
	var terms []string
	err := s.conn(ctx).Raw("SELECT term FROM "+table+" WHERE term >= ? AND term < ? LIMIT 1", prefix, prefix+maxTermSentinel).
		Scan(&terms).Error
	if err != nil {
		return false, fmt.Errorf("catalog: vocabulary: %w", err)
	}
	return len(terms) > 0, nil
}

type candidate struct {
	term string
	docs int64
}

func (s *Store) candidates(ctx context.Context, w string, maxDist int) ([]candidate, error) {
	first, _ := utf8.DecodeRuneInString(w)
	lo, hi := string(first), string(first)+maxTermSentinel
	n := utf8.RuneCountInString(w)
	var rows []struct {
		Term string
		Docs int64
	}
	var err error
	switch {
	case s.dialect == database.SQLite:
		err = s.conn(ctx).Raw(`SELECT term, doc AS docs FROM product_search_vocab WHERE term >= ? AND term < ?`, lo, hi).
			Scan(&rows).Error
	case s.hasTrigrams(ctx):
		err = s.conn(ctx).Raw(`SELECT term, 0 AS docs FROM search_terms WHERE term % ? ORDER BY similarity(term, ?) DESC LIMIT 50`, w, w).
			Scan(&rows).Error
	default:
		err = s.conn(ctx).Raw(`SELECT term, 0 AS docs FROM search_terms WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?`,
			lo, hi, n-maxDist, n+maxDist).Scan(&rows).Error
	}
	if err != nil {
		return nil, fmt.Errorf("catalog: vocabulary near %q: %w", w, err)
	}
	out := make([]candidate, 0, len(rows))
	for _, r := range rows {
		if m := utf8.RuneCountInString(r.Term); m >= n-maxDist && m <= n+maxDist {
			out = append(out, candidate{r.Term, r.Docs})
		}
	}
	return out, nil
}

// hasTrigrams reports whether pg_trgm is installed (the migration tries to
// install it; it needs the right to).
func (s *Store) hasTrigrams(ctx context.Context) bool {
	s.trgmOnce.Do(func() {
		var n int64
		if err := s.conn(ctx).Raw(`SELECT COUNT(*) FROM pg_extension WHERE extname = 'pg_trgm'`).Scan(&n).Error; err == nil {
			s.trgm = n > 0
		}
	})
	return s.trgm
}

// editDistance is the optimal-string-alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours each cost 1.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
