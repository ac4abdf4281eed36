package catalog

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mall-project/mall/mall"
)

// ProductInput is what a merchant writes about a product. Prices are minor
// units already (handlers parse them with mall.ParseAmount and report
// "catalog.error.price_invalid" themselves when that fails).
type ProductInput struct {
	Title string
	// Slug is made from the title when empty.
	Slug        string
	Description string
	// Status is draft when empty.
	Status   Status
	Tags     []string
	Featured bool
	// OptionNames name up to three variant options ("Size", "Colour").
	OptionNames [3]string
	// Variants: at least one. On update, a variant with an ID is changed in
	// place, one without is added, and the product's variants not listed
	// are removed.
	Variants    []VariantInput
	CategoryIDs []int64
}

// VariantInput is one variant of a ProductInput.
type VariantInput struct {
	ID             int64
	SKU            string
	Options        [3]string
	Price          int64
	CompareAtPrice int64
	Currency       string
	Stock          int
	WeightGrams    int
	// ImageID is one of the product's images to show for the variant, 0
	// for none. A new product has no images yet: 0 only.
	ImageID int64
}

// Limits on what a merchant may write.
const (
	MaxTitleLen       = 200
	MaxDescriptionLen = 20000
	MaxVariants       = 100
	MaxOptionLen      = 64
	MaxSKULen         = 64
	MaxTags           = 30
	// MaxStock is the most units of one variant a shop may hold: a
	// billion, more than any warehouse counts, and with room below
	// PostgreSQL's INTEGER (2^31 - 1) for the units open orders give back.
	MaxStock = 1_000_000_000
	// MaxWeightGrams is the heaviest a variant may weigh: 1,000 tonnes,
	// also well inside an INTEGER.
	MaxWeightGrams = 1_000_000_000
)

// tooHigh is the error of a number above its bound, naming the bound.
func tooHigh(field, key string, max any) *mall.Error {
	return &mall.Error{Code: mall.EInvalid, Field: field, Key: key, Args: map[string]any{"Max": max}}
}

// stockError is what is wrong with a stock count, or nil.
func stockError(field string, stock int) *mall.Error {
	switch {
	case stock < 0:
		return mall.Invalid(field, "catalog.error.stock_negative")
	case stock > MaxStock:
		return tooHigh(field, "catalog.error.stock_too_high", MaxStock)
	}
	return nil
}

// VariantField names the form field of variant i: "variants.0.sku".
func VariantField(i int, name string) string { return fmt.Sprintf("variants.%d.%s", i, name) }

// normalise trims and fills defaults in place and returns the field errors
// that need no database to find.
func (in *ProductInput) normalise() mall.FieldErrors {
	fe := mall.FieldErrors{}
	in.Title = strings.TrimSpace(in.Title)
	in.Slug = strings.ToLower(strings.TrimSpace(in.Slug))
	in.Description = strings.TrimSpace(in.Description)
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		fe.Add("title", "catalog.error.title_required")
	case n > MaxTitleLen:
		fe.Add("title", "catalog.error.title_too_long")
	}
	if in.Slug == "" && in.Title != "" {
		in.Slug = mall.Slugify(in.Title)
		if in.Slug == "" {
			// A title with no Latin letters (Chinese) gives no slug: a
			// short random one keeps the URL stable and unique.
			in.Slug = "item-" + randomHex(4)
		}
	}
	if in.Title != "" && !mall.ValidSlug(in.Slug) {
		fe.Add("slug", "catalog.error.slug_invalid")
	}
	if utf8.RuneCountInString(in.Description) > MaxDescriptionLen {
		fe.Add("description", "catalog.error.description_too_long")
	}
	if in.Status == "" {
		in.Status = StatusDraft
	}
	if !in.Status.Valid() {
		fe.Add("status", "catalog.error.status_invalid")
	}
	in.Tags = NormaliseTags(in.Tags)
	if len(in.Tags) > MaxTags {
		fe.Add("tags", "catalog.error.too_many_tags")
	}
	for i := range in.OptionNames {
		in.OptionNames[i] = strings.TrimSpace(in.OptionNames[i])
		if utf8.RuneCountInString(in.OptionNames[i]) > MaxOptionLen {
			fe.Add(fmt.Sprintf("option%d_name", i+1), "catalog.error.option_too_long")
		}
	}
	switch {
	case len(in.Variants) == 0:
		fe.Add("variants", "catalog.error.variant_required")
	case len(in.Variants) > MaxVariants:
		fe.Add("variants", "catalog.error.too_many_variants")
	}
	skus := map[string]bool{}
	currency := ""
	for i := range in.Variants {
		v := &in.Variants[i]
		v.SKU = strings.TrimSpace(v.SKU)
		v.Currency = strings.ToUpper(strings.TrimSpace(v.Currency))
		switch {
		case v.SKU == "":
			fe.Add(VariantField(i, "sku"), "catalog.error.sku_required")
		case utf8.RuneCountInString(v.SKU) > MaxSKULen:
			fe.Add(VariantField(i, "sku"), "catalog.error.sku_too_long")
		case skus[strings.ToLower(v.SKU)]:
			fe.Add(VariantField(i, "sku"), "catalog.error.sku_taken")
		}
		skus[strings.ToLower(v.SKU)] = true
		maxPrice := mall.Money{Amount: mall.MaxPrice, Currency: v.Currency}
		switch f := VariantField(i, "price"); {
		case v.Price < 0:
			fe.Add(f, "catalog.error.price_invalid")
		case v.Price > mall.MaxPrice:
			fe[f] = tooHigh(f, "catalog.error.price_too_high", maxPrice)
		}
		switch f := VariantField(i, "compare_at_price"); {
		case v.CompareAtPrice < 0 || (v.CompareAtPrice != 0 && v.CompareAtPrice <= v.Price):
			fe.Add(f, "catalog.error.compare_at_price_invalid")
		case v.CompareAtPrice > mall.MaxPrice:
			fe[f] = tooHigh(f, "catalog.error.price_too_high", maxPrice)
		}
		if !validCurrency(v.Currency) {
			fe.Add(VariantField(i, "currency"), "catalog.error.currency_invalid")
		} else if currency == "" {
			currency = v.Currency
		} else if v.Currency != currency {
			fe.Add(VariantField(i, "currency"), "catalog.error.currency_mixed")
		}
		if e := stockError(VariantField(i, "stock"), v.Stock); e != nil {
			fe[e.Field] = e
		}
		switch f := VariantField(i, "weight_grams"); {
		case v.WeightGrams < 0:
			fe.Add(f, "catalog.error.weight_invalid")
		case v.WeightGrams > MaxWeightGrams:
			fe[f] = tooHigh(f, "catalog.error.weight_too_high", MaxWeightGrams)
		}
		for j := range v.Options {
			v.Options[j] = strings.TrimSpace(v.Options[j])
			if utf8.RuneCountInString(v.Options[j]) > MaxOptionLen {
				fe.Add(VariantField(i, fmt.Sprintf("option%d", j+1)), "catalog.error.option_too_long")
			} else if v.Options[j] != "" && in.OptionNames[j] == "" {
				fe.Add(fmt.Sprintf("option%d_name", j+1), "catalog.error.option_name_required")
			}
		}
	}
	return fe
}

func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func randomHex(n int) string { return mall.RandomHex(n) }
