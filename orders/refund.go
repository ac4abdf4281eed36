package orders

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// RefundLine asks to refund Quantity of one order line.
type RefundLine struct {
	LineID   int64
	Quantity int
}

// RefundRequest is a merchant's refund: some quantities of some lines,
// and maybe the order's shipping.
type RefundRequest struct {
	Lines []RefundLine
	// Shipping also refunds the order's shipping charge.
	Shipping bool
	Reason   string
	By       Actor
}

// refundable is where an order may be refunded from.
var refundable = []Status{StatusPaid, StatusShipped, StatusDelivered}

// PrepareRefund reserves a refund before the provider is asked for it:
// the quantities (at most what was bought less what was refunded or is
// being refunded) are taken off the lines at once, so two refunds cannot
// both give back the same item. The refund is pending until
// CompleteRefund or FailRefund.
func (s *Store) PrepareRefund(ctx context.Context, merchantID, orderID int64, r RefundRequest) (*Refund, error) {
	r.Reason = strings.TrimSpace(r.Reason)
	if utf8.RuneCountInString(r.Reason) > 500 {
		return nil, mall.FieldErrors{"reason": mall.Invalid("reason", "orders.error.too_long")}.Err()
	}
	qty := map[int64]int{}
	for _, l := range r.Lines {
		if l.Quantity < 0 {
			return nil, mall.FieldErrors{"lines": mall.Invalid("lines", "orders.error.refund_quantity")}.Err()
		}
		if l.Quantity > 0 {
			qty[l.LineID] += l.Quantity
		}
	}
	if len(qty) == 0 && !r.Shipping {
		return nil, mall.FieldErrors{"lines": mall.Invalid("lines", "orders.error.refund_empty")}.Err()
	}
	now := s.now()
	var ref *Refund
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		// Touching the order first holds it for the rest of the
		// transaction and checks that it may be refunded.
		res := tx.Model(&Order{}).Scopes(database.InMerchant(merchantID)).
			Where("id = ? AND status IN ?", orderID, refundable).Update("updated_at", now)
		if res.Error != nil {
			return fmt.Errorf("orders: refund order %d: %w", orderID, res.Error)
		}
		o, err := readOrder(tx, merchantID, orderID)
		if err != nil {
			return err
		}
		if res.RowsAffected == 0 {
			return conflict("orders.error.refund_status", "only paid orders are refunded")
		}
		lines := map[int64]OrderLine{}
		for _, l := range o.Lines {
			lines[l.ID] = l
		}
		ids := make([]int64, 0, len(qty))
		for id := range qty {
			if _, ok := lines[id]; !ok {
				return mall.NotFound("order line")
			}
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		ref = &Refund{MerchantID: merchantID, OrderID: orderID, Reason: r.Reason, Status: RefundPending,
			CreatedAt: now, UpdatedAt: now}
		if r.By.AccountID != 0 {
			id := r.By.AccountID
			ref.ActorAccountID = &id
		}
		for _, id := range ids {
			q := qty[id]
			res := tx.Model(&OrderLine{}).Scopes(database.InMerchant(merchantID)).
				Where("id = ? AND order_id = ? AND refunded_quantity + ? <= quantity", id, orderID, q).
				Update("refunded_quantity", gorm.Expr("refunded_quantity + ?", q))
			if res.Error != nil {
				return fmt.Errorf("orders: refund line %d: %w", id, res.Error)
			}
			if res.RowsAffected == 0 {
				return mall.FieldErrors{"lines": mall.Invalid("lines", "orders.error.refund_quantity")}.Err()
			}
			amount := lines[id].UnitPrice * int64(q)
			ref.Lines = append(ref.Lines, RefundLineRecord{MerchantID: merchantID, OrderLineID: id, Quantity: q, Amount: amount})
			ref.Amount += amount
		}
		if r.Shipping && o.Shipping > 0 {
			res := tx.Model(&Order{}).Scopes(database.InMerchant(merchantID)).
				Where("id = ? AND shipping_refunded = ?", orderID, false).Update("shipping_refunded", true)
			if res.Error != nil {
				return fmt.Errorf("orders: refund shipping of order %d: %w", orderID, res.Error)
			}
			if res.RowsAffected == 0 {
				return mall.FieldErrors{"shipping": mall.Invalid("shipping", "orders.error.refund_shipping")}.Err()
			}
			ref.ShippingAmount = o.Shipping
			ref.Amount += o.Shipping
		}
		if ref.Amount == 0 {
			return mall.FieldErrors{"lines": mall.Invalid("lines", "orders.error.refund_empty")}.Err()
		}
		recLines := ref.Lines
		ref.Lines = nil
		if err := tx.Create(ref).Error; err != nil {
			return fmt.Errorf("orders: create refund: %w", err)
		}
		for i := range recLines {
			recLines[i].RefundID = ref.ID
		}
		if len(recLines) > 0 {
			if err := tx.Create(&recLines).Error; err != nil {
				return fmt.Errorf("orders: create refund lines: %w", err)
			}
		}
		ref.Lines = recLines
		return record(tx, o, EventRefundStarted, r.By, r.Reason, now)
	})
	if err != nil {
		return nil, err
	}
	return ref, nil
}

// readRefund reads one of the merchant's refunds with its lines.
func readRefund(tx *gorm.DB, merchantID, refundID int64) (*Refund, error) {
	var ref Refund
	err := tx.Scopes(database.InMerchant(merchantID)).
		Preload("Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		First(&ref, "id = ?", refundID).Error
	if err != nil {
		return nil, database.NotFound(err, "refund")
	}
	return &ref, nil
}

// settleRefund moves a pending refund to status, exactly once; false when
// it was already there (a replay). A refund settled the other way is an
// EConflict.
func settleRefund(tx *gorm.DB, merchantID, refundID int64, status RefundStatus, set map[string]any, now time.Time) (*Refund, bool, error) {
	cols := map[string]any{"status": status, "updated_at": now}
	for k, v := range set {
		cols[k] = v
	}
	res := tx.Model(&Refund{}).Scopes(database.InMerchant(merchantID)).
		Where("id = ? AND status = ?", refundID, RefundPending).Updates(cols)
	if res.Error != nil {
		return nil, false, fmt.Errorf("orders: settle refund %d: %w", refundID, res.Error)
	}
	ref, err := readRefund(tx, merchantID, refundID)
	if err != nil {
		return nil, false, err
	}
	if res.RowsAffected == 0 {
		if ref.Status == status {
			return ref, false, nil
		}
		return nil, false, conflict("orders.error.status_conflict", "refund already settled")
	}
	return ref, true, nil
}

// CompleteRefund records that the provider refunded the money: the
// refund succeeded, the order's and lines' refunded amounts grow, and an
// order refunded in full (every item and the shipping) becomes refunded.
// It publishes order.refunded (key: the refund id). A replay changes
// nothing.
func (s *Store) CompleteRefund(ctx context.Context, merchantID, refundID int64, providerRefundID, reversalID string, by Actor) error {
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		ref, changed, err := settleRefund(tx, merchantID, refundID, RefundSucceeded,
			map[string]any{"provider_refund_id": providerRefundID, "reversal_id": reversalID}, now)
		if err != nil || !changed {
			return err
		}
		// The order before its lines, as PrepareRefund takes them.
		if err := tx.Model(&Order{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", ref.OrderID).
			Updates(map[string]any{"refunded_amount": gorm.Expr("refunded_amount + ?", ref.Amount), "updated_at": now}).Error; err != nil {
			return fmt.Errorf("orders: refunded amount of order %d: %w", ref.OrderID, err)
		}
		for _, l := range ref.Lines {
			if err := tx.Model(&OrderLine{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", l.OrderLineID).
				Update("refunded_amount", gorm.Expr("refunded_amount + ?", l.Amount)).Error; err != nil {
				return fmt.Errorf("orders: refunded amount of line %d: %w", l.OrderLineID, err)
			}
		}
		o, err := readOrder(tx, merchantID, ref.OrderID)
		if err != nil {
			return err
		}
		whole := o.Shipping == 0 || o.ShippingRefunded
		for _, l := range o.Lines {
			if l.RefundedQuantity < l.Quantity {
				whole = false
			}
		}
		if whole && o.RefundedAmount >= o.Total {
			if _, err := move(tx, o, StatusRefunded, EventRefunded, by, ref.Reason, nil, now); err != nil {
				return err
			}
		} else if err := record(tx, o, EventPartiallyRefunded, by, ref.Reason, now); err != nil {
			return err
		}
		withdrawn := PurchaseWithdrawn{MerchantID: merchantID, OrderID: ref.OrderID, Reason: WithdrawnRefund, At: now}
		for _, l := range ref.Lines {
			if l.Quantity > 0 {
				withdrawn.LineIDs = append(withdrawn.LineIDs, l.OrderLineID)
			}
		}
		if err := s.purchaseWithdrawn(tx, withdrawn); err != nil {
			return err
		}
		return s.publish(tx, TopicOrderRefunded, ref.ID, RefundPayload{
			RefundID: ref.ID, OrderID: ref.OrderID, MerchantID: merchantID})
	})
}

// FailRefund records that the provider refused a refund: the quantities
// (and shipping) it had reserved may be refunded again. A replay changes
// nothing.
func (s *Store) FailRefund(ctx context.Context, merchantID, refundID int64, reason string) error {
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		ref, changed, err := settleRefund(tx, merchantID, refundID, RefundFailed, nil, now)
		if err != nil || !changed {
			return err
		}
		// The order before its lines, as PrepareRefund takes them.
		cols := map[string]any{"updated_at": now}
		if ref.ShippingAmount > 0 {
			cols["shipping_refunded"] = false
		}
		if err := tx.Model(&Order{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", ref.OrderID).
			Updates(cols).Error; err != nil {
			return fmt.Errorf("orders: give back refund of order %d: %w", ref.OrderID, err)
		}
		for _, l := range ref.Lines {
			if err := tx.Model(&OrderLine{}).Scopes(database.InMerchant(merchantID)).Where("id = ?", l.OrderLineID).
				Update("refunded_quantity", gorm.Expr("refunded_quantity - ?", l.Quantity)).Error; err != nil {
				return fmt.Errorf("orders: give back refund of line %d: %w", l.OrderLineID, err)
			}
		}
		o, err := readOrder(tx, merchantID, ref.OrderID)
		if err != nil {
			return err
		}
		return record(tx, o, EventRefundFailed, Actor{Kind: ActorSystem}, reason, now)
	})
}
