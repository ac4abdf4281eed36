// Package archive writes everything a merchant owns into one zip file and
// reads such a file back into a mall: the merchant's way out, and in.
//
// The archive is plain JSON beside the original image files, so a merchant
// can read it without the mall:
//
//	manifest.json     format, version, when, which shop, what it holds
//	merchant.json     the shop's settings
//	categories.json   categories
//	products.json     products with variants, stock, images and categories
//	shipping_methods.json  shipping methods (from version 2)
//	orders.json       orders with lines, events and refunds (from version 2)
//	reviews.json      published reviews with their review log leaves,
//	                  inclusion proofs, and the origin mall's signed
//	                  checkpoint and key (from version 3)
//	images/KEY.EXT    every image, in its original size
//
// Accounts do not travel between malls: orders keep the shopper's email,
// events and refunds the kind of actor, not who it was.
package archive

import (
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// Format and Version name the archive layout; Read refuses others.
// Version 2 added shipping_methods.json and orders.json, version 3
// reviews.json; Read still takes version 1 and 2 archives, which lack
// them.
const (
	Format  = "mall-merchant-archive"
	Version = 3
)

// Manifest describes an archive.
type Manifest struct {
	Format     string         `json:"format"`
	Version    int            `json:"version"`
	ExportedAt time.Time      `json:"exported_at"`
	Merchant   string         `json:"merchant"`
	Counts     map[string]int `json:"counts"`
}

// Merchant is the shop's settings as archived.
type Merchant struct {
	Slug         string `json:"slug"`
	Name         string `json:"name"`
	Description  string `json:"description"`
	ThemeColor   string `json:"theme_color"`
	Locale       string `json:"locale"`
	BothLocales  bool   `json:"both_locales"`
	ContactEmail string `json:"contact_email"`
	CustomDomain string `json:"custom_domain,omitempty"`
	// Logo is the image file in the archive ("" for none).
	Logo string `json:"logo,omitempty"`
}

// Category is one category as archived.
type Category struct {
	Slug     string `json:"slug"`
	Name     string `json:"name"`
	Position int    `json:"position"`
}

// Product is one product as archived.
type Product struct {
	Slug        string     `json:"slug"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Status      string     `json:"status"`
	Tags        []string   `json:"tags"`
	Featured    bool       `json:"featured"`
	OptionNames [3]string  `json:"option_names"`
	Categories  []string   `json:"categories"`
	Variants    []Variant  `json:"variants"`
	Images      []Image    `json:"images"`
	CreatedAt   time.Time  `json:"created_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
}

// Variant is one variant as archived; money in minor units.
type Variant struct {
	SKU            string    `json:"sku"`
	Options        [3]string `json:"options"`
	Price          int64     `json:"price"`
	CompareAtPrice int64     `json:"compare_at_price"`
	Currency       string    `json:"currency"`
	Stock          int       `json:"stock"`
	WeightGrams    int       `json:"weight_grams"`
	// Image is the index, in the product's images, of the one shown for
	// this variant; absent for none (and in archives written before
	// variants had images).
	Image *int `json:"image,omitempty"`
}

// Image is one product image as archived.
type Image struct {
	File string `json:"file"`
	Alt  string `json:"alt"`
}

// ShippingMethod is one shipping method as archived; money in minor units
// of the shop's currency.
type ShippingMethod struct {
	Name      string    `json:"name"`
	Price     int64     `json:"price"`
	FreeOver  int64     `json:"free_over"`
	Position  int       `json:"position"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// Order is one order as archived, with what was bought, what happened to
// it and what was refunded. Money is in minor units of Currency.
type Order struct {
	Number   string `json:"number"`
	Seq      int64  `json:"seq"`
	Status   string `json:"status"`
	Provider string `json:"provider"`
	Email    string `json:"email"`
	Locale   string `json:"locale"`
	// ShippingAddress is where the order was sent.
	ShippingAddress  Address `json:"shipping_address"`
	ShippingMethod   string  `json:"shipping_method"`
	Currency         string  `json:"currency"`
	Subtotal         int64   `json:"subtotal"`
	Shipping         int64   `json:"shipping"`
	Total            int64   `json:"total"`
	CommissionBP     int     `json:"commission_bp"`
	CommissionAmount int64   `json:"commission_amount"`
	RefundedAmount   int64   `json:"refunded_amount"`
	ShippingRefunded bool    `json:"shipping_refunded"`
	Carrier          string  `json:"carrier"`
	TrackingNumber   string  `json:"tracking_number"`
	TransferStatus   string  `json:"transfer_status"`
	TransferID       string  `json:"transfer_id"`
	TransferAmount   int64   `json:"transfer_amount"`

	PlacedAt    time.Time  `json:"placed_at"`
	PaidAt      *time.Time `json:"paid_at,omitempty"`
	ShippedAt   *time.Time `json:"shipped_at,omitempty"`
	DeliveredAt *time.Time `json:"delivered_at,omitempty"`
	CancelledAt *time.Time `json:"cancelled_at,omitempty"`
	DisputedAt  *time.Time `json:"disputed_at,omitempty"`
	UpdatedAt   time.Time  `json:"updated_at"`

	Lines   []OrderLine  `json:"lines"`
	Events  []OrderEvent `json:"events"`
	Refunds []Refund     `json:"refunds"`
}

// Address is a postal address as archived; Country is ISO 3166 alpha-2.
type Address struct {
	Name       string `json:"name"`
	Line1      string `json:"line1"`
	Line2      string `json:"line2"`
	City       string `json:"city"`
	Region     string `json:"region"`
	PostalCode string `json:"postal_code"`
	Country    string `json:"country"`
	Phone      string `json:"phone"`
}

// OrderLine is one line of an order as archived: the SKU, titles and
// price as they were at checkout. Total is UnitPrice × Quantity.
type OrderLine struct {
	SKU              string `json:"sku"`
	Title            string `json:"title"`
	VariantTitle     string `json:"variant_title"`
	UnitPrice        int64  `json:"unit_price"`
	Quantity         int    `json:"quantity"`
	Total            int64  `json:"total"`
	RefundedQuantity int    `json:"refunded_quantity"`
	RefundedAmount   int64  `json:"refunded_amount"`
}

// OrderEvent is one entry of an order's history as archived. ActorKind
// says who acted (shopper, staff, operator, stripe, system), not which
// account: accounts do not travel between malls.
type OrderEvent struct {
	Kind       string    `json:"kind"`
	FromStatus string    `json:"from_status"`
	ToStatus   string    `json:"to_status"`
	ActorKind  string    `json:"actor_kind"`
	Note       string    `json:"note"`
	At         time.Time `json:"at"`
}

// Refund is one refund of an order as archived. Amount is the lines'
// amounts plus ShippingAmount.
type Refund struct {
	Amount           int64        `json:"amount"`
	ShippingAmount   int64        `json:"shipping_amount"`
	Reason           string       `json:"reason"`
	Status           string       `json:"status"`
	ProviderRefundID string       `json:"provider_refund_id"`
	ReversalID       string       `json:"reversal_id"`
	CreatedAt        time.Time    `json:"created_at"`
	UpdatedAt        time.Time    `json:"updated_at"`
	Lines            []RefundLine `json:"lines"`
}

// RefundLine is how many of one order line a refund gave money back for;
// Line is the line's position in the order's lines, from 1.
type RefundLine struct {
	Line     int   `json:"line"`
	Quantity int   `json:"quantity"`
	Amount   int64 `json:"amount"`
}

// Reviews is reviews.json: the shop's published reviews as the origin
// mall logged them, with what anyone needs to check them offline.
type Reviews struct {
	// Origin names the origin mall's review log (the checkpoint's first
	// line); VerifierKey is its public key and Checkpoint its signed
	// checkpoint (a signed note) every proof is against.
	Origin      string   `json:"origin"`
	VerifierKey string   `json:"verifier_key"`
	Checkpoint  string   `json:"checkpoint"`
	Reviews     []Review `json:"reviews"`
}

// Review is one review as archived: what the buyer wrote, the product
// (by slug), its last leaf in the origin's log (the leaf's exact bytes)
// and the leaf's inclusion proof (base64 hashes) against Checkpoint.
type Review struct {
	Product      string      `json:"product"`
	VariantTitle string      `json:"variant_title"`
	Rating       int         `json:"rating"`
	Title        string      `json:"title"`
	Body         string      `json:"body"`
	Incentivized bool        `json:"incentivized"`
	Verified     bool        `json:"verified"`
	ReviewedAt   time.Time   `json:"reviewed_at"`
	LeafIndex    int64       `json:"leaf_index"`
	Leaf         string      `json:"leaf"`
	Proof        []tlog.Hash `json:"proof"`
	// Photos are the content keys of the review's photos, which the
	// leaf's content hash covers; the photo files are not carried.
	Photos []string `json:"photos,omitempty"`
}
