package catalog

import (
	"context"
	"sync"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// Store reads and writes the catalog of every merchant. Each method names
// the merchant it works for; those that cross merchants end in AcrossMall.
type Store struct {
	mall.Clock
	db      *gorm.DB
	dialect database.Dialect
	planner searchPlanner

	mu      sync.RWMutex
	onWrite []func(merchantID int64)
	onStock []func([]StockMove)

	trgmOnce sync.Once
	trgm     bool
}

// NewStore returns a Store on db.
func NewStore(db *gorm.DB) *Store {
	s := &Store{db: db, dialect: database.DialectOf(db)}
	s.planner = newSearchPlanner(s)
	return s
}

// OnChange registers fn to be called, after the commit, whenever a write
// changes what shoppers may see of merchantID's catalog (products, stock,
// images, categories). Page caches use it to drop stale pages. fn must be
// quick and must not call back into the Store's writes.
func (s *Store) OnChange(fn func(merchantID int64)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onWrite = append(s.onWrite, fn)
}

func (s *Store) changed(merchantID int64) {
	s.mu.RLock()
	fns := s.onWrite
	s.mu.RUnlock()
	for _, fn := range fns {
		fn(merchantID)
	}
}

func (s *Store) conn(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

// inTx runs fn in one transaction and reports the change to merchantID
// once it is committed.
func (s *Store) inTx(ctx context.Context, merchantID int64, fn func(tx *gorm.DB) error) error {
	if err := database.InTx(ctx, s.db, fn); err != nil {
		return err
	}
	s.changed(merchantID)
	return nil
}
