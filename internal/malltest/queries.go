package malltest

import (
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"
)

// Queries counts the SQL statements a database handle runs, through gorm
// callbacks on every kind of statement (queries, raw reads, writes), so
// that a test can say how many round trips a page costs.
type Queries struct {
	mu   sync.Mutex
	on   bool
	sqls []string
}

// CountQueries starts counting nothing: call Start to count from then on.
// Register it before the app serves requests (gorm's callbacks are not
// meant to change while statements run).
func CountQueries(t testing.TB, db *gorm.DB) *Queries {
	t.Helper()
	q := &Queries{}
	record := func(tx *gorm.DB) {
		if sql := tx.Statement.SQL.String(); sql != "" {
			q.mu.Lock()
			if q.on {
				q.sqls = append(q.sqls, strings.Join(strings.Fields(sql), " "))
			}
			q.mu.Unlock()
		}
	}
	cb := db.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("malltest:count_query", record),
		cb.Row().After("gorm:row").Register("malltest:count_row", record),
		cb.Raw().After("gorm:raw").Register("malltest:count_raw", record),
		cb.Create().After("gorm:create").Register("malltest:count_create", record),
		cb.Update().After("gorm:update").Register("malltest:count_update", record),
		cb.Delete().After("gorm:delete").Register("malltest:count_delete", record),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return q
}

// Start forgets what was counted and counts from now.
func (q *Queries) Start() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.on, q.sqls = true, nil
}

// Stop ends counting and returns the statements run since Start, in order.
func (q *Queries) Stop() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.on = false
	return q.sqls
}
