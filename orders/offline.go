package orders

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
)

// DefaultMaxUnpaidOffline is how many offline checkouts still awaiting
// payment one email address or one client may hold at once.
const DefaultMaxUnpaidOffline = 3

// offlineDue is when one shop's unpaid offline order is reminded and
// cancelled.
type offlineDue struct {
	due, remind time.Time
}

// offlineTerms checks that the shopper placing an offline checkout does
// not already hold too many unpaid ones (by email, or by the client's
// address) and returns each shop's due times, from the window the shop
// set in its payment instructions.
func (s *Store) offlineTerms(tx *gorm.DB, req *PlaceRequest, merchantIDs []int64, now time.Time) (map[int64]offlineDue, error) {
	q := tx.Table("checkouts AS c").
		Where("c.provider = ? AND c.status = ?", ProviderOffline, CheckoutPending).
		Where("EXISTS (SELECT 1 FROM orders o WHERE o.checkout_id = c.id AND o.status = ?)", StatusPendingPayment)
	if h := clientHash(req.ClientIP); h != "" {
		q = q.Where("(c.email = ? OR c.client_hash = ?)", req.Email, h)
	} else {
		q = q.Where("c.email = ?", req.Email)
	}
	var held int64
	if err := q.Count(&held).Error; err != nil {
		return nil, fmt.Errorf("orders: unpaid checkouts of %s: %w", req.Email, err)
	}
	if held >= int64(s.opts.MaxUnpaidOffline) {
		return nil, &mall.Error{Code: mall.EConflict, Key: "orders.error.unpaid_limit", Message: "too many unpaid offline checkouts",
			Args: map[string]any{"Count": s.opts.MaxUnpaidOffline}}
	}
	terms, err := merchants.PaymentInstructionsOfShops(tx, merchantIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]offlineDue, len(terms))
	for id, t := range terms {
		window := t.UnpaidWindow()
		out[id] = offlineDue{due: now.Add(window), remind: now.Add(reminderLead(window))}
	}
	return out, nil
}

// reminderLead is how long after placement the shopper is reminded: a day
// before the order is due, or half-way for a window of a day or less.
func reminderLead(window time.Duration) time.Duration {
	if window <= 48*time.Hour {
		return window / 2
	}
	return window - 24*time.Hour
}

// clientHash hashes a client's network address for storage ("" for none).
func clientHash(ip string) string {
	if ip == "" {
		return ""
	}
	return mall.HashToken("client:" + ip)
}

// ExpireDueOfflineOrders cancels every unpaid offline order past its due
// time and gives its stock back, and returns how many this call
// cancelled. Each order is cancelled by a conditional update on its
// status, so however many instances run this at once, and whatever the
// shop does at the same moment (confirming the payment, cancelling), an
// order's stock goes back exactly once.
func (s *Store) ExpireDueOfflineOrders(ctx context.Context) (int, error) {
	var due []Order
	err := s.conn(ctx).Model(&Order{}).Select("id, merchant_id, checkout_id").
		Where("status = ? AND payment_due_at IS NOT NULL AND payment_due_at < ?", StatusPendingPayment, s.now()).
		Order("id").Limit(1000).Find(&due).Error
	if err != nil {
		return 0, fmt.Errorf("orders: due offline orders: %w", err)
	}
	n := 0
	for _, o := range due {
		expired, err := s.expireOfflineOrder(ctx, o)
		if err != nil {
			return n, err
		}
		if expired {
			n++
		}
	}
	return n, nil
}

func (s *Store) expireOfflineOrder(ctx context.Context, due Order) (bool, error) {
	now := s.now()
	var expired bool
	var moves []catalog.StockMove
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		// The checkout is held before the order is read, as the shop's own
		// changes do, so the status read here is the one the move sees.
		if err := lockCheckout(tx, due.CheckoutID, now); err != nil {
			return err
		}
		o, err := readOrder(tx, due.MerchantID, due.ID)
		if err != nil {
			return err
		}
		if o.Status != StatusPendingPayment || o.PaymentDueAt == nil || !o.PaymentDueAt.Before(now) {
			return nil
		}
		moved, err := move(tx, o, StatusCancelled, EventExpired, Actor{Kind: ActorSystem}, "unpaid", nil, now)
		if err != nil || !moved {
			return err
		}
		if moves, err = giveStock(tx, linesStock(o.Lines), now); err != nil {
			return err
		}
		// A checkout none of whose orders is left alive has expired.
		err = tx.Exec(`UPDATE checkouts SET status = ?, released_at = ?, updated_at = ? WHERE id = ? AND status = ?
			AND NOT EXISTS (SELECT 1 FROM orders WHERE checkout_id = ? AND status <> ?)`,
			CheckoutExpired, now, now, o.CheckoutID, CheckoutPending, o.CheckoutID, StatusCancelled).Error
		if err != nil {
			return fmt.Errorf("orders: checkout of order %d: %w", o.ID, err)
		}
		expired = true
		return s.publish(tx, TopicOrderExpired, o.ID, orderPayload(o))
	})
	if err != nil {
		return false, err
	}
	if expired {
		s.stockChanged(moves)
	}
	return expired, nil
}

// RemindDueOfflineOrders publishes a payment reminder for every unpaid
// offline order whose reminder time has come, once per order (a
// conditional update on the reminded time), and returns how many this
// call reminded.
func (s *Store) RemindDueOfflineOrders(ctx context.Context) (int, error) {
	now := s.now()
	var due []Order
	err := s.conn(ctx).Model(&Order{}).Select("id, merchant_id").
		Where("status = ? AND payment_reminded_at IS NULL AND payment_remind_at IS NOT NULL AND payment_remind_at < ? AND payment_due_at > ?",
			StatusPendingPayment, now, now).
		Order("id").Limit(1000).Find(&due).Error
	if err != nil {
		return 0, fmt.Errorf("orders: offline orders to remind: %w", err)
	}
	n := 0
	for i := range due {
		o := &due[i]
		var reminded bool
		err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
			res := tx.Model(&Order{}).Scopes(database.InMerchant(o.MerchantID)).
				Where("id = ? AND status = ? AND payment_reminded_at IS NULL", o.ID, StatusPendingPayment).
				Update("payment_reminded_at", now)
			if res.Error != nil {
				return fmt.Errorf("orders: remind order %d: %w", o.ID, res.Error)
			}
			if res.RowsAffected == 0 {
				return nil
			}
			reminded = true
			return s.publish(tx, TopicPaymentReminder, o.ID, orderPayload(o))
		})
		if err != nil {
			return n, err
		}
		if reminded {
			n++
		}
	}
	return n, nil
}
