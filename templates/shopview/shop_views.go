package shopview

import (
	"context"
	"strconv"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates"
)

// MerchantCard is an open shop as the mall's home lists it.
type MerchantCard struct {
	Name        string
	Description string
	URL         string
	LogoURL     string
	// Initial stands in for the logo of a shop that has none.
	Initial string
}

// ProductCard is a product in a grid of results.
type ProductCard struct {
	Title     string
	URL       string
	ImageURL  string
	ImageAlt  string
	Price     mall.Money
	CompareAt int64
	SoldOut   bool
	// RatingTenths is the verified rating in tenths of a star (45 for
	// 4.5) from RatingCount reviews; the card shows it only when
	// RatingCount > 0.
	RatingTenths int64
	RatingCount  int64
	// ShopName and ShopURL name the merchant (mall-wide lists only).
	ShopName string
	ShopURL  string
}

// Crumb is one step of a breadcrumb trail; the last one is the page itself.
type Crumb struct {
	Label string
	URL   string
}

// HomeView is the mall's home page.
type HomeView struct {
	Head      templates.Head
	Merchants []MerchantCard
	Featured  []ProductCard
	New       []ProductCard
}

// SortOption is one choice of the search results' order.
type SortOption struct {
	Value string
	// Key is the i18n key of its label.
	Key string
}

// SearchView is the mall-wide search page with its filters.
type SearchView struct {
	Head       templates.Head
	Query      string
	Suggestion string
	Category   string
	Min        string
	Max        string
	InStock    bool
	Sort       string
	Sorts      []SortOption
	// PriceError is the message beside the price filters ("" when valid).
	PriceError string
	Currency   string
	Results    []ProductCard
	// Fallback is offered when nothing matches: products the mall
	// features, or its newest; FallbackKey is the i18n key of their
	// heading.
	Fallback    []ProductCard
	FallbackKey string
	Total       int
	// TotalCapped says Total is a lower bound: the search stopped counting.
	TotalCapped bool
	Pager       templates.Pager
}

// Filtered reports whether the results are narrowed or ordered by a
// filter, so the filters are shown open.
func (v SearchView) Filtered() bool {
	return v.Min != "" || v.Max != "" || v.InStock || v.PriceError != "" || (v.Sort != "" && len(v.Sorts) > 0 && v.Sort != v.Sorts[0].Value)
}

// ListingView is a page of a merchant's products: the shop's home, one
// category, or the shop's search results.
type ListingView struct {
	Head  templates.Head
	Frame templates.ShopFrame
	// Heading is the page's h1; Intro a paragraph below it.
	Heading string
	Intro   string
	Crumbs  []Crumb
	// Categories are offered on the shop's home.
	Categories []templates.NavItem
	// Searched is set on the shop's search page (Query may be empty).
	Searched bool
	Query    string
	Products []ProductCard
	// Fallback is offered when a search finds nothing: the shop's newest
	// products.
	Fallback []ProductCard
	Total    int
	// TotalCapped says Total is a lower bound: the search stopped counting.
	TotalCapped bool
	Pager       templates.Pager
}

// GalleryImage is one product image with its responsive sources.
type GalleryImage struct {
	// ID is the catalog's id of the image, which a variant may name.
	ID     int64
	Src    string
	SrcSet string
	Sizes  string
	Alt    string
	Width  int
	Height int
	// Thumb is the small image for the thumbnail strip.
	Thumb string
}

// OptionGroup is one option of a product (Colour, Size) and its values.
type OptionGroup struct {
	// Field is the form field the choice is sent as ("option1").
	Field  string
	Name   string
	Values []OptionValue
}

// OptionValue is one value of an option, as a radio button.
type OptionValue struct {
	Value   string
	Checked bool
	// State is what choosing this value (with the other options as they
	// are chosen) would give: "" a variant in stock, ChoiceSoldOut or
	// ChoiceMissing.
	State string
}

// What a combination of options gives, when not a variant in stock.
const (
	ChoiceSoldOut = "sold-out"
	ChoiceMissing = "missing"
)

// Stock states of the chosen variant.
const (
	StockIn  = "in"
	StockLow = "low"
	StockOut = "out"
)

// VariantChoice is one variant as the picker's script knows it, so that
// price, stock and SKU follow a choice without a round trip.
type VariantChoice struct {
	ID         int64
	Options    [3]string
	Price      mall.Money
	CompareAt  int64
	SKU        string
	Stock      int
	StockState string
	// ImageID is the image shown for the variant, 0: the product's first.
	ImageID int64
}

// ProductView is a product page with the chosen variant.
type ProductView struct {
	Head            templates.Head
	Frame           templates.ShopFrame
	Crumbs          []Crumb
	Title           string
	DescriptionHTML string
	// Images are the gallery as shown: the chosen variant's own image
	// first. ProductImages are the same in the product's order, for the
	// picker's script.
	Images        []GalleryImage
	ProductImages []GalleryImage
	Price         mall.Money
	CompareAt     int64
	SKU           string
	Stock         int
	// StockState is the chosen variant's (StockIn, ...).
	StockState string
	// Options are the variant picker; empty for a product with nothing to
	// choose. The choice travels with the add-to-cart form.
	Options []OptionGroup
	// Variants are every variant, for the picker's script.
	Variants []VariantChoice
	// VariantID is the chosen variant; 0 when the options picked match
	// none (Unavailable).
	VariantID int64
	// Unavailable is set when the options picked match no variant.
	Unavailable bool
	// ShopSlug and ProductID name the product to the add-to-cart form.
	ShopSlug  string
	ProductID int64
	// FormURL is the product page's own address.
	FormURL string
	// Reviews is the reviews part of the page (nil: none shown).
	Reviews *ProductReviewsView
	// TextLang is the language the merchant wrote the product in; the
	// page's own words follow the shopper.
	TextLang string
}

// Buyable reports whether the chosen variant can go in the cart.
func (v ProductView) Buyable() bool { return !v.Unavailable && v.StockState != StockOut }

// ClosedView is the page of a shop that is not open.
type ClosedView struct {
	Name string
	// Suspended is true for a shop the operator closed; false for one that
	// has not opened yet.
	Suspended bool
	// MallURL leads to the mall's home (absolute at a custom domain).
	MallURL string
}

func closedTitle(ctx context.Context, v ClosedView) string {
	if v.Suspended {
		return i18n.T(ctx, "shop.closed.title", "Name", v.Name)
	}
	return i18n.T(ctx, "shop.closed.title_pending")
}

func optionID(group, value int) string {
	return "option-" + strconv.Itoa(group) + "-" + strconv.Itoa(value)
}
