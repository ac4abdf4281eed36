package orders

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// Payment is what the provider says about a successful payment.
type Payment struct {
	PaymentIntentID string
	ChargeID        string
}

// ordersOf reads a checkout's orders with their lines, in id order, and
// holds them for the rest of tx.
func ordersOf(tx *gorm.DB, checkoutID int64) ([]Order, error) {
	var ords []Order
	err := forUpdate(tx).Preload("Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Where("checkout_id = ?", checkoutID).Order("id").Find(&ords).Error
	if err != nil {
		return nil, fmt.Errorf("orders: orders of checkout %d: %w", checkoutID, err)
	}
	return ords, nil
}

// readCheckout reads a checkout row (no orders) and holds it for the rest
// of tx.
func readCheckout(tx *gorm.DB, checkoutID int64) (*Checkout, error) {
	var co Checkout
	if err := forUpdate(tx).First(&co, "id = ?", checkoutID).Error; err != nil {
		return nil, database.NotFound(err, "checkout")
	}
	return &co, nil
}

// releaseCheckout moves a pending checkout to status (expired or
// cancelled) and gives its stock back. The conditional update on the
// status is the only door: of any number of callers, at once or after a
// restart, one passes and the stock is given back once. It cancels the
// orders still awaiting payment; their stock is returned, theirs only (an
// order cancelled before gave its own back then).
func (s *Store) releaseCheckout(tx *gorm.DB, checkoutID int64, status CheckoutStatus, kind EventKind, by Actor, note string, now time.Time) (bool, []catalog.StockMove, error) {
	res := tx.Model(&Checkout{}).Where("id = ? AND status = ?", checkoutID, CheckoutPending).
		Updates(map[string]any{"status": status, "released_at": now, "updated_at": now})
	if res.Error != nil {
		return false, nil, fmt.Errorf("orders: release checkout %d: %w", checkoutID, res.Error)
	}
	if res.RowsAffected == 0 {
		if _, err := readCheckout(tx, checkoutID); err != nil {
			return false, nil, err
		}
		return false, nil, nil
	}
	ords, err := ordersOf(tx, checkoutID)
	if err != nil {
		return false, nil, err
	}
	var back []stockTake
	for i := range ords {
		o := &ords[i]
		if o.Status != StatusPendingPayment {
			continue
		}
		moved, err := move(tx, o, StatusCancelled, kind, by, note, nil, now)
		if err != nil {
			return false, nil, err
		}
		if moved {
			back = append(back, linesStock(o.Lines)...)
		}
	}
	touched, err := giveStock(tx, back, now)
	if err != nil {
		return false, nil, err
	}
	if err := s.publish(tx, TopicCheckoutExpired, checkoutID, CheckoutPayload{CheckoutID: checkoutID}); err != nil {
		return false, nil, err
	}
	return true, touched, nil
}

// ExpireCheckout ends an unpaid checkout: its orders are cancelled and
// its stock goes back, exactly once however many callers race (the
// expiry ticker on several instances, Stripe's session.expired webhook).
// It reports whether this call released it; a paid or already released
// checkout is left alone (false, nil).
func (s *Store) ExpireCheckout(ctx context.Context, checkoutID int64, reason string) (bool, error) {
	now := s.now()
	var released bool
	var touched []catalog.StockMove
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var err error
		released, touched, err = s.releaseCheckout(tx, checkoutID, CheckoutExpired, EventExpired, Actor{Kind: ActorSystem}, reason, now)
		return err
	})
	if err != nil {
		return false, err
	}
	s.stockChanged(touched)
	return released, nil
}

// ExpireDueCheckouts expires every pending checkout whose time is up and
// returns how many this call released. Offline checkouts have no expiry
// of their own: their orders expire one by one (ExpireDueOfflineOrders).
func (s *Store) ExpireDueCheckouts(ctx context.Context) (int, error) {
	var ids []int64
	err := s.conn(ctx).Model(&Checkout{}).
		Where("status = ? AND expires_at IS NOT NULL AND expires_at < ?", CheckoutPending, s.now()).
		Order("id").Limit(1000).Pluck("id", &ids).Error
	if err != nil {
		return 0, fmt.Errorf("orders: due checkouts: %w", err)
	}
	n := 0
	for _, id := range ids {
		released, err := s.ExpireCheckout(ctx, id, "timeout")
		if err != nil {
			return n, err
		}
		if released {
			n++
		}
	}
	return n, nil
}

// CancelCheckout is the shopper coming back from the payment page with
// "cancel": the checkout is released like an expired one and its lines go
// back into owner's cart. Only the owner may; a paid or already released
// checkout is left as it is.
func (s *Store) CancelCheckout(ctx context.Context, owner CartOwner, publicID string) error {
	now := s.now()
	var touched []catalog.StockMove
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var co Checkout
		if err := tx.First(&co, "public_id = ?", publicID).Error; err != nil {
			return database.NotFound(err, "checkout")
		}
		if !co.OwnedBy(owner) {
			return mall.NotFound("checkout")
		}
		// The cart is held before any stock, in the order a checkout
		// takes them.
		cartID, err := ensureCart(tx, owner, now)
		if err != nil {
			return err
		}
		if err := touchCart(tx, cartID, now); err != nil {
			return err
		}
		released, t, err := s.releaseCheckout(tx, co.ID, CheckoutCancelled, EventCancelled, shopper(owner), "", now)
		if err != nil || !released {
			return err
		}
		touched = t
		ords, err := ordersOf(tx, co.ID)
		if err != nil {
			return err
		}
		return refillCart(tx, owner, ords, now)
	})
	if err != nil {
		return err
	}
	s.stockChanged(touched)
	return nil
}

// refillCart puts the lines of ords back into owner's cart (quantities
// add up, at most MaxLineQuantity); variants deleted since are skipped.
func refillCart(tx *gorm.DB, owner CartOwner, ords []Order, now time.Time) error {
	cartID, err := ensureCart(tx, owner, now)
	if err != nil {
		return err
	}
	var variantIDs []int64
	for _, o := range ords {
		for _, l := range o.Lines {
			variantIDs = append(variantIDs, l.VariantID)
		}
	}
	exists, err := catalog.VariantStock(tx, variantIDs)
	if err != nil {
		return fmt.Errorf("orders: refill cart: %w", err)
	}
	var have []cartLineRow
	if err := tx.Where("cart_id = ?", cartID).Find(&have).Error; err != nil {
		return fmt.Errorf("orders: refill cart: %w", err)
	}
	inCart := map[int64]cartLineRow{}
	for _, l := range have {
		inCart[l.VariantID] = l
	}
	for _, o := range ords {
		for _, l := range o.Lines {
			if _, ok := exists[l.VariantID]; !ok {
				continue
			}
			if c, found := inCart[l.VariantID]; found {
				c.Quantity = min(c.Quantity+l.Quantity, MaxLineQuantity)
				if err := tx.Model(&cartLineRow{}).Where("id = ?", c.ID).Update("quantity", c.Quantity).Error; err != nil {
					return fmt.Errorf("orders: refill cart: %w", err)
				}
				inCart[l.VariantID] = c
				continue
			}
			row := cartLineRow{CartID: cartID, MerchantID: l.MerchantID, VariantID: l.VariantID,
				Quantity: min(l.Quantity, MaxLineQuantity), UnitPriceSeen: l.UnitPrice, AddedAt: now}
			if err := tx.Create(&row).Error; err != nil {
				return fmt.Errorf("orders: refill cart: %w", err)
			}
			inCart[l.VariantID] = row
		}
	}
	return touchCart(tx, cartID, now)
}

// MarkCheckoutPaid records a successful payment: the checkout and each of
// its orders become paid, with an event per order (actor stripe), and
// checkout.paid and order.paid are published. A replay changes nothing
// (false, nil). A payment that arrives after the checkout expired still
// pays its orders: their stock is taken again where it can be, and a
// stock_short event tells the merchant where it could not.
func (s *Store) MarkCheckoutPaid(ctx context.Context, checkoutID int64, p Payment) (bool, error) {
	now := s.now()
	var changed bool
	var touched []catalog.StockMove
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var err error
		changed, touched, err = s.markPaid(tx, checkoutID, p, Actor{Kind: ActorStripe}, now)
		return err
	})
	if err != nil {
		return false, err
	}
	s.stockChanged(touched)
	return changed, nil
}

func (s *Store) markPaid(tx *gorm.DB, checkoutID int64, p Payment, by Actor, now time.Time) (bool, []catalog.StockMove, error) {
	co, err := readCheckout(tx, checkoutID)
	if err != nil {
		return false, nil, err
	}
	if co.Status == CheckoutPaid {
		if p.ChargeID != "" && co.ChargeID == "" {
			if err := tx.Model(&Checkout{}).Where("id = ? AND charge_id = ''", checkoutID).
				Update("charge_id", p.ChargeID).Error; err != nil {
				return false, nil, fmt.Errorf("orders: charge of checkout %d: %w", checkoutID, err)
			}
		}
		return false, nil, nil
	}
	res := tx.Model(&Checkout{}).Where("id = ? AND status = ?", checkoutID, co.Status).Updates(map[string]any{
		"status": CheckoutPaid, "paid_at": now, "updated_at": now,
		"payment_intent_id": p.PaymentIntentID, "charge_id": p.ChargeID,
	})
	if res.Error != nil {
		return false, nil, fmt.Errorf("orders: mark checkout %d paid: %w", checkoutID, res.Error)
	}
	if res.RowsAffected != 1 {
		return false, nil, fmt.Errorf("orders: checkout %d changed from %s under its lock", checkoutID, co.Status)
	}
	ords, err := ordersOf(tx, checkoutID)
	if err != nil {
		return false, nil, err
	}
	// Orders first, then the stock, as everywhere: an order released with
	// an expired checkout (or cancelled) is paid anyway and takes its stock
	// again where it still can.
	var revived []*Order
	var again []stockTake
	for i := range ords {
		o := &ords[i]
		from := o.Status
		moved, err := move(tx, o, StatusPaid, EventPaid, by, "", nil, now)
		if err != nil {
			return false, nil, err
		}
		if !moved {
			continue
		}
		if from == StatusCancelled {
			if err := tx.Model(&Order{}).Where("id = ?", o.ID).Update("cancelled_at", nil).Error; err != nil {
				return false, nil, fmt.Errorf("orders: reopen order %d: %w", o.ID, err)
			}
			revived = append(revived, o)
			again = append(again, linesStock(o.Lines)...)
		}
		if err := s.publish(tx, TopicOrderPaid, o.ID, orderPayload(o)); err != nil {
			return false, nil, err
		}
	}
	var touched []catalog.StockMove
	short := map[int64]bool{}
	for _, t := range byVariant(again) {
		if sh, moves, err := takeStock(tx, []stockTake{t}, now); err != nil {
			return false, nil, err
		} else if len(sh) > 0 {
			short[t.variantID] = true
		} else {
			touched = append(touched, moves...)
		}
	}
	for _, o := range revived {
		var missing []string
		for _, l := range o.Lines {
			if short[l.VariantID] {
				missing = append(missing, fmt.Sprintf("%s × %d", l.SKU, l.Quantity))
			}
		}
		if len(missing) > 0 {
			if err := record(tx, o, EventStockShort, by, strings.Join(missing, ", "), now); err != nil {
				return false, nil, err
			}
		}
	}
	if err := s.publish(tx, TopicCheckoutPaid, checkoutID, CheckoutPayload{CheckoutID: checkoutID}); err != nil {
		return false, nil, err
	}
	return true, touched, nil
}

// RecordDispute marks the orders of a checkout whose charge is disputed
// (a chargeback), with an event; a replay changes nothing.
func (s *Store) RecordDispute(ctx context.Context, checkoutID int64, note string) error {
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		if _, err := readCheckout(tx, checkoutID); err != nil {
			return err
		}
		ords, err := ordersOf(tx, checkoutID)
		if err != nil {
			return err
		}
		for i := range ords {
			o := &ords[i]
			res := tx.Model(&Order{}).Where("id = ? AND disputed_at IS NULL", o.ID).
				Updates(map[string]any{"disputed_at": now, "updated_at": now})
			if res.Error != nil {
				return fmt.Errorf("orders: dispute order %d: %w", o.ID, res.Error)
			}
			if res.RowsAffected == 1 {
				if err := record(tx, o, EventDisputed, Actor{Kind: ActorStripe}, note, now); err != nil {
					return err
				}
				withdrawn := PurchaseWithdrawn{MerchantID: o.MerchantID, OrderID: o.ID, Reason: WithdrawnChargeback, At: now}
				for _, l := range o.Lines {
					withdrawn.LineIDs = append(withdrawn.LineIDs, l.ID)
				}
				if err := s.purchaseWithdrawn(tx, withdrawn); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// CheckoutOfCharge returns the id of the checkout a Stripe payment intent
// or charge paid for, or 0 when there is none. Checkouts belong to the
// shopper, not to a merchant, so this reads across the mall.
func (s *Store) CheckoutOfCharge(ctx context.Context, paymentIntentID, chargeID string) (int64, error) {
	var ids []int64
	q := s.conn(ctx).Model(&Checkout{}).Select("id").Limit(1)
	switch {
	case paymentIntentID != "" && chargeID != "":
		q = q.Where("payment_intent_id = ? OR charge_id = ?", paymentIntentID, chargeID)
	case paymentIntentID != "":
		q = q.Where("payment_intent_id = ?", paymentIntentID)
	case chargeID != "":
		q = q.Where("charge_id = ?", chargeID)
	default:
		return 0, nil
	}
	if err := q.Pluck("id", &ids).Error; err != nil {
		return 0, fmt.Errorf("orders: checkout of charge %s: %w", chargeID, err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// KnownRefundsAcrossMall counts how many of the provider refund ids are
// refunds the mall made, of any merchant (a provider's event names a
// charge, not a merchant).
func (s *Store) KnownRefundsAcrossMall(ctx context.Context, providerIDs []string) (int, error) {
	if len(providerIDs) == 0 {
		return 0, nil
	}
	var n int64
	err := s.conn(ctx).Model(&Refund{}).Where("provider_refund_id IN ?", providerIDs).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("orders: match refunds: %w", err)
	}
	return int(n), nil
}

// RefundedOnCheckout sums the refunds made or being made on the
// checkout's orders.
func (s *Store) RefundedOnCheckout(ctx context.Context, checkoutID int64) (int64, error) {
	var sum int64
	err := s.conn(ctx).Table("refunds").
		Joins("JOIN orders ON orders.id = refunds.order_id AND orders.merchant_id = refunds.merchant_id").
		Where("orders.checkout_id = ? AND refunds.status IN ?", checkoutID, []RefundStatus{RefundPending, RefundSucceeded}).
		Select("COALESCE(SUM(refunds.amount), 0)").Scan(&sum).Error
	if err != nil {
		return 0, fmt.Errorf("orders: refunds of checkout %d: %w", checkoutID, err)
	}
	return sum, nil
}
