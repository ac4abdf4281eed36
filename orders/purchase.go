package orders

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mall-project/mall/database"
)

// PurchasedLine is what the mall knows of one bought order line, for the
// packages that decide what its buyer may do with it (reviews): who placed
// it, what it was, and how far its order went.
type PurchasedLine struct {
	LineID       int64
	MerchantID   int64
	OrderID      int64
	OrderNumber  string
	ProductID    int64
	VariantID    int64
	Title        string
	VariantTitle string
	UnitPrice    int64
	Quantity     int
	// RefundedQuantity counts the items refunded or being refunded.
	RefundedQuantity int
	Currency         string
	// AccountID is the account that placed the order; nil for a guest.
	AccountID   *int64
	Email       string
	Locale      string
	Status      Status
	PlacedAt    time.Time
	PaidAt      *time.Time
	DeliveredAt *time.Time
	DisputedAt  *time.Time
}

// Refunded reports whether any of the line was refunded (or is being).
func (l *PurchasedLine) Refunded() bool {
	return l.RefundedQuantity > 0 || l.Status == StatusRefunded
}

// Withdrawn reasons: why a purchase no longer stands.
const (
	WithdrawnRefund     = "refund"
	WithdrawnChargeback = "chargeback"
)

// PurchaseWithdrawn says that some lines of an order no longer stand as a
// purchase: they were refunded, or the payment was charged back.
type PurchaseWithdrawn struct {
	MerchantID int64
	OrderID    int64
	LineIDs    []int64
	// Reason is WithdrawnRefund or WithdrawnChargeback.
	Reason string
	At     time.Time
}

// OnPurchaseWithdrawn registers fn to run inside the transaction that
// refunds lines (CompleteRefund) or records a chargeback (RecordDispute),
// so what depends on the purchase (a verified review) changes in the same
// commit. An error from fn rolls the whole change back. Register at
// start-up. Packages that depend on orders hook in here; orders imports
// none of them.
func (s *Store) OnPurchaseWithdrawn(fn func(tx *gorm.DB, ev PurchaseWithdrawn) error) {
	s.withdrawn = append(s.withdrawn, fn)
}

func (s *Store) purchaseWithdrawn(tx *gorm.DB, ev PurchaseWithdrawn) error {
	if len(ev.LineIDs) == 0 {
		return nil
	}
	for _, fn := range s.withdrawn {
		if err := fn(tx, ev); err != nil {
			return fmt.Errorf("orders: after %s of order %d: %w", ev.Reason, ev.OrderID, err)
		}
	}
	return nil
}

// PurchasedLineIn reads one order line and its order inside tx. With lock
// it holds the order and then the line (the order refunds take them in)
// until tx ends, so a refund or chargeback cannot slip in between a check
// and the write that depends on it. On SQLite the write transaction
// already holds the database.
func PurchasedLineIn(tx *gorm.DB, lineID int64, lock bool) (*PurchasedLine, error) {
	var l OrderLine
	if err := tx.First(&l, "id = ?", lineID).Error; err != nil {
		return nil, database.NotFound(err, "order line")
	}
	var o Order
	q := tx.Scopes(database.InMerchant(l.MerchantID))
	if lock && database.DialectOf(tx) == database.Postgres {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	if err := q.First(&o, "id = ?", l.OrderID).Error; err != nil {
		return nil, database.NotFound(err, "order")
	}
	if lock && database.DialectOf(tx) == database.Postgres {
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).First(&l, "id = ?", lineID).Error; err != nil {
			return nil, database.NotFound(err, "order line")
		}
	}
	return purchased(&o, &l), nil
}

func purchased(o *Order, l *OrderLine) *PurchasedLine {
	return &PurchasedLine{
		LineID: l.ID, MerchantID: l.MerchantID, OrderID: o.ID, OrderNumber: o.Number,
		ProductID: l.ProductID, VariantID: l.VariantID, Title: l.Title, VariantTitle: l.VariantTitle,
		UnitPrice: l.UnitPrice, Quantity: l.Quantity, RefundedQuantity: l.RefundedQuantity,
		Currency: o.Currency, AccountID: o.AccountID, Email: o.Email, Locale: o.Locale, Status: o.Status,
		PlacedAt: o.PlacedAt, PaidAt: o.PaidAt, DeliveredAt: o.DeliveredAt, DisputedAt: o.DisputedAt,
	}
}

// PurchasedLine reads one order line and its order.
func (s *Store) PurchasedLine(ctx context.Context, lineID int64) (*PurchasedLine, error) {
	return PurchasedLineIn(s.conn(ctx), lineID, false)
}

// DeliveredLinesOfAccount returns the lines of a shopper's delivered
// orders, newest first (at most limit), across the mall: the shopper's
// own purchases.
func (s *Store) DeliveredLinesOfAccount(ctx context.Context, accountID int64, limit int) ([]PurchasedLine, error) {
	var ords []Order
	err := s.conn(ctx).Preload("Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Where("account_id = ? AND status = ? AND delivered_at IS NOT NULL", accountID, StatusDelivered).
		Order("delivered_at DESC, id DESC").Limit(limit).Find(&ords).Error
	if err != nil {
		return nil, fmt.Errorf("orders: delivered orders of account %d: %w", accountID, err)
	}
	var out []PurchasedLine
	for i := range ords {
		for j := range ords[i].Lines {
			out = append(out, *purchased(&ords[i], &ords[i].Lines[j]))
		}
	}
	return out, nil
}
