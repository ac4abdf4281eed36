package orders

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
)

// MaxLineQuantity is the most of one variant a cart line may hold.
const MaxLineQuantity = 99

// CartOwner says whose cart: a signed-in account (AccountID) or a guest,
// known by the token in the cart cookie. When both are set the account's
// cart is used (the guest cart is merged into it at sign-in).
type CartOwner struct {
	AccountID int64
	Token     string
}

func (o CartOwner) known() bool { return o.AccountID != 0 || o.Token != "" }

// NewCartToken returns a fresh random guest cart token for the cart
// cookie. Only its SHA-256 is stored.
func NewCartToken() string {
	return mall.NewToken(32)
}

// Cart is what a shopper is about to buy, grouped by merchant.
type Cart struct {
	// ID is 0 when the shopper has no cart yet.
	ID     int64
	Groups []CartGroup
	// Count is the number of items (the sum of the quantities).
	Count    int
	Subtotal int64
	Currency string
}

// Empty reports whether the cart holds nothing.
func (c *Cart) Empty() bool { return c.Count == 0 }

// CartGroup is the part of a cart one merchant sells.
type CartGroup struct {
	Merchant CartMerchant
	Lines    []CartLine
	Subtotal int64
}

// CartMerchant is the shop a cart group is bought from.
type CartMerchant struct {
	ID   int64
	Slug string
	Name string
	// Open is false while the shop is suspended (or not yet approved).
	Open bool
}

// CartLine is one variant in the cart with what it costs now.
type CartLine struct {
	ID           int64
	VariantID    int64
	ProductID    int64
	ProductSlug  string
	Title        string
	VariantTitle string
	SKU          string
	ImageKey     string
	Quantity     int
	// UnitPrice is the current price; UnitPriceSeen is the price when the
	// shopper added the line.
	UnitPrice     int64
	UnitPriceSeen int64
	Stock         int
	// Available is false when the product is no longer on sale or its
	// shop is closed.
	Available bool
	Total     int64

	merchantID   int64
	currency     string
	commissionBP int
}

// variantTitle joins a variant's option values ("M / Blue").
func variantTitle(opts ...string) string {
	var vals []string
	for _, o := range opts {
		if o != "" {
			vals = append(vals, o)
		}
	}
	return strings.Join(vals, " / ")
}

// loadCart reads a cart's lines with their current prices, grouped by
// merchant in the order the shopper first added from each.
func loadCart(db *gorm.DB, cartID int64) (*Cart, error) {
	cart := &Cart{ID: cartID}
	if cartID == 0 {
		return cart, nil
	}
	var rows []cartLineRow
	if err := db.Where("cart_id = ?", cartID).Order("added_at, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("orders: cart %d: %w", cartID, err)
	}
	variantIDs := make([]int64, len(rows))
	merchantIDs := make([]int64, 0, len(rows))
	for i, r := range rows {
		variantIDs[i] = r.VariantID
		merchantIDs = append(merchantIDs, r.MerchantID)
	}
	variants, err := catalog.VariantsForSale(db, variantIDs)
	if err != nil {
		return nil, fmt.Errorf("orders: cart %d: %w", cartID, err)
	}
	shops, err := merchants.ShopsOf(db, merchantIDs)
	if err != nil {
		return nil, fmt.Errorf("orders: cart %d: %w", cartID, err)
	}
	index := map[int64]int{}
	for _, r := range rows {
		v, okV := variants[r.VariantID]
		m, okM := shops[r.MerchantID]
		if !okV || !okM || v.MerchantID != r.MerchantID {
			continue
		}
		open := m.IsOpen()
		line := CartLine{
			ID: r.ID, VariantID: r.VariantID, ProductID: v.ProductID, ProductSlug: v.ProductSlug,
			Title: v.Title, VariantTitle: variantTitle(v.Option1, v.Option2, v.Option3), SKU: v.SKU,
			ImageKey: v.ImageKey, Quantity: r.Quantity, UnitPrice: v.Price, UnitPriceSeen: r.UnitPriceSeen,
			Stock: v.Stock, Available: open && v.OnSale(), Total: v.Price * int64(r.Quantity),
			merchantID: r.MerchantID, currency: v.Currency, commissionBP: m.CommissionBP,
		}
		i, ok := index[r.MerchantID]
		if !ok {
			i = len(cart.Groups)
			index[r.MerchantID] = i
			cart.Groups = append(cart.Groups, CartGroup{Merchant: CartMerchant{
				ID: r.MerchantID, Slug: m.Slug, Name: m.Name, Open: open,
			}})
		}
		g := &cart.Groups[i]
		g.Lines = append(g.Lines, line)
		g.Subtotal += line.Total
		cart.Subtotal += line.Total
		cart.Count += line.Quantity
		if cart.Currency == "" {
			cart.Currency = line.currency
		}
	}
	return cart, nil
}

// findCart returns the id of owner's cart, or 0 when there is none.
func findCart(db *gorm.DB, owner CartOwner) (int64, error) {
	if !owner.known() {
		return 0, nil
	}
	q := db.Model(&cartRow{}).Select("id")
	if owner.AccountID != 0 {
		q = q.Where("account_id = ?", owner.AccountID)
	} else {
		q = q.Where("token_hash = ?", mall.HashToken(owner.Token))
	}
	var ids []int64
	if err := q.Limit(1).Pluck("id", &ids).Error; err != nil {
		return 0, fmt.Errorf("orders: find cart: %w", err)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// ensureCart returns the id of owner's cart, creating it if need be. The
// insert ignores a concurrent twin; the unique indexes keep one cart per
// owner.
func ensureCart(db *gorm.DB, owner CartOwner, now time.Time) (int64, error) {
	id, err := findCart(db, owner)
	if err != nil || id != 0 {
		return id, err
	}
	var token *string
	var account *int64
	if owner.AccountID != 0 {
		account = &owner.AccountID
	} else {
		h := mall.HashToken(owner.Token)
		token = &h
	}
	if err := db.Exec(`INSERT INTO carts (token_hash, account_id, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		token, account, now, now).Error; err != nil {
		return 0, fmt.Errorf("orders: create cart: %w", err)
	}
	id, err = findCart(db, owner)
	if err == nil && id == 0 {
		err = errors.New("orders: create cart: not found after insert")
	}
	return id, err
}

// Cart returns owner's cart with current prices and stock; an empty cart
// (ID 0) when the owner has none.
func (s *Store) Cart(ctx context.Context, owner CartOwner) (*Cart, error) {
	db := s.conn(ctx)
	id, err := findCart(db, owner)
	if err != nil {
		return nil, err
	}
	return loadCart(db, id)
}

// CartCount returns how many items owner's cart holds (the sum of the
// quantities), for the header.
func (s *Store) CartCount(ctx context.Context, owner CartOwner) (int, error) {
	if !owner.known() {
		return 0, nil
	}
	q := s.conn(ctx).Table("cart_lines").Joins("JOIN carts ON carts.id = cart_lines.cart_id")
	if owner.AccountID != 0 {
		q = q.Where("carts.account_id = ?", owner.AccountID)
	} else {
		q = q.Where("carts.token_hash = ?", mall.HashToken(owner.Token))
	}
	var n int64
	if err := q.Select("COALESCE(SUM(cart_lines.quantity), 0)").Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("orders: cart count: %w", err)
	}
	return int(n), nil
}

// buyableVariant is what adding to a cart needs to know of a variant.
type buyableVariant struct {
	ID         int64
	MerchantID int64
	Price      int64
	Stock      int
	// OnSale: the product is published and its shop open.
	OnSale bool
}

func readBuyable(db *gorm.DB, variantID int64) (*buyableVariant, error) {
	vs, err := catalog.VariantsForSale(db, []int64{variantID})
	if err != nil {
		return nil, fmt.Errorf("orders: read variant %d: %w", variantID, err)
	}
	v, ok := vs[variantID]
	if !ok {
		return nil, mall.NotFound("variant")
	}
	shops, err := merchants.ShopsOf(db, []int64{v.MerchantID})
	if err != nil {
		return nil, fmt.Errorf("orders: read variant %d: %w", variantID, err)
	}
	m, ok := shops[v.MerchantID]
	if !ok {
		return nil, mall.NotFound("variant")
	}
	return &buyableVariant{ID: v.ID, MerchantID: v.MerchantID, Price: v.Price, Stock: v.Stock,
		OnSale: v.OnSale() && m.IsOpen()}, nil
}

func errUnavailable() error {
	return &mall.Error{Code: mall.EConflict, Key: "orders.error.unavailable", Message: "product not on sale"}
}

func errNotEnoughStock(available int) error {
	return &mall.Error{Code: mall.EConflict, Field: "quantity", Key: "orders.error.not_enough_stock",
		Message: "not enough stock", Args: map[string]any{"Available": available}}
}

func checkQuantity(qty int) error {
	if qty < 1 || qty > MaxLineQuantity {
		return mall.FieldErrors{"quantity": mall.Invalid("quantity", "orders.error.quantity_invalid")}.Err()
	}
	return nil
}

// AddToCart puts qty of a variant in owner's cart, on top of what is
// already there. The product must be on sale, its shop open, and the
// stock must cover the line's new quantity (at most MaxLineQuantity).
func (s *Store) AddToCart(ctx context.Context, owner CartOwner, variantID int64, qty int) error {
	if !owner.known() {
		return errors.New("orders: add to cart: no cart owner")
	}
	if err := checkQuantity(qty); err != nil {
		return err
	}
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		v, err := readBuyable(tx, variantID)
		if err != nil {
			return err
		}
		if !v.OnSale {
			return errUnavailable()
		}
		cartID, err := ensureCart(tx, owner, now)
		if err != nil {
			return err
		}
		// Holding the cart row serialises changes to one cart: two adds
		// of the same variant at once add up instead of colliding.
		if err := touchCart(tx, cartID, now); err != nil {
			return err
		}
		var have []int
		if err := tx.Model(&cartLineRow{}).Where("cart_id = ? AND variant_id = ?", cartID, variantID).
			Pluck("quantity", &have).Error; err != nil {
			return fmt.Errorf("orders: add to cart: %w", err)
		}
		total := qty
		if len(have) > 0 {
			total += have[0]
		}
		if total > MaxLineQuantity {
			return mall.FieldErrors{"quantity": mall.Invalid("quantity", "orders.error.quantity_invalid")}.Err()
		}
		if total > v.Stock {
			return errNotEnoughStock(v.Stock)
		}
		if len(have) > 0 {
			err = tx.Model(&cartLineRow{}).Where("cart_id = ? AND variant_id = ?", cartID, variantID).
				Updates(map[string]any{"quantity": total, "unit_price_seen": v.Price}).Error
		} else {
			err = tx.Create(&cartLineRow{CartID: cartID, MerchantID: v.MerchantID, VariantID: variantID,
				Quantity: total, UnitPriceSeen: v.Price, AddedAt: now}).Error
		}
		if err != nil {
			return fmt.Errorf("orders: add to cart: %w", err)
		}
		return nil
	})
}

func touchCart(tx *gorm.DB, cartID int64, now time.Time) error {
	if err := tx.Model(&cartRow{}).Where("id = ?", cartID).Update("updated_at", now).Error; err != nil {
		return fmt.Errorf("orders: touch cart %d: %w", cartID, err)
	}
	return nil
}

// ownLine returns owner's cart line lineID, or a not-found error when it
// is not in owner's cart.
func ownLine(tx *gorm.DB, owner CartOwner, lineID int64) (*cartLineRow, error) {
	cartID, err := findCart(tx, owner)
	if err != nil {
		return nil, err
	}
	var l cartLineRow
	if err := tx.Where("id = ? AND cart_id = ?", lineID, cartID).First(&l).Error; err != nil {
		return nil, database.NotFound(err, "cart line")
	}
	return &l, nil
}

// SetCartQuantity changes how many of a line owner wants; 0 removes it.
// Only more than the stock on hand is refused.
func (s *Store) SetCartQuantity(ctx context.Context, owner CartOwner, lineID int64, qty int) error {
	if qty == 0 {
		return s.RemoveCartLine(ctx, owner, lineID)
	}
	if err := checkQuantity(qty); err != nil {
		return err
	}
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		l, err := ownLine(tx, owner, lineID)
		if err != nil {
			return err
		}
		if qty > l.Quantity {
			v, err := readBuyable(tx, l.VariantID)
			if err != nil {
				return err
			}
			if qty > v.Stock {
				return errNotEnoughStock(v.Stock)
			}
		}
		if err := tx.Model(&cartLineRow{}).Where("id = ?", l.ID).Update("quantity", qty).Error; err != nil {
			return fmt.Errorf("orders: set cart quantity: %w", err)
		}
		return touchCart(tx, l.CartID, now)
	})
}

// RemoveCartLine takes a line out of owner's cart.
func (s *Store) RemoveCartLine(ctx context.Context, owner CartOwner, lineID int64) error {
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		l, err := ownLine(tx, owner, lineID)
		if err != nil {
			return err
		}
		if err := tx.Where("id = ?", l.ID).Delete(&cartLineRow{}).Error; err != nil {
			return fmt.Errorf("orders: remove cart line: %w", err)
		}
		return touchCart(tx, l.CartID, now)
	})
}

// MergeGuestCart moves the guest cart of token into accountID's cart when
// the shopper signs in or up. Lines of the same variant add up (to at most
// MaxLineQuantity); the guest cart is gone afterwards.
func (s *Store) MergeGuestCart(ctx context.Context, token string, accountID int64) error {
	if token == "" || accountID == 0 {
		return nil
	}
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		guestID, err := findCart(tx, CartOwner{Token: token})
		if err != nil || guestID == 0 {
			return err
		}
		accountCart, err := findCart(tx, CartOwner{AccountID: accountID})
		if err != nil {
			return err
		}
		if accountCart == 0 {
			// The guest cart simply becomes the account's.
			err := tx.Model(&cartRow{}).Where("id = ?", guestID).
				Updates(map[string]any{"account_id": accountID, "token_hash": nil, "updated_at": now}).Error
			if err != nil {
				return fmt.Errorf("orders: merge cart: %w", err)
			}
			return nil
		}
		var guest, mine []cartLineRow
		if err := tx.Where("cart_id = ?", guestID).Order("added_at, id").Find(&guest).Error; err != nil {
			return fmt.Errorf("orders: merge cart: %w", err)
		}
		if err := tx.Where("cart_id = ?", accountCart).Find(&mine).Error; err != nil {
			return fmt.Errorf("orders: merge cart: %w", err)
		}
		have := map[int64]cartLineRow{}
		for _, l := range mine {
			have[l.VariantID] = l
		}
		for _, g := range guest {
			if m, ok := have[g.VariantID]; ok {
				qty := min(m.Quantity+g.Quantity, MaxLineQuantity)
				if err := tx.Model(&cartLineRow{}).Where("id = ?", m.ID).
					Updates(map[string]any{"quantity": qty, "unit_price_seen": g.UnitPriceSeen}).Error; err != nil {
					return fmt.Errorf("orders: merge cart: %w", err)
				}
				continue
			}
			if err := tx.Model(&cartLineRow{}).Where("id = ?", g.ID).Update("cart_id", accountCart).Error; err != nil {
				return fmt.Errorf("orders: merge cart: %w", err)
			}
		}
		if err := tx.Where("id = ?", guestID).Delete(&cartRow{}).Error; err != nil {
			return fmt.Errorf("orders: merge cart: %w", err)
		}
		return touchCart(tx, accountCart, now)
	})
}
