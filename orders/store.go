package orders

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/outbox"
)

// DefaultCheckoutTTL is how long an unpaid card checkout holds its stock.
const DefaultCheckoutTTL = 30 * time.Minute

// Options tune a Store.
type Options struct {
	// CheckoutTTL is how long an unpaid card checkout keeps its stock
	// before it expires; 0 means DefaultCheckoutTTL. Unpaid offline
	// orders expire after the window their shop set instead.
	CheckoutTTL time.Duration
	// MaxUnpaidOffline is how many offline checkouts awaiting payment one
	// email or client may hold; 0 means DefaultMaxUnpaidOffline.
	MaxUnpaidOffline int
	// Outbox receives the events checkouts and orders publish, in the
	// same transaction as the change; nil publishes nothing.
	Outbox *outbox.Queue
	// OnStockChange is called after the commit of every write that moved
	// stock, with each variant's units before and after (usually
	// catalog.Store.NotifyStockMoved).
	OnStockChange func(moves []catalog.StockMove)
}

// Store reads and writes carts, shipping methods, checkouts and orders.
// Methods on merchant-owned things take the merchant; carts and checkouts
// belong to the shopper and are reached through a CartOwner or their id.
type Store struct {
	mall.Clock
	db      *gorm.DB
	dialect database.Dialect
	opts    Options
	// withdrawn run inside refunds and chargebacks (OnPurchaseWithdrawn).
	withdrawn []func(tx *gorm.DB, ev PurchaseWithdrawn) error
}

// NewStore returns a Store on db.
func NewStore(db *gorm.DB, opts Options) *Store {
	if opts.CheckoutTTL <= 0 {
		opts.CheckoutTTL = DefaultCheckoutTTL
	}
	if opts.MaxUnpaidOffline <= 0 {
		opts.MaxUnpaidOffline = DefaultMaxUnpaidOffline
	}
	if opts.Outbox != nil {
		opts.Outbox.Declare(Topics...)
	}
	return &Store{db: db, dialect: database.DialectOf(db), opts: opts}
}

func (s *Store) conn(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

func (s *Store) now() time.Time { return s.Clock.Now() }

// stockChanged tells the listener, after a commit, what stock moved.
func (s *Store) stockChanged(moves []catalog.StockMove) {
	if s.opts.OnStockChange == nil || len(moves) == 0 {
		return
	}
	s.opts.OnStockChange(moves)
}
