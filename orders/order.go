package orders

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
)

// OrderFilter narrows a merchant's order list.
type OrderFilter struct {
	// Status is one of the order statuses, or "" for all.
	Status Status
	// Query matches the order number, the email or the ship-to name,
	// anywhere, ignoring case.
	Query   string
	Page    int
	PerPage int
}

// Page numbers start at 1; PerPage is 25 unless given, at most 100.
func pageBounds(page, perPage int) (limit, offset int) {
	return database.Page(page, perPage, 25, 100)
}

func (s *Store) orders(ctx context.Context, merchantID int64) *gorm.DB {
	return s.conn(ctx).Model(&Order{}).Scopes(database.InMerchant(merchantID))
}

// ListOrders returns one page of the merchant's orders, newest first,
// with their lines, and how many match in all.
func (s *Store) ListOrders(ctx context.Context, merchantID int64, f OrderFilter) ([]Order, int64, error) {
	q := s.orders(ctx, merchantID)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if t := strings.TrimSpace(f.Query); t != "" {
		like := database.ContainsPattern(strings.ToLower(t))
		q = q.Where("(LOWER(number) LIKE ? ESCAPE '\\' OR LOWER(email) LIKE ? ESCAPE '\\' OR LOWER(ship_name) LIKE ? ESCAPE '\\')", like, like, like)
	}
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("orders: count orders of merchant %d: %w", merchantID, err)
	}
	limit, offset := pageBounds(f.Page, f.PerPage)
	var ords []Order
	err := q.Preload("Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Order("placed_at DESC, id DESC").Limit(limit).Offset(offset).Find(&ords).Error
	if err != nil {
		return nil, 0, fmt.Errorf("orders: list orders of merchant %d: %w", merchantID, err)
	}
	if err := fillProviders(s.conn(ctx), ords); err != nil {
		return nil, 0, err
	}
	return ords, total, nil
}

// fillProviders copies each order's checkout provider onto it.
func fillProviders(db *gorm.DB, ords []Order) error {
	if len(ords) == 0 {
		return nil
	}
	ids := make([]int64, len(ords))
	for i, o := range ords {
		ids[i] = o.CheckoutID
	}
	var rows []struct {
		ID       int64
		Provider Provider
	}
	if err := db.Model(&Checkout{}).Select("id, provider").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return fmt.Errorf("orders: providers: %w", err)
	}
	by := map[int64]Provider{}
	for _, r := range rows {
		by[r.ID] = r.Provider
	}
	for i := range ords {
		ords[i].Provider = by[ords[i].CheckoutID]
	}
	return nil
}

// fillMerchants names each order's shop.
func fillMerchants(db *gorm.DB, ords []Order) error {
	if len(ords) == 0 {
		return nil
	}
	ids := make([]int64, len(ords))
	for i, o := range ords {
		ids[i] = o.MerchantID
	}
	shops, err := merchants.ShopsOf(db, ids)
	if err != nil {
		return fmt.Errorf("orders: shops of orders: %w", err)
	}
	for i := range ords {
		if m, ok := shops[ords[i].MerchantID]; ok {
			ords[i].MerchantSlug, ords[i].MerchantName = m.Slug, m.Name
		}
	}
	return nil
}

// OrderInMerchant returns one of the merchant's orders with its lines,
// events and refunds. Another merchant's order is not found.
func (s *Store) OrderInMerchant(ctx context.Context, merchantID, orderID int64) (*Order, error) {
	var o Order
	err := s.orders(ctx, merchantID).
		Preload("Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Events", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Refunds", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Refunds.Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		First(&o, "id = ?", orderID).Error
	if err != nil {
		return nil, database.NotFound(err, "order")
	}
	ords := []Order{o}
	if err := fillProviders(s.conn(ctx), ords); err != nil {
		return nil, err
	}
	if err := fillMerchants(s.conn(ctx), ords); err != nil {
		return nil, err
	}
	return &ords[0], nil
}

// OrdersOfAccount returns one page of a shopper's orders across the mall,
// newest first, with lines and shop names, and how many there are. The
// orders belong to the shopper, so this crosses merchants by design.
func (s *Store) OrdersOfAccount(ctx context.Context, accountID int64, page, perPage int) ([]Order, int64, error) {
	q := s.conn(ctx).Model(&Order{}).Where("account_id = ?", accountID)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("orders: count orders of account %d: %w", accountID, err)
	}
	limit, offset := pageBounds(page, perPage)
	var ords []Order
	err := q.Preload("Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Order("placed_at DESC, id DESC").Limit(limit).Offset(offset).Find(&ords).Error
	if err != nil {
		return nil, 0, fmt.Errorf("orders: orders of account %d: %w", accountID, err)
	}
	if err := fillProviders(s.conn(ctx), ords); err != nil {
		return nil, 0, err
	}
	if err := fillMerchants(s.conn(ctx), ords); err != nil {
		return nil, 0, err
	}
	return ords, total, nil
}

// OrderOfAccount returns one of a shopper's own orders, with its lines,
// events and refunds, for the shopper's order page. An order of someone
// else is not found.
func (s *Store) OrderOfAccount(ctx context.Context, accountID, orderID int64) (*Order, error) {
	var o Order
	err := s.conn(ctx).
		Preload("Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Events", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Refunds", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Refunds.Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Where("account_id = ?", accountID).First(&o, "id = ?", orderID).Error
	if err != nil {
		return nil, database.NotFound(err, "order")
	}
	ords := []Order{o}
	if err := fillProviders(s.conn(ctx), ords); err != nil {
		return nil, err
	}
	if err := fillMerchants(s.conn(ctx), ords); err != nil {
		return nil, err
	}
	return &ords[0], nil
}

// readOrder reads one of the merchant's orders in tx, with its lines,
// and holds it for the rest of tx.
func readOrder(tx *gorm.DB, merchantID, orderID int64) (*Order, error) {
	var o Order
	err := forUpdate(tx).Scopes(database.InMerchant(merchantID)).
		Preload("Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		First(&o, "id = ?", orderID).Error
	if err != nil {
		return nil, database.NotFound(err, "order")
	}
	return &o, nil
}

// lockCheckout holds a checkout's row for the rest of the transaction.
// Writers that change a checkout and its orders take the checkout first,
// then the orders, then the variants: expiry and payment do, and so does
// every change of one order (changeOrder).
func lockCheckout(tx *gorm.DB, checkoutID int64, now time.Time) error {
	if err := tx.Model(&Checkout{}).Where("id = ?", checkoutID).Update("updated_at", now).Error; err != nil {
		return fmt.Errorf("orders: hold checkout %d: %w", checkoutID, err)
	}
	return nil
}

// changeOrder runs fn on the merchant's order in one transaction, with
// the order's checkout and then the order held, and read under that
// lock: what fn decides on is what it changes. When stock moved it tells
// the listener after the commit.
func (s *Store) changeOrder(ctx context.Context, merchantID, orderID int64, fn func(tx *gorm.DB, o *Order, now time.Time) ([]catalog.StockMove, error)) error {
	now := s.now()
	var moves []catalog.StockMove
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		// An order never moves to another checkout, so which one it
		// belongs to may be read before any lock.
		var checkoutIDs []int64
		if err := tx.Model(&Order{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", orderID).
			Pluck("checkout_id", &checkoutIDs).Error; err != nil {
			return fmt.Errorf("orders: checkout of order %d: %w", orderID, err)
		}
		if len(checkoutIDs) == 0 {
			return mall.NotFound("order")
		}
		if err := lockCheckout(tx, checkoutIDs[0], now); err != nil {
			return err
		}
		o, err := readOrder(tx, merchantID, orderID)
		if err != nil {
			return err
		}
		moves, err = fn(tx, o, now)
		return err
	})
	if err != nil {
		return err
	}
	s.stockChanged(moves)
	return nil
}

// ConfirmOfflinePayment records that the merchant received the money for
// an order paid offline (bank transfer, cash on delivery):
// pending_payment -> paid, publishing order.paid. Card orders are paid by
// Stripe only. A replay changes nothing.
func (s *Store) ConfirmOfflinePayment(ctx context.Context, merchantID, orderID int64, by Actor) error {
	return s.changeOrder(ctx, merchantID, orderID, func(tx *gorm.DB, o *Order, now time.Time) ([]catalog.StockMove, error) {
		var provider Provider
		if err := tx.Model(&Checkout{}).Select("provider").Where("id = ?", o.CheckoutID).Scan(&provider).Error; err != nil {
			return nil, fmt.Errorf("orders: provider of order %d: %w", o.ID, err)
		}
		if provider != ProviderOffline {
			return nil, conflict("orders.error.not_offline", "only offline orders are confirmed by hand")
		}
		if o.Status == StatusCancelled {
			// cancelled -> paid is for a card payment that was already
			// made; a cancelled offline order stays cancelled.
			return nil, conflict("orders.error.status_conflict", "the order is cancelled")
		}
		moved, err := move(tx, o, StatusPaid, EventPaid, by, "", nil, now)
		if err != nil || !moved {
			return nil, err
		}
		// The checkout is paid once none of its orders waits for payment.
		err = tx.Exec(`UPDATE checkouts SET status = ?, paid_at = ?, updated_at = ? WHERE id = ? AND status = ?
			AND NOT EXISTS (SELECT 1 FROM orders WHERE checkout_id = ? AND status = ?)`,
			CheckoutPaid, now, now, o.CheckoutID, CheckoutPending, o.CheckoutID, StatusPendingPayment).Error
		if err != nil {
			return nil, fmt.Errorf("orders: checkout of order %d paid: %w", o.ID, err)
		}
		return nil, s.publish(tx, TopicOrderPaid, o.ID, orderPayload(o))
	})
}

// MarkShipped records that a paid order left with carrier under a
// tracking number: paid -> shipped, publishing order.shipped. A replay
// (already shipped or further) changes nothing.
func (s *Store) MarkShipped(ctx context.Context, merchantID, orderID int64, carrier, tracking string, by Actor) error {
	carrier, tracking = strings.TrimSpace(carrier), strings.TrimSpace(tracking)
	fe := mall.FieldErrors{}
	if utf8.RuneCountInString(carrier) > 64 {
		fe.Add("carrier", "orders.error.too_long")
	}
	if utf8.RuneCountInString(tracking) > 120 {
		fe.Add("tracking_number", "orders.error.too_long")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.changeOrder(ctx, merchantID, orderID, func(tx *gorm.DB, o *Order, now time.Time) ([]catalog.StockMove, error) {
		moved, err := move(tx, o, StatusShipped, EventShipped, by, strings.TrimSpace(carrier+" "+tracking),
			map[string]any{"carrier": carrier, "tracking_number": tracking}, now)
		if err != nil || !moved {
			return nil, err
		}
		return nil, s.publish(tx, TopicOrderShipped, o.ID, orderPayload(o))
	})
}

// MarkDelivered records that a shipped order arrived: shipped ->
// delivered, publishing order.delivered. A replay changes nothing.
func (s *Store) MarkDelivered(ctx context.Context, merchantID, orderID int64, by Actor) error {
	return s.changeOrder(ctx, merchantID, orderID, func(tx *gorm.DB, o *Order, now time.Time) ([]catalog.StockMove, error) {
		moved, err := move(tx, o, StatusDelivered, EventDelivered, by, "", nil, now)
		if err != nil || !moved {
			return nil, err
		}
		return nil, s.publish(tx, TopicOrderDelivered, o.ID, orderPayload(o))
	})
}

// CancelOrder cancels an order still awaiting payment and gives its stock
// back, once (the status update is conditional); it publishes
// order.cancelled. A paid order is refunded instead. Cancelling again
// changes nothing.
func (s *Store) CancelOrder(ctx context.Context, merchantID, orderID int64, reason string, by Actor) error {
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > 500 {
		return mall.FieldErrors{"reason": mall.Invalid("reason", "orders.error.too_long")}.Err()
	}
	return s.changeOrder(ctx, merchantID, orderID, func(tx *gorm.DB, o *Order, now time.Time) ([]catalog.StockMove, error) {
		moved, err := move(tx, o, StatusCancelled, EventCancelled, by, reason, nil, now)
		if err != nil || !moved {
			return nil, err
		}
		moves, err := giveStock(tx, linesStock(o.Lines), now)
		if err != nil {
			return nil, err
		}
		// A checkout whose orders are all cancelled is over.
		err = tx.Exec(`UPDATE checkouts SET status = ?, released_at = ?, updated_at = ? WHERE id = ? AND status = ?
			AND NOT EXISTS (SELECT 1 FROM orders WHERE checkout_id = ? AND status <> ?)`,
			CheckoutCancelled, now, now, o.CheckoutID, CheckoutPending, o.CheckoutID, StatusCancelled).Error
		if err != nil {
			return nil, fmt.Errorf("orders: checkout of order %d: %w", o.ID, err)
		}
		return moves, s.publish(tx, TopicOrderCancelled, o.ID, orderPayload(o))
	})
}

// SetTransfer records where the merchant's share of an order stands
// (none, pending, held, transferred) with the provider's transfer id and
// amount.
func (s *Store) SetTransfer(ctx context.Context, merchantID, orderID int64, status TransferStatus, transferID string, amount int64) error {
	if !status.Valid() {
		return fmt.Errorf("orders: unknown transfer status %q", status)
	}
	res := s.orders(ctx, merchantID).Where("id = ?", orderID).Updates(map[string]any{
		"transfer_status": status, "transfer_id": transferID, "transfer_amount": amount, "updated_at": s.now(),
	})
	if res.Error != nil {
		return fmt.Errorf("orders: transfer of order %d: %w", orderID, res.Error)
	}
	if res.RowsAffected == 0 {
		return mall.NotFound("order")
	}
	return nil
}

// OrdersAwaitingTransfer returns the merchant's paid orders (shipped and
// delivered ones too) whose share is held back, oldest first: the
// payments service sends them once the merchant can receive money.
func (s *Store) OrdersAwaitingTransfer(ctx context.Context, merchantID int64) ([]Order, error) {
	var ords []Order
	err := s.orders(ctx, merchantID).
		Where("transfer_status = ? AND status IN ?", TransferHeld, []Status{StatusPaid, StatusShipped, StatusDelivered}).
		Order("id").Find(&ords).Error
	if err != nil {
		return nil, fmt.Errorf("orders: orders awaiting transfer of merchant %d: %w", merchantID, err)
	}
	return ords, fillProviders(s.conn(ctx), ords)
}
