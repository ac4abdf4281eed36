package orders

import (
	"context"
	"fmt"
	"time"
)

// Sales is what a shop sold in a period: the orders paid in it and what
// they came to after refunds.
type Sales struct {
	Orders int64
	// Amount is the orders' totals less what was refunded of them.
	Amount int64
}

// AverageOrder is Amount per order (0 with no orders), rounded down.
func (s Sales) AverageOrder() int64 {
	if s.Orders == 0 {
		return 0
	}
	return s.Amount / s.Orders
}

// SalesSince sums the merchant's orders paid at or after since (in the
// mall's settlement currency, the one the shop prices in). Orders never
// paid, or cancelled unpaid, do not count; refunds are taken off.
func (s *Store) SalesSince(ctx context.Context, merchantID int64, since time.Time) (Sales, error) {
	var out Sales
	err := s.orders(ctx, merchantID).
		Select("COUNT(*) AS orders, COALESCE(SUM(total - refunded_amount), 0) AS amount").
		Where("paid_at IS NOT NULL AND paid_at >= ? AND status IN ?", since.UTC(),
			[]Status{StatusPaid, StatusShipped, StatusDelivered, StatusRefunded}).
		Scan(&out).Error
	if err != nil {
		return Sales{}, fmt.Errorf("orders: sales of merchant %d: %w", merchantID, err)
	}
	return out, nil
}
