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
	Total      int
	// TotalCapped says Total is a lower bound: the search stopped counting.
	TotalCapped bool
	Pager       templates.Pager
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
	Total    int
	// TotalCapped says Total is a lower bound: the search stopped counting.
	TotalCapped bool
	Pager       templates.Pager
}

// GalleryImage is one product image with its responsive sources.
type GalleryImage struct {
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
	// Field is the query parameter the choice is sent as.
	Field  string
	Name   string
	Values []OptionValue
}

// OptionValue is one value of an option, as a radio button.
type OptionValue struct {
	Value   string
	Checked bool
	// SoldOut is set when no variant with this value is in stock.
	SoldOut bool
}

// Stock states of the chosen variant.
const (
	StockIn  = "in"
	StockLow = "low"
	StockOut = "out"
)

// ProductView is a product page with the chosen variant.
type ProductView struct {
	Head            templates.Head
	Frame           templates.ShopFrame
	Crumbs          []Crumb
	Title           string
	DescriptionHTML string
	Images          []GalleryImage
	Price           mall.Money
	CompareAt       int64
	SKU             string
	Stock           int
	StockState      string
	// Options are the variant picker; empty for a product with one variant.
	Options []OptionGroup
	// VariantID is the chosen variant.
	VariantID int64
	// Unavailable is set when the chosen combination of options does not
	// exist, so the default variant is shown instead.
	Unavailable bool
	// FormURL is the product page's own address (the picker's GET form).
	FormURL string
	// Reviews is the reviews part of the page (nil: none shown).
	Reviews *ProductReviewsView
}

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
