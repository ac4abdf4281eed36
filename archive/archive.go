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
//	images/KEY.EXT    every image, in its original size
package archive

import (
	"time"
)

// Format and Version name the archive layout; Read refuses others.
const (
	Format  = "mall-merchant-archive"
	Version = 1
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
}

// Image is one product image as archived.
type Image struct {
	File string `json:"file"`
	Alt  string `json:"alt"`
}
