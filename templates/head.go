package templates

import "context"

// Head is what a page says about itself in <head>: title, description,
// canonical address, language alternates and social/structured data.
type Head struct {
	Title       string
	Description string
	// Canonical is the absolute canonical URL ("" for none).
	Canonical string
	// Alternates are the same page in other languages (hreflang).
	Alternates []Alternate
	// OGType is the OpenGraph type ("website", "product").
	OGType  string
	OGImage string
	// JSONLD is structured data for search engines (schema.org), or nil.
	JSONLD any
	// NoIndex keeps the page out of search engines (admin, account, search).
	NoIndex bool
	// ThemeColor is the merchant's brand colour, "" for the mall's.
	ThemeColor string
	// SearchQuery fills the header's search box (on the results page).
	SearchQuery string
}

// Alternate is one language version of a page.
type Alternate struct {
	Lang string
	URL  string
}

// NavItem is one link of a navigation bar.
type NavItem struct {
	Label  string
	URL    string
	Active bool
	// Count is shown beside the label when above zero (things waiting,
	// such as orders to ship); CountLabel says what it counts.
	Count      int
	CountLabel string
}

// SiteName is the mall's name as its pages show it: the one it was given
// (MALL_NAME), or the default name in the page's language.
func SiteName(ctx context.Context) string { return siteName(ctx) }
