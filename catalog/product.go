package catalog

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is where a product stands: only active products are shown to
// shoppers.
type Status string

// A product is written as a draft, published (active), and later archived.
const (
	StatusDraft    Status = "draft"
	StatusActive   Status = "active"
	StatusArchived Status = "archived"
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	return s == StatusDraft || s == StatusActive || s == StatusArchived
}

// Product is something a merchant sells, in one or more variants.
type Product struct {
	ID         int64
	MerchantID int64
	Title      string
	Slug       string
	// Description is Markdown source; DescriptionHTML renders it.
	Description string
	Status      Status
	Tags        Tags
	// Option1Name..Option3Name name the variant options ("Size", "Colour");
	// "" when the product uses fewer than three.
	Option1Name string
	Option2Name string
	Option3Name string
	Featured    bool
	// MinPrice, Currency, InStock and PrimaryImageKey are kept from the
	// variants and images on every write, so listings and search need no
	// further query.
	MinPrice        int64
	Currency        string
	InStock         bool
	PrimaryImageKey string
	// RatingSum and RatingCount are the product's verified rating, the
	// stars and the number of reviews that count, kept by the reviews
	// package through SetProductRating (see rating.go). Archives leave
	// them out: the reviews stay in the mall they were written in.
	RatingSum   int64 `json:"-"`
	RatingCount int64 `json:"-"`
	// RenderedDescription is Description rendered when the product was
	// saved, by version RenderedVersion of the rendering (0: none stored);
	// DescriptionHTML uses it only when that is the current version.
	RenderedDescription string `gorm:"column:description_html"`
	RenderedVersion     int    `gorm:"column:description_html_version"`
	CreatedAt           time.Time
	UpdatedAt           time.Time
	PublishedAt         *time.Time

	Variants   []Variant  `gorm:"foreignKey:ProductID"`
	Images     []Image    `gorm:"foreignKey:ProductID"`
	Categories []Category `gorm:"-"`
}

// TableName is the products table.
func (Product) TableName() string { return "products" }

// OptionNames returns the option names in use, in order.
func (p *Product) OptionNames() []string {
	var names []string
	for _, n := range []string{p.Option1Name, p.Option2Name, p.Option3Name} {
		if n != "" {
			names = append(names, n)
		}
	}
	return names
}

// VariantWithOptions returns the variant whose option values are exactly
// opts, one per option the product names (the others ""), or nil when no
// variant has that combination. A shopper's choice resolves through it, so
// an incomplete or unknown combination never stands for another variant.
func (p *Product) VariantWithOptions(opts [3]string) *Variant {
	names := [3]string{p.Option1Name, p.Option2Name, p.Option3Name}
	for j := range opts {
		if names[j] == "" {
			if opts[j] != "" {
				return nil
			}
		} else if opts[j] == "" {
			return nil
		}
	}
	for i := range p.Variants {
		v := &p.Variants[i]
		if [3]string{v.Option1, v.Option2, v.Option3} == opts {
			return v
		}
	}
	return nil
}

// IsVisible reports whether shoppers may see the product (its merchant's
// own state aside).
func (p *Product) IsVisible() bool { return p.Status == StatusActive }

// Variant is one buyable version of a product (a size, a colour) with its
// own SKU, price and stock.
type Variant struct {
	ID         int64
	MerchantID int64
	ProductID  int64
	SKU        string `gorm:"column:sku"`
	Option1    string
	Option2    string
	Option3    string
	// Price and CompareAtPrice are minor units of Currency; CompareAtPrice
	// 0 means no "was" price.
	Price          int64
	CompareAtPrice int64
	Currency       string
	// Stock never goes below zero (a CHECK constraint says so too).
	Stock       int
	WeightGrams int
	Position    int
	// ImageID is the product image shown for this variant; nil: the
	// product's first image.
	ImageID   *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TableName is the variants table.
func (Variant) TableName() string { return "variants" }

// Options returns the variant's option values in use, in order.
func (v *Variant) Options() []string {
	var vals []string
	for _, o := range []string{v.Option1, v.Option2, v.Option3} {
		if o != "" {
			vals = append(vals, o)
		}
	}
	return vals
}

// OnSale reports whether the variant shows a higher "was" price.
func (v *Variant) OnSale() bool { return v.CompareAtPrice > v.Price }

// Image is a picture of a product; Key names it in the media store.
type Image struct {
	ID         int64
	MerchantID int64
	ProductID  int64
	Key        string `gorm:"column:media_key"`
	Alt        string
	Position   int
	Width      int
	Height     int
	CreatedAt  time.Time
}

// TableName is the product_images table.
func (Image) TableName() string { return "product_images" }

// Category groups a merchant's products for browsing.
type Category struct {
	ID         int64
	MerchantID int64
	Name       string
	Slug       string
	Position   int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// TableName is the categories table.
func (Category) TableName() string { return "categories" }

// productCategory is a row of the product <-> category link.
type productCategory struct {
	MerchantID int64
	ProductID  int64
	CategoryID int64
}

func (productCategory) TableName() string { return "product_categories" }

// Tags are a product's normalised tags: lower case, trimmed, unique, in the
// order first given. They are stored as one comma-separated text column.
type Tags []string

// NormaliseTags lower-cases, trims and de-duplicates tags; commas split
// tags, and empty or over-long ones are dropped.
func NormaliseTags(in []string) Tags {
	seen := map[string]bool{}
	var out Tags
	for _, raw := range in {
		for _, t := range strings.Split(raw, ",") {
			t = strings.Join(strings.Fields(strings.ToLower(t)), " ")
			if t == "" || utf8.RuneCountInString(t) > 40 || seen[t] {
				continue
			}
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// Value stores the tags as "a,b,c".
func (t Tags) Value() (driver.Value, error) { return strings.Join(t, ","), nil }

// Scan reads "a,b,c".
func (t *Tags) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("catalog: tags from %T", src)
	}
	*t = nil
	if s != "" {
		*t = strings.Split(s, ",")
	}
	return nil
}
