package reviews

import (
	"context"
	"fmt"
	"sort"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// TransparencyMonths is how many months the transparency page counts
// month by month.
const TransparencyMonths = 24

// MonthCounts is one calendar month (UTC, "2026-03") of the transparency
// counts: reviews received, removals by reason, reports filed and
// decided, appeals filed and decided. Each count is of what happened in
// that month.
type MonthCounts struct {
	Month            string
	Received         int64
	Removed          int64
	RemovedByReason  map[string]int64
	Reports          int64
	ReportsUpheld    int64
	ReportsDismissed int64
	Appeals          int64
	AppealsRestored  int64
	AppealsUpheld    int64
}

// monthOf is the SQL of a timestamp column's "YYYY-MM" (the mall writes
// every time in UTC).
func monthOf(db *gorm.DB, col string) string {
	if database.DialectOf(db) == database.Postgres {
		return "to_char(" + col + ", 'YYYY-MM')"
	}
	return "substr(" + col + ", 1, 7)"
}

// TransparencyByMonth counts month by month, newest first, the last
// TransparencyMonths months with anything to count: across the mall with
// merchantID 0, else for that shop.
func (s *Store) TransparencyByMonth(ctx context.Context, merchantID int64) ([]MonthCounts, error) {
	db := s.conn(ctx)
	scope := func(q *gorm.DB) *gorm.DB {
		if merchantID != 0 {
			return q.Scopes(database.InMerchant(merchantID))
		}
		return q
	}
	months := map[string]*MonthCounts{}
	at := func(m string) *MonthCounts {
		c := months[m]
		if c == nil {
			c = &MonthCounts{Month: m, RemovedByReason: map[string]int64{}}
			months[m] = c
		}
		return c
	}
	type row struct {
		M     string
		Key   string
		N     int64
		Extra string
	}
	count := func(model any, col, key, where string, args []any, apply func(r row)) error {
		var rows []row
		q := scope(db.Model(model)).Select(monthOf(db, col) + " AS m, " + key + " AS key, COUNT(*) AS n").
			Where(col + " IS NOT NULL")
		if where != "" {
			q = q.Where(where, args...)
		}
		if err := q.Group("m, key").Scan(&rows).Error; err != nil {
			return fmt.Errorf("reviews: transparency by month: %w", err)
		}
		for _, r := range rows {
			if len(r.M) == 7 {
				apply(r)
			}
		}
		return nil
	}
	steps := []func() error{
		func() error {
			return count(&Review{}, "created_at", "''", "", nil, func(r row) { at(r.M).Received += r.N })
		},
		func() error {
			return count(&Decision{}, "created_at", "reason", "kind = ?", []any{"removal"}, func(r row) {
				c := at(r.M)
				c.Removed += r.N
				c.RemovedByReason[r.Key] += r.N
			})
		},
		func() error {
			return count(&Report{}, "created_at", "''", "", nil, func(r row) { at(r.M).Reports += r.N })
		},
		func() error {
			return count(&Report{}, "decided_at", "status", "", nil, func(r row) {
				switch ReportStatus(r.Key) {
				case ReportUpheld:
					at(r.M).ReportsUpheld += r.N
				case ReportDismissed:
					at(r.M).ReportsDismissed += r.N
				}
			})
		},
		func() error {
			return count(&Review{}, "appealed_at", "''", "", nil, func(r row) { at(r.M).Appeals += r.N })
		},
		func() error {
			return count(&Decision{}, "created_at", "outcome", "kind = ?", []any{"appeal"}, func(r row) {
				if Status(r.Key) == StatusPublished {
					at(r.M).AppealsRestored += r.N
				} else {
					at(r.M).AppealsUpheld += r.N
				}
			})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	out := make([]MonthCounts, 0, len(months))
	for _, c := range months {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Month > out[j].Month })
	if len(out) > TransparencyMonths {
		out = out[:TransparencyMonths]
	}
	return out, nil
}

// ShopsWithReviewsAcrossMall lists the ids of the shops that received a
// review, for the transparency page's per-shop counts.
func (s *Store) ShopsWithReviewsAcrossMall(ctx context.Context) ([]int64, error) {
	var ids []int64
	if err := s.conn(ctx).Model(&Aggregate{}).Where("product_id = 0 AND review_count > 0").Order("merchant_id").
		Pluck("merchant_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("reviews: shops with reviews: %w", err)
	}
	return ids, nil
}
