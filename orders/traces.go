package orders

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/mall-project/mall/address"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// deviceHash is how a checkout keeps the browser's device cookie.
func deviceHash(token string) string {
	if token == "" {
		return ""
	}
	return mall.HashToken("device:" + token)
}

// networkHash hashes the network the client's address is in: its /24 for
// IPv4, its /48 for IPv6 (one household or office, as a rule).
func networkHash(ip string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return ""
	}
	a = a.Unmap()
	bits := 48
	if a.Is4() {
		bits = 24
	}
	p, err := a.Prefix(bits)
	if err != nil {
		return ""
	}
	return mall.HashToken("network:" + p.String())
}

// NetworkHash is the hash a checkout keeps of ip's network (its /24 or
// /48), so a caller can compare an address with the checkouts' traces.
func NetworkHash(ip string) string { return networkHash(ip) }

// SetCardFingerprint keeps the card fingerprint the payment provider gave
// for the checkout paid by paymentIntentID (or chargeID), hashed. It
// returns whether a checkout took it; a checkout keeps its first one.
func (s *Store) SetCardFingerprint(ctx context.Context, paymentIntentID, chargeID, fingerprint string) (bool, error) {
	fingerprint = strings.TrimSpace(fingerprint)
	if fingerprint == "" {
		return false, nil
	}
	id, err := s.CheckoutOfCharge(ctx, paymentIntentID, chargeID)
	if err != nil || id == 0 {
		return false, err
	}
	res := s.conn(ctx).Model(&Checkout{}).Where("id = ? AND card_hash = ''", id).
		Update("card_hash", mall.HashToken("card:"+fingerprint))
	if res.Error != nil {
		return false, fmt.Errorf("orders: card of checkout %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// PurchaseTrace is what the mall saw of who bought one order line (or,
// with LineID 0, one order): the buyer, where it went, and the hashed
// device, network and card that paid. The review integrity signals link
// buyers by these.
type PurchaseTrace struct {
	LineID      int64
	OrderID     int64
	CheckoutID  int64
	MerchantID  int64
	ProductID   int64
	OrderNumber string
	AccountID   *int64
	Email       string
	ShipName    string
	// AddressKey is the shipping address normalised (address.Key).
	AddressKey  string
	DeviceHash  string
	NetworkHash string
	CardHash    string
	Status      Status
	PlacedAt    time.Time
	DeliveredAt *time.Time
}

type traceRow struct {
	LineID, OrderID, CheckoutID, MerchantID, ProductID int64
	Number                                             string
	AccountID                                          *int64
	Email, ShipName                                    string
	ShipCountry, ShipPostalCode, ShipLine1, ShipLine2  string
	ShipCity                                           string
	DeviceHash, NetworkHash, CardHash, Status          string
	PlacedAt                                           time.Time
	DeliveredAt                                        *time.Time
}

func (r *traceRow) trace() PurchaseTrace {
	return PurchaseTrace{LineID: r.LineID, OrderID: r.OrderID, CheckoutID: r.CheckoutID, MerchantID: r.MerchantID,
		ProductID: r.ProductID, OrderNumber: r.Number, AccountID: r.AccountID, Email: r.Email, ShipName: r.ShipName,
		AddressKey: address.Key(r.ShipCountry, r.ShipPostalCode, r.ShipLine1, r.ShipLine2, r.ShipCity),
		DeviceHash: r.DeviceHash, NetworkHash: r.NetworkHash, CardHash: r.CardHash, Status: Status(r.Status),
		PlacedAt: r.PlacedAt, DeliveredAt: r.DeliveredAt}
}

const traceColumns = `o.id AS order_id, o.checkout_id, o.merchant_id, o.number, o.account_id, o.email, o.ship_name,
	o.ship_country, o.ship_postal_code, o.ship_line1, o.ship_line2, o.ship_city,
	c.device_hash, c.network_hash, c.card_hash, o.status, o.placed_at, o.delivered_at`

// TracesOfLinesAcrossMall reads the trace of each order line, by line id.
func (s *Store) TracesOfLinesAcrossMall(ctx context.Context, lineIDs []int64) (map[int64]PurchaseTrace, error) {
	out := map[int64]PurchaseTrace{}
	for _, ids := range chunks(lineIDs, 500) {
		var rows []traceRow
		err := s.conn(ctx).Raw(`SELECT l.id AS line_id, l.product_id, `+traceColumns+`
			FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN checkouts c ON c.id = o.checkout_id
			WHERE l.id IN ?`, ids).Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("orders: traces of lines: %w", err)
		}
		for i := range rows {
			out[rows[i].LineID] = rows[i].trace()
		}
	}
	return out, nil
}

// TracesOfAccountsAcrossMall reads the trace of every paid order the
// accounts placed, in any shop (LineID and ProductID 0), newest first, at
// most limit.
func (s *Store) TracesOfAccountsAcrossMall(ctx context.Context, accountIDs []int64, limit int) ([]PurchaseTrace, error) {
	if len(accountIDs) == 0 {
		return nil, nil
	}
	var rows []traceRow
	err := s.conn(ctx).Raw(`SELECT `+traceColumns+`
		FROM orders o JOIN checkouts c ON c.id = o.checkout_id
		WHERE o.account_id IN ? AND o.paid_at IS NOT NULL ORDER BY o.placed_at DESC, o.id DESC LIMIT ?`, accountIDs, limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("orders: traces of accounts: %w", err)
	}
	out := make([]PurchaseTrace, len(rows))
	for i := range rows {
		out[i] = rows[i].trace()
	}
	return out, nil
}

// ShopsOfBuyersAcrossMall counts, for each account, the shops it has paid
// orders from.
func (s *Store) ShopsOfBuyersAcrossMall(ctx context.Context, accountIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	for _, ids := range chunks(accountIDs, 500) {
		var rows []struct {
			AccountID int64
			N         int
		}
		err := s.conn(ctx).Model(&Order{}).Select("account_id, COUNT(DISTINCT merchant_id) AS n").
			Where("account_id IN ? AND paid_at IS NOT NULL", ids).Group("account_id").Scan(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("orders: shops of buyers: %w", err)
		}
		for _, r := range rows {
			out[r.AccountID] = r.N
		}
	}
	return out, nil
}

// LineRefunds are how many of a shop's paid order lines there are and how
// many of them were refunded (in part or whole) or charged back.
type LineRefunds struct {
	Lines    int64 `gorm:"column:line_count"`
	Refunded int64 `gorm:"column:refunded_count"`
}

// LineRefundsInMerchant counts the merchant's paid order lines and those
// refunded or charged back.
func (s *Store) LineRefundsInMerchant(ctx context.Context, merchantID int64) (LineRefunds, error) {
	var r LineRefunds
	err := s.conn(ctx).Raw(`SELECT COUNT(*) AS line_count,
			COALESCE(SUM(CASE WHEN l.refunded_quantity > 0 OR o.status = ? OR o.disputed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS refunded_count
		FROM order_lines l JOIN orders o ON o.id = l.order_id
		WHERE o.merchant_id = ? AND l.merchant_id = ? AND o.paid_at IS NOT NULL`, StatusRefunded, merchantID, merchantID).Scan(&r).Error
	if err != nil {
		return r, fmt.Errorf("orders: refunds of merchant %d: %w", merchantID, err)
	}
	return r, nil
}

// ProductSalesInMerchant counts the merchant's paid order lines of the
// product placed in [from, to).
func (s *Store) ProductSalesInMerchant(ctx context.Context, merchantID, productID int64, from, to time.Time) (int64, error) {
	var n int64
	err := s.conn(ctx).Table("order_lines l").Scopes(database.InMerchant(merchantID)).
		Joins("JOIN orders o ON o.id = l.order_id").
		Where("l.product_id = ? AND o.paid_at IS NOT NULL AND o.placed_at >= ? AND o.placed_at < ?", productID, from, to).
		Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("orders: sales of product %d: %w", productID, err)
	}
	return n, nil
}

func chunks(ids []int64, n int) [][]int64 {
	var out [][]int64
	for len(ids) > 0 {
		k := min(n, len(ids))
		out = append(out, ids[:k])
		ids = ids[k:]
	}
	return out
}
