package orders

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
)

// EachOrder calls fn with every one of the merchant's orders, in id order,
// each with its lines, events, refunds (with their lines) and provider,
// reading a batch at a time so a shop of any size is exported in little
// memory. An error from fn stops it.
func (s *Store) EachOrder(ctx context.Context, merchantID int64, fn func(*Order) error) error {
	const batch = 200
	var after int64
	for {
		var ords []Order
		err := s.orders(ctx, merchantID).Where("id > ?", after).
			Preload("Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
			Preload("Events", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
			Preload("Refunds", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
			Preload("Refunds.Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
			Order("id").Limit(batch).Find(&ords).Error
		if err != nil {
			return fmt.Errorf("orders: orders of merchant %d after %d: %w", merchantID, after, err)
		}
		if err := fillProviders(s.conn(ctx), ords); err != nil {
			return err
		}
		for i := range ords {
			if err := fn(&ords[i]); err != nil {
				return err
			}
		}
		if len(ords) < batch {
			return nil
		}
		after = ords[len(ords)-1].ID
	}
}

// History is a merchant's shipping methods and past orders as another
// mall kept them, to be written into this one (see ImportHistory). Ids
// in it are ignored.
type History struct {
	ShippingMethods []ShippingMethod
	Orders          []HistoricOrder
}

// HistoricOrder is one past order: Order with its Lines and Events, its
// Provider, and its refunds. Order.Refunds is ignored.
type HistoricOrder struct {
	Order   Order
	Refunds []HistoricRefund
}

// HistoricRefund is a refund of a past order. Refund.Lines is ignored;
// Lines say which of the order's lines it gave money back for.
type HistoricRefund struct {
	Refund Refund
	Lines  []HistoricRefundLine
}

// HistoricRefundLine is Quantity of the order line at index Line (from
// 0) of the order's Lines.
type HistoricRefundLine struct {
	Line     int
	Quantity int
	Amount   int64
}

// ImportHistory writes a merchant's shipping methods and past orders in
// one transaction, all or nothing, as the history they are: it takes no
// stock and publishes nothing (no email goes out). The caller has
// checked the history's consistency; the tables' constraints check the
// rest.
//
// Order numbers keep their text. Each line is linked to the merchant's
// variant with the same SKU, or to none (product and variant 0: the
// columns are NOT NULL without a foreign key, as for a product deleted
// since) and keeps its own title, SKU and prices. Accounts do not travel
// between malls: orders, events and refunds have no account, the email
// stays. Every order gets a checkout of its own (orders.checkout_id is
// required) with the order's address and amounts, the original
// provider, no expiry and no payment ids: paid once the order was paid,
// cancelled for a cancelled order, pending for one still awaiting
// payment (the merchant confirms or cancels it by hand). The order
// counter is set to the highest imported seq, so the next order follows.
func (s *Store) ImportHistory(ctx context.Context, merchantID int64, h History) error {
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		for i := range h.ShippingMethods {
			m := h.ShippingMethods[i]
			m.ID, m.MerchantID = 0, merchantID
			if m.CreatedAt.IsZero() {
				m.CreatedAt = now
			}
			if m.UpdatedAt.IsZero() {
				m.UpdatedAt = m.CreatedAt
			}
			// Select("*") writes Active even when false.
			if err := tx.Select("*").Omit("id").Create(&m).Error; err != nil {
				return fmt.Errorf("orders: import shipping method %q: %w", m.Name, err)
			}
		}
		if len(h.Orders) == 0 {
			return nil
		}
		bySKU, err := catalog.VariantsBySKU(tx, merchantID)
		if err != nil {
			return fmt.Errorf("orders: %w", err)
		}
		var maxSeq int64
		for i := range h.Orders {
			if err := importOrder(tx, merchantID, &h.Orders[i], bySKU, now); err != nil {
				return fmt.Errorf("orders: import order %s: %w", h.Orders[i].Order.Number, err)
			}
			maxSeq = max(maxSeq, h.Orders[i].Order.Seq)
		}
		// nextSeq starts a shop at 1000; a shop whose orders were
		// numbered lower continues from there.
		err = tx.Exec(`INSERT INTO order_counters (merchant_id, last_seq) VALUES (?, ?)
			ON CONFLICT (merchant_id) DO UPDATE SET last_seq = excluded.last_seq WHERE order_counters.last_seq < excluded.last_seq`,
			merchantID, max(maxSeq, 1000)).Error
		if err != nil {
			return fmt.Errorf("orders: order counter of merchant %d: %w", merchantID, err)
		}
		return nil
	})
}

// checkoutStatusOf is the status of the checkout an imported order gets.
func checkoutStatusOf(orderStatus Status) CheckoutStatus {
	switch orderStatus {
	case StatusPendingPayment:
		return CheckoutPending
	case StatusCancelled:
		return CheckoutCancelled
	default:
		return CheckoutPaid
	}
}

func importOrder(tx *gorm.DB, merchantID int64, h *HistoricOrder, bySKU map[string][2]int64, now time.Time) error {
	o := h.Order
	lines, events := o.Lines, o.Events
	o.ID, o.MerchantID, o.AccountID = 0, merchantID, nil
	o.Lines, o.Events, o.Refunds = nil, nil, nil
	if o.CreatedAt.IsZero() {
		o.CreatedAt = o.PlacedAt
	}
	if o.UpdatedAt.IsZero() {
		o.UpdatedAt = o.CreatedAt
	}
	provider := o.Provider
	if provider == "" {
		provider = ProviderOffline
	}
	co := &Checkout{
		PublicID: newPublicID(), Email: o.Email, Locale: o.Locale, Address: o.Address,
		Currency: o.Currency, Subtotal: o.Subtotal, ShippingTotal: o.Shipping, Total: o.Total,
		Status: checkoutStatusOf(o.Status), Provider: provider, PaidAt: o.PaidAt,
		CreatedAt: o.PlacedAt, UpdatedAt: now,
	}
	if co.Status == CheckoutCancelled {
		co.ReleasedAt = o.CancelledAt
	}
	if err := tx.Omit(clause.Associations).Create(co).Error; err != nil {
		return fmt.Errorf("checkout: %w", err)
	}
	o.CheckoutID = co.ID
	if err := tx.Omit(clause.Associations).Create(&o).Error; err != nil {
		return err
	}
	for i := range lines {
		l := &lines[i]
		l.ID, l.MerchantID, l.OrderID, l.ProductID, l.VariantID = 0, merchantID, o.ID, 0, 0
		if ids, ok := bySKU[l.SKU]; ok && l.SKU != "" {
			l.ProductID, l.VariantID = ids[0], ids[1]
		}
	}
	if len(lines) > 0 {
		if err := tx.Create(&lines).Error; err != nil {
			return fmt.Errorf("lines: %w", err)
		}
	}
	for i := range events {
		e := &events[i]
		e.ID, e.MerchantID, e.OrderID, e.ActorAccountID = 0, merchantID, o.ID, nil
	}
	if len(events) > 0 {
		if err := tx.Create(&events).Error; err != nil {
			return fmt.Errorf("events: %w", err)
		}
	}
	for _, hr := range h.Refunds {
		ref := hr.Refund
		ref.ID, ref.MerchantID, ref.OrderID, ref.ActorAccountID, ref.Lines = 0, merchantID, o.ID, nil, nil
		if err := tx.Create(&ref).Error; err != nil {
			return fmt.Errorf("refund: %w", err)
		}
		recs := make([]RefundLineRecord, 0, len(hr.Lines))
		for _, rl := range hr.Lines {
			if rl.Line < 0 || rl.Line >= len(lines) {
				return fmt.Errorf("refund line %d: the order has %d lines", rl.Line+1, len(lines))
			}
			recs = append(recs, RefundLineRecord{MerchantID: merchantID, RefundID: ref.ID,
				OrderLineID: lines[rl.Line].ID, Quantity: rl.Quantity, Amount: rl.Amount})
		}
		if len(recs) > 0 {
			if err := tx.Create(&recs).Error; err != nil {
				return fmt.Errorf("refund lines: %w", err)
			}
		}
	}
	return nil
}
