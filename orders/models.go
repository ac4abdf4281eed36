package orders

import (
	"time"

	"github.com/mall-project/mall/mall"
)

// Status is where an order stands (orders.status). An order moves forward
// only (see states.go).
type Status string

// Order statuses.
const (
	StatusPendingPayment Status = "pending_payment"
	StatusPaid           Status = "paid"
	StatusShipped        Status = "shipped"
	StatusDelivered      Status = "delivered"
	StatusCancelled      Status = "cancelled"
	StatusRefunded       Status = "refunded"
)

// CheckoutStatus is where a checkout's payment stands (checkouts.status).
type CheckoutStatus string

// Checkout statuses.
const (
	CheckoutPending   CheckoutStatus = "pending"
	CheckoutPaid      CheckoutStatus = "paid"
	CheckoutExpired   CheckoutStatus = "expired"
	CheckoutCancelled CheckoutStatus = "cancelled"
)

// Provider is the payment provider a checkout is paid through
// (checkouts.provider).
type Provider string

// Payment providers.
const (
	ProviderStripe  Provider = "stripe"
	ProviderOffline Provider = "offline"
)

// TransferStatus is how far the merchant's share of an order has
// travelled (orders.transfer_status); payments moves it.
type TransferStatus string

// Transfer statuses.
const (
	TransferNone        TransferStatus = "none"
	TransferPending     TransferStatus = "pending"
	TransferHeld        TransferStatus = "held"
	TransferTransferred TransferStatus = "transferred"
)

// ActorKind is who made a change recorded on an order event
// (order_events.actor_kind).
type ActorKind string

// Actor kinds.
const (
	ActorShopper  ActorKind = "shopper"
	ActorStaff    ActorKind = "staff"
	ActorOperator ActorKind = "operator"
	ActorStripe   ActorKind = "stripe"
	ActorSystem   ActorKind = "system"
)

// RefundStatus is where a refund stands with the provider
// (refunds.status).
type RefundStatus string

// Refund statuses.
const (
	RefundPending   RefundStatus = "pending"
	RefundSucceeded RefundStatus = "succeeded"
	RefundFailed    RefundStatus = "failed"
)

// Address is where an order is shipped. Country is an ISO 3166 alpha-2
// code.
type Address struct {
	Name       string
	Line1      string
	Line2      string
	City       string
	Region     string
	PostalCode string
	Country    string
	Phone      string
}

// Checkout is one payment by a shopper: it groups one order per merchant.
type Checkout struct {
	ID        int64
	PublicID  string
	AccountID *int64
	// OwnerTokenHash is the hashed guest cart token that placed the
	// checkout ("" for a signed-in shopper); see OwnedBy.
	OwnerTokenHash    string `json:"-"`
	Email             string
	Locale            string
	Address           Address `gorm:"embedded;embeddedPrefix:ship_"`
	Currency          string
	Subtotal          int64
	ShippingTotal     int64
	Total             int64
	Status            CheckoutStatus
	Provider          Provider
	ProviderSessionID string
	PaymentIntentID   string
	ChargeID          string
	ExpiresAt         *time.Time
	PaidAt            *time.Time
	ReleasedAt        *time.Time
	// ClientHash is the hashed network address that placed the checkout
	// ("" when unknown).
	ClientHash string `json:"-"`
	// DeviceHash (the browser's device cookie), NetworkHash (the /24 or
	// /48 of the client's address) and CardHash (the card's fingerprint
	// as the payment provider gives it) are hashed traces of who paid,
	// for the review integrity signals; "" when unknown.
	DeviceHash  string `json:"-"`
	NetworkHash string `json:"-"`
	CardHash    string `json:"-"`
	CreatedAt   time.Time
	UpdatedAt   time.Time

	Orders []Order `gorm:"foreignKey:CheckoutID"`
}

// TableName is the checkouts table.
func (Checkout) TableName() string { return "checkouts" }

// OwnedBy reports whether owner placed the checkout: the same account, or
// the guest cart token that placed it.
func (c *Checkout) OwnedBy(owner CartOwner) bool {
	if c.AccountID != nil && owner.AccountID != 0 {
		return *c.AccountID == owner.AccountID
	}
	if owner.Token != "" && c.OwnerTokenHash != "" {
		return mall.HashToken(owner.Token) == c.OwnerTokenHash
	}
	return false
}

// Order is what one merchant sells in one checkout.
type Order struct {
	ID                 int64
	MerchantID         int64
	CheckoutID         int64
	Seq                int64
	Number             string
	AccountID          *int64
	Email              string
	Locale             string
	Address            Address `gorm:"embedded;embeddedPrefix:ship_"`
	ShippingMethodName string
	Currency           string
	Subtotal           int64
	Shipping           int64
	Total              int64
	// CommissionBP is the mall's commission in basis points, copied from
	// the merchant at checkout; CommissionAmount is what it comes to.
	CommissionBP     int `gorm:"column:commission_bp"`
	CommissionAmount int64
	RefundedAmount   int64
	// ShippingRefunded is set once the shipping has been refunded (or a
	// refund of it is under way).
	ShippingRefunded bool
	Status           Status
	Carrier          string
	TrackingNumber   string
	TransferStatus   TransferStatus
	TransferID       string
	TransferAmount   int64
	DisputedAt       *time.Time
	// PaymentDueAt is when an unpaid offline order is cancelled and its
	// stock goes back; the shopper is reminded at PaymentRemindAt.
	PaymentDueAt      *time.Time
	PaymentRemindAt   *time.Time
	PaymentRemindedAt *time.Time
	PlacedAt          time.Time
	PaidAt            *time.Time
	ShippedAt         *time.Time
	DeliveredAt       *time.Time
	CancelledAt       *time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time

	Lines   []OrderLine  `gorm:"foreignKey:OrderID"`
	Events  []OrderEvent `gorm:"foreignKey:OrderID"`
	Refunds []Refund     `gorm:"foreignKey:OrderID"`
	// Provider is the checkout's payment provider.
	Provider Provider `gorm:"-"`
	// MerchantSlug and MerchantName name the shop, for the shopper's
	// pages and emails (filled where a shopper reads orders).
	MerchantSlug string `gorm:"-"`
	MerchantName string `gorm:"-"`
}

// TableName is the orders table.
func (Order) TableName() string { return "orders" }

// PartiallyRefunded reports whether some, but not all, of the order was
// refunded.
func (o *Order) PartiallyRefunded() bool {
	return o.RefundedAmount > 0 && o.Status != StatusRefunded
}

// MerchantShare is what the merchant keeps of the order: the total less
// the mall's commission.
func (o *Order) MerchantShare() int64 { return o.Total - o.CommissionAmount }

// OrderLine is one variant bought in an order, with the title, SKU and
// price as they were at checkout.
type OrderLine struct {
	ID               int64
	MerchantID       int64
	OrderID          int64
	ProductID        int64
	VariantID        int64
	Title            string
	VariantTitle     string
	SKU              string `gorm:"column:sku"`
	UnitPrice        int64
	Quantity         int
	Total            int64
	RefundedQuantity int
	RefundedAmount   int64
}

// TableName is the order_lines table.
func (OrderLine) TableName() string { return "order_lines" }

// RefundableQuantity is how many of the line may still be refunded.
func (l *OrderLine) RefundableQuantity() int { return l.Quantity - l.RefundedQuantity }

// OrderEvent records one change to an order: who, when, from and to.
type OrderEvent struct {
	ID             int64
	MerchantID     int64 `json:"-"`
	OrderID        int64 `json:"-"`
	Kind           EventKind
	FromStatus     Status
	ToStatus       Status
	ActorKind      ActorKind
	ActorAccountID *int64
	Note           string
	CreatedAt      time.Time
}

// TableName is the order_events table.
func (OrderEvent) TableName() string { return "order_events" }

// Actor is who makes a change: a shopper, a merchant's staff member, the
// operator, Stripe or the mall itself. AccountID is 0 when no account acts.
type Actor struct {
	Kind      ActorKind
	AccountID int64
}

// Refund gives money back for some lines of an order and maybe its
// shipping.
type Refund struct {
	ID               int64
	MerchantID       int64
	OrderID          int64
	Amount           int64
	ShippingAmount   int64
	Reason           string
	Status           RefundStatus
	ProviderRefundID string
	ReversalID       string
	ActorAccountID   *int64
	CreatedAt        time.Time
	UpdatedAt        time.Time

	Lines []RefundLineRecord `gorm:"foreignKey:RefundID"`
}

// TableName is the refunds table.
func (Refund) TableName() string { return "refunds" }

// RefundLineRecord is how many of one order line a refund gives money back
// for.
type RefundLineRecord struct {
	ID          int64
	MerchantID  int64
	RefundID    int64
	OrderLineID int64
	Quantity    int
	Amount      int64
}

// TableName is the refund_lines table.
func (RefundLineRecord) TableName() string { return "refund_lines" }

// cartRow is a row of carts.
type cartRow struct {
	ID        int64
	TokenHash *string
	AccountID *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (cartRow) TableName() string { return "carts" }

// cartLineRow is a row of cart_lines.
type cartLineRow struct {
	ID            int64
	CartID        int64
	MerchantID    int64
	VariantID     int64
	Quantity      int
	UnitPriceSeen int64
	AddedAt       time.Time
}

func (cartLineRow) TableName() string { return "cart_lines" }

// statusKeys are the i18n keys naming each order status.
var statusKeys = map[Status]string{
	StatusPendingPayment: "orders.status.pending_payment",
	StatusPaid:           "orders.status.paid",
	StatusShipped:        "orders.status.shipped",
	StatusDelivered:      "orders.status.delivered",
	StatusCancelled:      "orders.status.cancelled",
	StatusRefunded:       "orders.status.refunded",
}

// StatusKey returns the i18n key that names an order status on pages and
// in emails ("orders.status.paid"); "orders.status.unknown" for anything
// else.
func StatusKey(status Status) string {
	if k, ok := statusKeys[status]; ok {
		return k
	}
	return "orders.status.unknown"
}

// Statuses lists the order statuses in the order an order moves through
// them, for filters.
func Statuses() []Status {
	return []Status{StatusPendingPayment, StatusPaid, StatusShipped, StatusDelivered, StatusCancelled, StatusRefunded}
}
