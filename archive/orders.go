package archive

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/mall-project/mall/orders"
)

func (c *Contents) checkShippingMethods() error {
	for i, m := range c.ShippingMethods {
		where := fmt.Sprintf("shipping_methods.json: method %d (%q)", i+1, m.Name)
		if strings.TrimSpace(m.Name) == "" || utf8.RuneCountInString(m.Name) > 120 {
			return bad("%s: a name of 1 to 120 characters is needed", where)
		}
		if m.Price < 0 || m.FreeOver < 0 {
			return bad("%s: a negative price", where)
		}
	}
	return nil
}

// checkOrders refuses orders that do not hold together: unknown
// statuses, numbers or seqs twice, negative amounts, a line whose total
// is not its price times its quantity, an order whose subtotal is not
// its lines' or whose total is not subtotal plus shipping, more refunded
// than bought, refunds of lines the order does not have. The error names
// orders.json and the order.
func (c *Contents) checkOrders() error {
	numbers, seqs := map[string]bool{}, map[int64]bool{}
	for i, o := range c.Orders {
		where := fmt.Sprintf("orders.json: order %d (%q)", i+1, o.Number)
		if err := checkOrder(&o); err != "" {
			return bad("%s: %s", where, err)
		}
		if numbers[o.Number] {
			return bad("%s: the number appears twice", where)
		}
		numbers[o.Number] = true
		if seqs[o.Seq] {
			return bad("%s: seq %d appears twice", where, o.Seq)
		}
		seqs[o.Seq] = true
	}
	return nil
}

// checkOrder says what is wrong with o, or "".
func checkOrder(o *Order) string {
	a := o.ShippingAddress
	for _, f := range []struct {
		name, v  string
		min, max int
	}{
		{"number", o.Number, 1, 80}, {"email", o.Email, 1, 254}, {"locale", o.Locale, 0, 16},
		{"currency", o.Currency, 3, 3}, {"shipping_method", o.ShippingMethod, 0, 120},
		{"shipping_address.name", a.Name, 1, 120}, {"shipping_address.line1", a.Line1, 1, 200},
		{"shipping_address.line2", a.Line2, 0, 200}, {"shipping_address.city", a.City, 1, 120},
		{"shipping_address.region", a.Region, 0, 120}, {"shipping_address.postal_code", a.PostalCode, 0, 20},
		{"shipping_address.country", a.Country, 2, 2}, {"shipping_address.phone", a.Phone, 0, 32},
		{"carrier", o.Carrier, 0, 64}, {"tracking_number", o.TrackingNumber, 0, 120}, {"transfer_id", o.TransferID, 0, 255},
	} {
		if n := utf8.RuneCountInString(f.v); n < f.min || n > f.max {
			if f.min == f.max {
				return fmt.Sprintf("%s must have %d characters", f.name, f.min)
			}
			return fmt.Sprintf("%s must have %d to %d characters", f.name, f.min, f.max)
		}
	}
	if o.Seq < 1 {
		return fmt.Sprintf("seq %d is not a positive number", o.Seq)
	}
	if !orders.Status(o.Status).Valid() {
		return fmt.Sprintf("unknown status %q", o.Status)
	}
	if !orders.Provider(o.Provider).Valid() {
		return fmt.Sprintf("unknown provider %q", o.Provider)
	}
	if !orders.TransferStatus(o.TransferStatus).Valid() {
		return fmt.Sprintf("unknown transfer_status %q", o.TransferStatus)
	}
	if o.PlacedAt.IsZero() {
		return "placed_at is missing"
	}
	if o.Subtotal < 0 || o.Shipping < 0 || o.Total < 0 || o.CommissionAmount < 0 || o.TransferAmount < 0 {
		return "an amount is negative"
	}
	if o.CommissionBP < 0 || o.CommissionBP > 10000 {
		return fmt.Sprintf("commission_bp %d is not between 0 and 10000", o.CommissionBP)
	}
	if o.RefundedAmount < 0 || o.RefundedAmount > o.Total {
		return fmt.Sprintf("refunded_amount %d is not between 0 and the total %d", o.RefundedAmount, o.Total)
	}
	if len(o.Lines) == 0 {
		return "no lines"
	}
	var subtotal int64
	for j, l := range o.Lines {
		if msg := checkLine(&l); msg != "" {
			return fmt.Sprintf("line %d (SKU %q): %s", j+1, l.SKU, msg)
		}
		if subtotal > math.MaxInt64-l.Total {
			return "the lines' totals overflow"
		}
		subtotal += l.Total
	}
	if subtotal != o.Subtotal {
		return fmt.Sprintf("subtotal %d is not the sum of the lines' totals (%d)", o.Subtotal, subtotal)
	}
	if o.Subtotal > math.MaxInt64-o.Shipping || o.Subtotal+o.Shipping != o.Total {
		return fmt.Sprintf("total %d is not subtotal %d plus shipping %d", o.Total, o.Subtotal, o.Shipping)
	}
	for j, e := range o.Events {
		if strings.TrimSpace(e.Kind) == "" || utf8.RuneCountInString(e.Kind) > 32 {
			return fmt.Sprintf("event %d has no kind", j+1)
		}
		if !orders.ActorKind(e.ActorKind).Valid() {
			return fmt.Sprintf("event %d: unknown actor_kind %q", j+1, e.ActorKind)
		}
		for _, s := range []string{e.FromStatus, e.ToStatus} {
			if s != "" && !orders.Status(s).Valid() {
				return fmt.Sprintf("event %d: unknown status %q", j+1, s)
			}
		}
		if e.At.IsZero() {
			return fmt.Sprintf("event %d: at is missing", j+1)
		}
	}
	for j, r := range o.Refunds {
		if msg := checkRefund(&r, o); msg != "" {
			return fmt.Sprintf("refund %d: %s", j+1, msg)
		}
	}
	return ""
}

func checkLine(l *OrderLine) string {
	if strings.TrimSpace(l.Title) == "" || utf8.RuneCountInString(l.Title) > 200 ||
		utf8.RuneCountInString(l.VariantTitle) > 200 || utf8.RuneCountInString(l.SKU) > 64 {
		return "a title of 1 to 200 characters and a SKU of at most 64 are needed"
	}
	if l.Quantity < 1 {
		return fmt.Sprintf("quantity %d is less than 1", l.Quantity)
	}
	if l.UnitPrice < 0 || l.Total < 0 || l.RefundedAmount < 0 {
		return "an amount is negative"
	}
	if l.UnitPrice > math.MaxInt64/int64(l.Quantity) || l.UnitPrice*int64(l.Quantity) != l.Total {
		return fmt.Sprintf("total %d is not unit_price %d × quantity %d", l.Total, l.UnitPrice, l.Quantity)
	}
	if l.RefundedQuantity < 0 || l.RefundedQuantity > l.Quantity {
		return fmt.Sprintf("refunded_quantity %d is not between 0 and the quantity %d", l.RefundedQuantity, l.Quantity)
	}
	if l.RefundedAmount > l.Total {
		return fmt.Sprintf("refunded_amount %d is more than the total %d", l.RefundedAmount, l.Total)
	}
	return ""
}

func checkRefund(r *Refund, o *Order) string {
	if !orders.RefundStatus(r.Status).Valid() {
		return fmt.Sprintf("unknown status %q", r.Status)
	}
	if r.CreatedAt.IsZero() {
		return "created_at is missing"
	}
	if r.ShippingAmount < 0 || r.ShippingAmount > o.Shipping {
		return fmt.Sprintf("shipping_amount %d is not between 0 and the shipping %d", r.ShippingAmount, o.Shipping)
	}
	sum := r.ShippingAmount
	for k, rl := range r.Lines {
		if rl.Line < 1 || rl.Line > len(o.Lines) {
			return fmt.Sprintf("line %d: the order has no line %d", k+1, rl.Line)
		}
		l := o.Lines[rl.Line-1]
		if rl.Quantity < 1 || rl.Quantity > l.Quantity {
			return fmt.Sprintf("line %d: quantity %d is not between 1 and the %d bought", k+1, rl.Quantity, l.Quantity)
		}
		if rl.Amount < 0 || rl.Amount > l.Total {
			return fmt.Sprintf("line %d: amount %d is not between 0 and the line's total %d", k+1, rl.Amount, l.Total)
		}
		sum += rl.Amount
	}
	if r.Amount <= 0 || r.Amount != sum {
		return fmt.Sprintf("amount %d is not its lines' amounts plus shipping (%d), or not positive", r.Amount, sum)
	}
	if utf8.RuneCountInString(r.ProviderRefundID) > 255 || utf8.RuneCountInString(r.ReversalID) > 255 {
		return "a provider id is longer than 255 characters"
	}
	return ""
}

// history is the archive's shipping methods and orders as the orders
// package imports them.
func (c *Contents) history() orders.History {
	var h orders.History
	for _, m := range c.ShippingMethods {
		h.ShippingMethods = append(h.ShippingMethods, orders.ShippingMethod{Name: m.Name, Price: m.Price,
			FreeOver: m.FreeOver, Position: m.Position, Active: m.Active, CreatedAt: m.CreatedAt, UpdatedAt: m.CreatedAt})
	}
	for _, o := range c.Orders {
		a := o.ShippingAddress
		locale := o.Locale
		if locale == "" {
			locale = "en"
		}
		ho := orders.HistoricOrder{Order: orders.Order{
			Seq: o.Seq, Number: o.Number, Email: o.Email, Locale: locale,
			Address: orders.Address{Name: a.Name, Line1: a.Line1, Line2: a.Line2, City: a.City, Region: a.Region,
				PostalCode: a.PostalCode, Country: a.Country, Phone: a.Phone},
			ShippingMethodName: o.ShippingMethod, Currency: o.Currency,
			Subtotal: o.Subtotal, Shipping: o.Shipping, Total: o.Total,
			CommissionBP: o.CommissionBP, CommissionAmount: o.CommissionAmount,
			RefundedAmount: o.RefundedAmount, ShippingRefunded: o.ShippingRefunded, Status: orders.Status(o.Status),
			Carrier: o.Carrier, TrackingNumber: o.TrackingNumber,
			TransferStatus: orders.TransferStatus(o.TransferStatus), TransferID: o.TransferID, TransferAmount: o.TransferAmount,
			DisputedAt: o.DisputedAt, PlacedAt: o.PlacedAt, PaidAt: o.PaidAt, ShippedAt: o.ShippedAt,
			DeliveredAt: o.DeliveredAt, CancelledAt: o.CancelledAt, CreatedAt: o.PlacedAt, UpdatedAt: o.UpdatedAt,
			Provider: orders.Provider(o.Provider),
		}}
		for _, l := range o.Lines {
			ho.Order.Lines = append(ho.Order.Lines, orders.OrderLine{Title: l.Title, VariantTitle: l.VariantTitle, SKU: l.SKU,
				UnitPrice: l.UnitPrice, Quantity: l.Quantity, Total: l.Total,
				RefundedQuantity: l.RefundedQuantity, RefundedAmount: l.RefundedAmount})
		}
		for _, e := range o.Events {
			ho.Order.Events = append(ho.Order.Events, orders.OrderEvent{Kind: orders.EventKind(e.Kind), FromStatus: orders.Status(e.FromStatus),
				ToStatus: orders.Status(e.ToStatus), ActorKind: orders.ActorKind(e.ActorKind), Note: e.Note, CreatedAt: e.At})
		}
		for _, r := range o.Refunds {
			hr := orders.HistoricRefund{Refund: orders.Refund{Amount: r.Amount, ShippingAmount: r.ShippingAmount,
				Reason: r.Reason, Status: orders.RefundStatus(r.Status), ProviderRefundID: r.ProviderRefundID, ReversalID: r.ReversalID,
				CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}}
			for _, rl := range r.Lines {
				hr.Lines = append(hr.Lines, orders.HistoricRefundLine{Line: rl.Line - 1, Quantity: rl.Quantity, Amount: rl.Amount})
			}
			ho.Refunds = append(ho.Refunds, hr)
		}
		h.Orders = append(h.Orders, ho)
	}
	return h
}
