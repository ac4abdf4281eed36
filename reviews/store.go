package reviews

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
)

// Options are what a Store is built from.
type Options struct {
	Orders    *orders.Store
	Catalog   *catalog.Store
	Merchants *merchants.Store
	// Accounts tells who is an operator, for moderation.
	Accounts *accounts.Store
	// Media stores the photos reviewers attach, with the checks product
	// images get.
	Media media.Store
	// Key signs the review log's checkpoints.
	Key *LogKey
	// OnChange is called after the commit of every change that moves
	// what a merchant's product pages show (usually
	// catalog.Store.NotifyChanged, which drops the cached pages).
	OnChange func(merchantID int64)
}

// Store reads and writes reviews, replies, aggregates and the review log.
type Store struct {
	mall.Clock
	db   *gorm.DB
	opts Options
	// signalsQ, once RegisterSignals is called, recomputes a shop's
	// integrity signals after the changes that move them.
	signalsQ *outbox.Queue
}

// NewStore returns a Store on db and hooks it into the orders' refunds
// and chargebacks, so that they de-verify reviews in their own
// transaction.
func NewStore(db *gorm.DB, opts Options) *Store {
	s := &Store{db: db, opts: opts}
	if opts.Orders != nil {
		opts.Orders.OnPurchaseWithdrawn(s.purchaseWithdrawn)
	}
	return s
}

func (s *Store) conn(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

func (s *Store) now() time.Time { return s.Clock.Now() }

// Key is the log's signing key.
func (s *Store) Key() *LogKey { return s.opts.Key }

func (s *Store) changed(merchantID int64) {
	if s.opts.OnChange != nil {
		s.opts.OnChange(merchantID)
	}
}
