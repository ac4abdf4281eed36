package catalog

import "context"

// MigrateSearchCJKChars is migration 0308, for the test that runs it over
// an index written before it.
var MigrateSearchCJKChars = migrateSearchCJKChars

// BackfillProductRatings is the backfill of migration
// 20261201T2340_catalog_product_ratings.
var BackfillProductRatings = backfillProductRatings

// CountText is the count a search asks its planner for when the page it
// found does not tell the total (see searchPlanner.textCount).
func (s *Store) CountText(ctx context.Context, q SearchQuery) (int64, bool, error) {
	pq := parseQuery(q.Text)
	shopInMatch, err := s.planner.prepare(ctx, q, &pq)
	if err != nil {
		return 0, false, err
	}
	return s.planner.textCount(ctx, pq, searchFilter(q, false, shopInMatch))
}
