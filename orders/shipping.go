package orders

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// ShippingMethod is a way a merchant ships: a flat price, free when the
// merchant's part of the cart reaches FreeOver (0: never free).
type ShippingMethod struct {
	ID         int64
	MerchantID int64
	Name       string
	Price      int64
	FreeOver   int64
	Position   int
	Active     bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// TableName is the shipping_methods table.
func (ShippingMethod) TableName() string { return "shipping_methods" }

// CostFor returns what the method costs for goods worth subtotal.
func (m ShippingMethod) CostFor(subtotal int64) int64 {
	if m.FreeOver > 0 && subtotal >= m.FreeOver {
		return 0
	}
	return m.Price
}

// ShippingMethodInput is what a merchant writes about a shipping method.
type ShippingMethodInput struct {
	Name     string
	Price    int64
	FreeOver int64
	Active   bool
}

func (in *ShippingMethodInput) normalise() error {
	in.Name = strings.TrimSpace(in.Name)
	fe := mall.FieldErrors{}
	if in.Name == "" {
		fe.Add("name", "orders.error.shipping_name_required")
	} else if utf8.RuneCountInString(in.Name) > 120 {
		fe.Add("name", "orders.error.too_long")
	}
	if in.Price < 0 {
		fe.Add("price", "orders.error.amount_invalid")
	} else if in.Price > mall.MaxPrice {
		fe.Add("price", "orders.error.amount_too_high")
	}
	if in.FreeOver < 0 {
		fe.Add("free_over", "orders.error.amount_invalid")
	} else if in.FreeOver > mall.MaxTotal {
		fe.Add("free_over", "orders.error.amount_too_high")
	}
	return fe.Err()
}

func (s *Store) shippingMethods(ctx context.Context, merchantID int64) *gorm.DB {
	return s.conn(ctx).Model(&ShippingMethod{}).Scopes(database.InMerchant(merchantID))
}

// ShippingMethods returns all of the merchant's shipping methods, inactive
// ones included, in the order shoppers see them.
func (s *Store) ShippingMethods(ctx context.Context, merchantID int64) ([]ShippingMethod, error) {
	var ms []ShippingMethod
	if err := s.shippingMethods(ctx, merchantID).Order("position, id").Find(&ms).Error; err != nil {
		return nil, fmt.Errorf("orders: shipping methods of merchant %d: %w", merchantID, err)
	}
	return ms, nil
}

// ActiveShippingMethods returns the methods a shopper may choose from. A
// shop with none cannot be checked out.
func (s *Store) ActiveShippingMethods(ctx context.Context, merchantID int64) ([]ShippingMethod, error) {
	var ms []ShippingMethod
	if err := s.shippingMethods(ctx, merchantID).Where("active = ?", true).Order("position, id").Find(&ms).Error; err != nil {
		return nil, fmt.Errorf("orders: shipping methods of merchant %d: %w", merchantID, err)
	}
	return ms, nil
}

// activeMethodsOf returns the active methods of several merchants at once,
// by merchant. The merchants are named in the query.
func activeMethodsOf(db *gorm.DB, merchantIDs []int64) (map[int64][]ShippingMethod, error) {
	out := map[int64][]ShippingMethod{}
	if len(merchantIDs) == 0 {
		return out, nil
	}
	var ms []ShippingMethod
	if err := db.Where("merchant_id IN ? AND active = ?", merchantIDs, true).Order("merchant_id, position, id").Find(&ms).Error; err != nil {
		return nil, fmt.Errorf("orders: shipping methods: %w", err)
	}
	for _, m := range ms {
		out[m.MerchantID] = append(out[m.MerchantID], m)
	}
	return out, nil
}

// CreateShippingMethod adds a shipping method after the merchant's others.
func (s *Store) CreateShippingMethod(ctx context.Context, merchantID int64, in ShippingMethodInput) (*ShippingMethod, error) {
	if err := in.normalise(); err != nil {
		return nil, err
	}
	now := s.now()
	m := &ShippingMethod{MerchantID: merchantID, Name: in.Name, Price: in.Price, FreeOver: in.FreeOver,
		Active: in.Active, CreatedAt: now, UpdatedAt: now}
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var last int
		if err := tx.Model(&ShippingMethod{}).Scopes(database.InMerchant(merchantID)).
			Select("COALESCE(MAX(position), 0)").Scan(&last).Error; err != nil {
			return err
		}
		m.Position = last + 1
		// Select("*") writes Active even when false.
		return tx.Select("*").Omit("id").Create(m).Error
	})
	if err != nil {
		return nil, fmt.Errorf("orders: create shipping method: %w", err)
	}
	return m, nil
}

// UpdateShippingMethod changes one of the merchant's shipping methods.
func (s *Store) UpdateShippingMethod(ctx context.Context, merchantID, id int64, in ShippingMethodInput) error {
	if err := in.normalise(); err != nil {
		return err
	}
	res := s.shippingMethods(ctx, merchantID).Where("id = ?", id).Updates(map[string]any{
		"name": in.Name, "price": in.Price, "free_over": in.FreeOver, "active": in.Active, "updated_at": s.now(),
	})
	if res.Error != nil {
		return fmt.Errorf("orders: update shipping method %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return mall.NotFound("shipping method")
	}
	return nil
}

// DeleteShippingMethod removes one of the merchant's shipping methods.
// Orders keep the method's name.
func (s *Store) DeleteShippingMethod(ctx context.Context, merchantID, id int64) error {
	res := s.shippingMethods(ctx, merchantID).Where("id = ?", id).Delete(&ShippingMethod{})
	if res.Error != nil {
		return fmt.Errorf("orders: delete shipping method %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return mall.NotFound("shipping method")
	}
	return nil
}
