package orders

import (
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// transitions is the order state machine: the only moves there are. It
// goes forward only; cancelled -> paid is the one way back, taken when a
// card payment arrives after its checkout expired (a paid order is never
// lost).
var transitions = map[Status]map[Status]bool{
	StatusPendingPayment: {StatusPaid: true, StatusCancelled: true},
	StatusPaid:           {StatusShipped: true, StatusRefunded: true},
	StatusShipped:        {StatusDelivered: true, StatusRefunded: true},
	StatusDelivered:      {StatusRefunded: true},
	StatusCancelled:      {StatusPaid: true},
}

// progress ranks the statuses along the way an order goes, to tell a
// replayed or late request (asking for a status the order has passed)
// from a wrong one.
var progress = map[Status]int{
	StatusPendingPayment: 0, StatusPaid: 1, StatusShipped: 2, StatusDelivered: 3, StatusRefunded: 4,
}

// stampColumn is the timestamp set when an order reaches a status.
var stampColumn = map[Status]string{
	StatusPaid: "paid_at", StatusShipped: "shipped_at", StatusDelivered: "delivered_at", StatusCancelled: "cancelled_at",
}

// CanMove reports whether an order in status from may move to status to.
func CanMove(from, to Status) bool { return transitions[from][to] }

// decide says whether moving from -> to is a change (true), a replay or a
// late request for a status already passed (false, nil: nothing to do),
// or a move the state machine does not allow (EConflict).
func decide(from, to Status) (bool, error) {
	if from == to {
		return false, nil
	}
	if CanMove(from, to) {
		return true, nil
	}
	if r, ok := progress[from]; ok && from != StatusCancelled {
		if rt, ok := progress[to]; ok && r > rt {
			return false, nil
		}
	}
	return false, &mall.Error{Code: mall.EConflict, Key: "orders.error.status_conflict",
		Message: fmt.Sprintf("an order %s cannot become %s", from, to)}
}

// forUpdate makes a read hold the rows it reads for the rest of the
// transaction: FOR UPDATE on PostgreSQL. SQLite has no row locks and
// needs none: every transaction there is immediate and holds the whole
// database from BEGIN. A transition decides on a status read this way (or
// on a conditional update), never on one read before the lock, so no one
// changes the order between the read and the write.
func forUpdate(tx *gorm.DB) *gorm.DB { return tx.Clauses(clause.Locking{Strength: "UPDATE"}) }

// move takes the order o to status to, if the state machine says it is a
// change, plus an event. o must have been read in tx under its lock
// (readOrder, ordersOf): the decision is taken on that status, and the
// update is conditional on it as a guard. set holds further columns to
// write. It returns whether the order moved.
func move(tx *gorm.DB, o *Order, to Status, kind EventKind, by Actor, note string, set map[string]any, now time.Time) (bool, error) {
	change, err := decide(o.Status, to)
	if err != nil || !change {
		return false, err
	}
	cols := map[string]any{"status": to, "updated_at": now}
	if c := stampColumn[to]; c != "" {
		cols[c] = now
	}
	for k, v := range set {
		cols[k] = v
	}
	res := tx.Model(&Order{}).Scopes(database.InMerchant(o.MerchantID)).
		Where("id = ? AND status = ?", o.ID, o.Status).Updates(cols)
	if res.Error != nil {
		return false, fmt.Errorf("orders: order %d %s -> %s: %w", o.ID, o.Status, to, res.Error)
	}
	if res.RowsAffected != 1 {
		// Deciding again on a status read now would be deciding outside
		// the lock: the caller did not hold the order.
		return false, fmt.Errorf("orders: order %d changed from %s under its lock", o.ID, o.Status)
	}
	from := o.Status
	o.Status, o.UpdatedAt = to, now
	ev := newEvent(o, kind, from, to, by, note, now)
	if err := tx.Create(&ev).Error; err != nil {
		return false, fmt.Errorf("orders: record %s of order %d: %w", kind, o.ID, err)
	}
	return true, nil
}

// record adds an event that changes no status.
func record(tx *gorm.DB, o *Order, kind EventKind, by Actor, note string, now time.Time) error {
	ev := newEvent(o, kind, o.Status, o.Status, by, note, now)
	if err := tx.Create(&ev).Error; err != nil {
		return fmt.Errorf("orders: record %s of order %d: %w", kind, o.ID, err)
	}
	return nil
}
