package storefront

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/mall-project/mall/address"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/templates/shopview"
)

// addressPart ties one of libaddressinput's fields to its form field.
type addressPart struct {
	field        rune
	name         string
	autocomplete string
}

var addressParts = []addressPart{
	{address.FieldCity, shopview.FieldCity, "shipping address-level2"},
	{address.FieldRegion, shopview.FieldRegion, "shipping address-level1"},
	{address.FieldPostalCode, shopview.FieldPostalCode, "shipping postal-code"},
}

// labelKeys name libaddressinput's name types.
var labelKeys = map[string]string{
	"city": "address.label.city", "post_town": "address.label.post_town", "suburb": "address.label.suburb",
	"district": "address.label.district", "state": "address.label.state", "province": "address.label.province",
	"county": "address.label.county", "prefecture": "address.label.prefecture", "do_si": "address.label.do_si",
	"area": "address.label.area", "zip": "address.label.zip", "postal": "address.label.postal",
	"eircode": "address.label.eircode",
}

// partLabel is the label of a field for a country: its name type ("state",
// "zip", "post_town" ...) says which words, and an optional field says so.
func partLabel(ctx context.Context, f address.Format, field rune) string {
	kind := map[rune]string{address.FieldCity: f.CityType, address.FieldRegion: f.RegionType, address.FieldPostalCode: f.PostalType}[field]
	key, ok := labelKeys[kind]
	if !ok {
		key = labelKeys["city"]
		if field == address.FieldRegion {
			key = labelKeys["province"]
		} else if field == address.FieldPostalCode {
			key = labelKeys["postal"]
		}
	}
	label := i18n.T(ctx, key)
	if !f.Requires(field) {
		label = i18n.T(ctx, "address.label.optional", "Label", label)
	}
	return label
}

// addressFields are the checkout's address fields for country, in the
// order it writes them (street, city, state, postal code for the US;
// postal code, province, city, street for China), each labelled and
// required as it says; fields it does not use are hidden.
func addressFields(ctx context.Context, form shopview.CheckoutForm, errs map[string]string) []shopview.AddressField {
	f := address.For(form.Country)
	known := address.Valid(form.Country)
	value := map[string]string{shopview.FieldLine1: form.Line1, shopview.FieldCity: form.City,
		shopview.FieldRegion: form.Region, shopview.FieldPostalCode: form.PostalCode}
	order := []rune{address.FieldStreet, address.FieldCity, address.FieldRegion, address.FieldPostalCode}
	if known {
		order = f.Order()
	}
	var out []shopview.AddressField
	add := func(p addressPart, hidden bool) {
		out = append(out, shopview.AddressField{
			Part: string(p.field), Name: p.name, Label: partLabel(ctx, f, p.field), Value: value[p.name],
			Required: f.Requires(p.field), Hidden: hidden, Autocomplete: p.autocomplete, Error: errs[p.name],
		})
	}
	seen := map[rune]bool{}
	for _, r := range order {
		if r == address.FieldStreet {
			out = append(out, shopview.AddressField{Part: "A", Name: shopview.FieldLine1, Label: i18n.T(ctx, "checkout.address.line1"),
				Value: form.Line1, Required: true, Autocomplete: "shipping address-line1", Error: errs[shopview.FieldLine1]})
			seen[r] = true
			continue
		}
		for _, p := range addressParts {
			if p.field == r {
				add(p, false)
				seen[r] = true
			}
		}
	}
	for _, p := range addressParts {
		if !seen[p.field] {
			add(p, known)
		}
	}
	return out
}

// countryOptions is every country, named and sorted in the shopper's
// language.
func countryOptions(tag string) []shopview.CountryOption {
	cs := address.Countries(tag)
	out := make([]shopview.CountryOption, len(cs))
	for i, c := range cs {
		out[i] = shopview.CountryOption{Code: c.Code, Name: c.Name}
	}
	return out
}

// addressFormatsJSON is, for the checkout's script, each known country's
// field order and labels ("ZZ" for every other), so the form follows a
// new choice at once.
func addressFormatsJSON(ctx context.Context) string {
	type rules struct {
		Order   string            `json:"order"`
		Require string            `json:"require"`
		Labels  map[string]string `json:"labels"`
	}
	all := map[string]rules{}
	for _, code := range append(address.Known(), "ZZ") {
		f := address.For(code)
		r := rules{Order: string(f.Order()), Require: f.Require, Labels: map[string]string{}}
		if code == "ZZ" {
			r.Order = "ACSZ"
			// Unknown rules: every part is offered, only the street and
			// city required.
		}
		for _, p := range addressParts {
			r.Labels[string(p.field)] = partLabel(ctx, f, p.field)
		}
		all[strings.ToUpper(code)] = r
	}
	raw, _ := json.Marshal(all)
	return string(raw)
}
