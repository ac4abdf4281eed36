package orders

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// PlaceRequest is a shopper's checkout form.
type PlaceRequest struct {
	Owner   CartOwner
	Email   string
	Address Address
	// Shipping maps a merchant id to the chosen shipping method id (0 or
	// missing: the first active one).
	Shipping map[int64]int64
	// ExpectedTotal is the total the shopper saw; a different total now
	// stops the checkout.
	ExpectedTotal int64
	// Provider is ProviderStripe or ProviderOffline.
	Provider Provider
	// Locale is the shopper's language for emails ("en" when empty).
	Locale string
	// ClientIP is the shopper's network address ("" when unknown): an
	// offline checkout counts against the unpaid ones it holds.
	ClientIP string
	// DeviceToken is the browser's long-lived device cookie ("" when
	// none); the checkout keeps it hashed.
	DeviceToken string
}

// normalise trims the form and reports every invalid field at once. Field
// names: email, name, line1, line2, city, region, postal_code, country,
// phone, provider.
func (r *PlaceRequest) normalise() error {
	fe := mall.FieldErrors{}
	r.Email = accounts.NormalizeEmail(r.Email)
	if !accounts.ValidEmail(r.Email) {
		fe.Add("email", "orders.error.email_invalid")
	}
	a := &r.Address
	for _, f := range []*string{&a.Name, &a.Line1, &a.Line2, &a.City, &a.Region, &a.PostalCode, &a.Country, &a.Phone} {
		*f = strings.Join(strings.Fields(*f), " ")
	}
	a.Country = strings.ToUpper(a.Country)
	required := func(field, v, key string, limit int) {
		switch {
		case v == "":
			fe.Add(field, key)
		case utf8.RuneCountInString(v) > limit:
			fe.Add(field, "orders.error.too_long")
		}
	}
	optional := func(field, v string, limit int) {
		if utf8.RuneCountInString(v) > limit {
			fe.Add(field, "orders.error.too_long")
		}
	}
	required("name", a.Name, "orders.error.name_required", maxNameLen)
	required("line1", a.Line1, "orders.error.line1_required", maxLineLen)
	optional("line2", a.Line2, maxLineLen)
	optional("city", a.City, maxCityLen)
	optional("region", a.Region, maxCityLen)
	optional("postal_code", a.PostalCode, maxPostalLen)
	optional("phone", a.Phone, maxPhoneLen)
	checkAddress(fe, a)
	if !r.Provider.Valid() {
		fe.Add("provider", "orders.error.provider_invalid")
	}
	if r.Locale != "zh-Hans" {
		r.Locale = "en"
	}
	return fe.Err()
}

// StockShort is one variant a checkout wanted more of than there is.
type StockShort struct {
	VariantID int64
	Title     string
	SKU       string
	Wanted    int
	Available int
}

// StockError says a checkout could not take its stock: another shopper
// was quicker. Nothing was written. It is an EConflict mall.Error with
// key orders.error.out_of_stock (see Unwrap); Short lists what ran out.
type StockError struct {
	Short []StockShort
}

func (e *StockError) Error() string {
	parts := make([]string, len(e.Short))
	for i, s := range e.Short {
		parts[i] = fmt.Sprintf("%s: wanted %d, %d left", s.SKU, s.Wanted, s.Available)
	}
	return "orders: out of stock: " + strings.Join(parts, "; ")
}

// Unwrap makes the error an EConflict for mall.ErrorCode and the error
// pages.
func (e *StockError) Unwrap() error {
	return &mall.Error{Code: mall.EConflict, Key: "orders.error.out_of_stock", Message: "out of stock"}
}

func conflict(key, msg string) error {
	return &mall.Error{Code: mall.EConflict, Key: key, Message: msg}
}

func newPublicID() string { return mall.RandomHex(16) }

// commission is the mall's part of total at bp basis points (0 to
// 10,000), rounded half up, without overflow at any total.
func commission(total int64, bp int) int64 {
	return mall.Proportion(max(total, 0), int64(min(max(bp, 0), 10000)), 10000)
}

// checkTotal refuses a checkout that would charge more than mall.MaxTotal
// or hold a price above mall.MaxPrice (one written before prices were
// bounded): no shop charges that much at once, and below those bounds
// every total, commission and refund is exact.
func checkTotal(q *Quote) error {
	tooLarge := q.Total > mall.MaxTotal
	for _, g := range q.Groups {
		for _, l := range g.Lines {
			tooLarge = tooLarge || l.UnitPrice > mall.MaxPrice
		}
		tooLarge = tooLarge || g.Shipping > mall.MaxPrice
	}
	if !tooLarge {
		return nil
	}
	return &mall.Error{Code: mall.EConflict, Key: "orders.error.total_too_large", Message: "the total is too large",
		Args: map[string]any{"Max": mall.Money{Amount: mall.MaxTotal, Currency: q.Currency}}}
}

// PlaceCheckout turns owner's cart into a checkout with one order per
// merchant, in one transaction: prices, stock and shipping are read again;
// a total other than ExpectedTotal is an EConflict
// (orders.error.total_changed) and a variant another shopper emptied a
// *StockError, both writing nothing. Otherwise the stock is taken (a
// conditional decrement per variant in ascending id order), the orders
// are numbered per merchant, the cart is emptied and checkout.placed is
// published.
func (s *Store) PlaceCheckout(ctx context.Context, req PlaceRequest) (*Checkout, error) {
	if err := req.normalise(); err != nil {
		return nil, err
	}
	if !req.Owner.known() {
		return nil, conflict("orders.error.cart_empty", "no cart")
	}
	now := s.now()
	var co *Checkout
	var moves []catalog.StockMove
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var err error
		co, moves, err = s.place(tx, &req, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.stockChanged(moves)
	return co, nil
}

func (s *Store) place(tx *gorm.DB, req *PlaceRequest, now time.Time) (*Checkout, []catalog.StockMove, error) {
	cartID, err := findCart(tx, req.Owner)
	if err != nil {
		return nil, nil, err
	}
	// Hold the cart first: a second submit of the same cart waits here
	// and then finds it empty, instead of buying everything twice.
	if cartID != 0 {
		if err := touchCart(tx, cartID, now); err != nil {
			return nil, nil, err
		}
	}
	cart, err := loadCart(tx, cartID)
	if err != nil {
		return nil, nil, err
	}
	if cart.Count == 0 {
		return nil, nil, conflict("orders.error.cart_empty", "cart is empty")
	}
	methods, err := activeMethodsOf(tx, merchantIDsOf(cart))
	if err != nil {
		return nil, nil, err
	}
	q, badChoice := quoteOf(cart, methods, req.Shipping)
	if badChoice {
		return nil, nil, mall.FieldErrors{"shipping": mall.Invalid("shipping", "orders.error.shipping_invalid")}.Err()
	}
	for _, g := range q.Groups {
		if g.NoShipping {
			return nil, nil, conflict("orders.error.no_shipping", "a shop of the cart has no shipping method")
		}
		for _, l := range g.Lines {
			if !l.Available {
				return nil, nil, conflict("orders.error.unavailable", "a product of the cart is not on sale")
			}
			if l.currency != q.Currency {
				return nil, nil, conflict("orders.error.currency_mixed", "the cart mixes currencies")
			}
		}
	}
	if err := checkTotal(q); err != nil {
		return nil, nil, err
	}
	if q.Total != req.ExpectedTotal {
		return nil, nil, conflict("orders.error.total_changed", "the total changed")
	}
	var due map[int64]offlineDue
	if req.Provider == ProviderOffline {
		if due, err = s.offlineTerms(tx, req, merchantIDsOf(cart), now); err != nil {
			return nil, nil, err
		}
	}

	co := &Checkout{
		PublicID: newPublicID(), Email: req.Email, Locale: req.Locale, Address: req.Address,
		Currency: q.Currency, Subtotal: q.Subtotal, ShippingTotal: q.ShippingTotal, Total: q.Total,
		Status: CheckoutPending, Provider: req.Provider, ClientHash: clientHash(req.ClientIP), CreatedAt: now, UpdatedAt: now,
		DeviceHash: deviceHash(req.DeviceToken), NetworkHash: networkHash(req.ClientIP),
	}
	if req.Owner.AccountID != 0 {
		id := req.Owner.AccountID
		co.AccountID = &id
	} else {
		co.OwnerTokenHash = mall.HashToken(req.Owner.Token)
	}
	if req.Provider == ProviderStripe {
		exp := now.Add(s.opts.CheckoutTTL)
		co.ExpiresAt = &exp
	}
	if err := tx.Omit(clause.Associations).Create(co).Error; err != nil {
		return nil, nil, fmt.Errorf("orders: create checkout: %w", err)
	}
	if err := tx.Where("cart_id = ?", cartID).Delete(&cartLineRow{}).Error; err != nil {
		return nil, nil, fmt.Errorf("orders: empty cart: %w", err)
	}
	if err := s.publish(tx, TopicCheckoutPlaced, co.ID, CheckoutPayload{CheckoutID: co.ID}); err != nil {
		return nil, nil, err
	}

	// The rows every checkout of these shops contends for (the variants,
	// then the order counters) are taken last, so they are held for as
	// short a time as can be: from here to the commit.
	var want []stockTake
	for _, g := range q.Groups {
		for _, l := range g.Lines {
			want = append(want, stockTake{variantID: l.VariantID, merchantID: g.Merchant.ID, productID: l.ProductID,
				qty: l.Quantity, title: l.Title, sku: l.SKU})
		}
	}
	short, moves, err := takeStock(tx, want, now)
	if err != nil {
		return nil, nil, err
	} else if len(short) > 0 {
		return nil, nil, &StockError{Short: short}
	}

	// Number the orders merchant by merchant in ascending id, so two
	// checkouts lock the counters in the same order.
	groups := append([]QuoteGroup(nil), q.Groups...)
	sort.Slice(groups, func(i, j int) bool { return groups[i].Merchant.ID < groups[j].Merchant.ID })
	ords := make([]Order, len(groups))
	for i, g := range groups {
		seq, err := nextSeq(tx, g.Merchant.ID)
		if err != nil {
			return nil, nil, err
		}
		ords[i] = Order{
			MerchantID: g.Merchant.ID, CheckoutID: co.ID, Seq: seq,
			Number:    strings.ToUpper(g.Merchant.Slug) + "-" + strconv.FormatInt(seq, 10),
			AccountID: co.AccountID, Email: co.Email, Locale: co.Locale, Address: co.Address,
			ShippingMethodName: g.method.Name, Currency: co.Currency,
			Subtotal: g.Subtotal, Shipping: g.Shipping, Total: g.Total,
			CommissionBP: g.commissionBP, CommissionAmount: commission(g.Total, g.commissionBP),
			Status: StatusPendingPayment, TransferStatus: TransferNone,
			PlacedAt: now, CreatedAt: now, UpdatedAt: now, Provider: co.Provider,
		}
		if d, ok := due[g.Merchant.ID]; ok {
			ords[i].PaymentDueAt, ords[i].PaymentRemindAt = &d.due, &d.remind
		}
	}
	if err := tx.Omit(clause.Associations).Create(&ords).Error; err != nil {
		return nil, nil, fmt.Errorf("orders: create orders: %w", err)
	}
	var lines []OrderLine
	var events []OrderEvent
	for i, g := range groups {
		o := &ords[i]
		for _, l := range g.Lines {
			lines = append(lines, OrderLine{
				MerchantID: o.MerchantID, OrderID: o.ID, ProductID: l.ProductID, VariantID: l.VariantID,
				Title: l.Title, VariantTitle: l.VariantTitle, SKU: l.SKU,
				UnitPrice: l.UnitPrice, Quantity: l.Quantity, Total: l.Total,
			})
		}
		events = append(events, newEvent(o, EventPlaced, "", StatusPendingPayment, shopper(req.Owner), "", now))
	}
	if err := tx.Create(&lines).Error; err != nil {
		return nil, nil, fmt.Errorf("orders: create order lines: %w", err)
	}
	if err := tx.Create(&events).Error; err != nil {
		return nil, nil, fmt.Errorf("orders: record placed: %w", err)
	}
	for _, l := range lines {
		for i := range ords {
			if ords[i].ID == l.OrderID {
				ords[i].Lines = append(ords[i].Lines, l)
			}
		}
	}
	co.Orders = ords
	return co, moves, nil
}

func shopper(owner CartOwner) Actor { return Actor{Kind: ActorShopper, AccountID: owner.AccountID} }

// nextSeq takes the merchant's next order number: the counter row is
// created at 1000 the first time, then bumped and read back in one
// statement, which holds the row until the transaction ends.
func nextSeq(tx *gorm.DB, merchantID int64) (int64, error) {
	for range 2 {
		var seqs []int64
		if err := tx.Raw(`UPDATE order_counters SET last_seq = last_seq + 1 WHERE merchant_id = ? RETURNING last_seq`, merchantID).
			Scan(&seqs).Error; err != nil {
			return 0, fmt.Errorf("orders: next order number of merchant %d: %w", merchantID, err)
		}
		if len(seqs) == 1 {
			return seqs[0], nil
		}
		if err := tx.Exec(`INSERT INTO order_counters (merchant_id, last_seq) VALUES (?, 1000) ON CONFLICT DO NOTHING`, merchantID).Error; err != nil {
			return 0, fmt.Errorf("orders: start order numbers of merchant %d: %w", merchantID, err)
		}
	}
	return 0, errors.New("orders: order counter missing after insert")
}

// publish records an outbox event in tx; nothing without an Outbox.
func (s *Store) publish(tx *gorm.DB, topic string, key int64, payload any) error {
	if s.opts.Outbox == nil {
		return nil
	}
	if err := s.opts.Outbox.Publish(tx, topic, strconv.FormatInt(key, 10), payload); err != nil {
		return fmt.Errorf("orders: publish %s: %w", topic, err)
	}
	return nil
}

func newEvent(o *Order, kind EventKind, from, to Status, by Actor, note string, now time.Time) OrderEvent {
	e := OrderEvent{MerchantID: o.MerchantID, OrderID: o.ID, Kind: kind, FromStatus: from, ToStatus: to,
		ActorKind: by.Kind, Note: note, CreatedAt: now}
	if e.ActorKind == "" {
		e.ActorKind = ActorSystem
	}
	if by.AccountID != 0 {
		id := by.AccountID
		e.ActorAccountID = &id
	}
	return e
}

// Checkout returns a checkout with its orders and their lines.
func (s *Store) Checkout(ctx context.Context, id int64) (*Checkout, error) {
	return s.checkout(ctx, "id = ?", id)
}

// CheckoutByPublicID returns the checkout behind a confirmation page or a
// signed order link. The caller checks who may see it (OwnedBy or
// CheckLinkSignature).
func (s *Store) CheckoutByPublicID(ctx context.Context, publicID string) (*Checkout, error) {
	if publicID == "" {
		return nil, mall.NotFound("checkout")
	}
	return s.checkout(ctx, "public_id = ?", publicID)
}

// CheckoutBySession returns the checkout paid through a Stripe Checkout
// Session.
func (s *Store) CheckoutBySession(ctx context.Context, sessionID string) (*Checkout, error) {
	if sessionID == "" {
		return nil, mall.NotFound("checkout")
	}
	return s.checkout(ctx, "provider_session_id = ?", sessionID)
}

func (s *Store) checkout(ctx context.Context, where string, arg any) (*Checkout, error) {
	var co Checkout
	err := s.conn(ctx).
		Preload("Orders", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Preload("Orders.Lines", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Where(where, arg).First(&co).Error
	if err != nil {
		return nil, database.NotFound(err, "checkout")
	}
	for i := range co.Orders {
		co.Orders[i].Provider = co.Provider
	}
	if err := fillMerchants(s.conn(ctx), co.Orders); err != nil {
		return nil, err
	}
	return &co, nil
}

// SetCheckoutSession records the Stripe Checkout Session that pays for the
// checkout.
func (s *Store) SetCheckoutSession(ctx context.Context, checkoutID int64, sessionID string) error {
	res := s.conn(ctx).Model(&Checkout{}).Where("id = ?", checkoutID).
		Updates(map[string]any{"provider_session_id": sessionID, "updated_at": s.now()})
	if res.Error != nil {
		return fmt.Errorf("orders: set session of checkout %d: %w", checkoutID, res.Error)
	}
	if res.RowsAffected == 0 {
		return mall.NotFound("checkout")
	}
	return nil
}
