package admin

import (
	"strings"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
)

// optionValues splits the values typed for one option ("S, M, L"; a
// Chinese comma or 、 works too), trimmed, each once, in the order typed.
func optionValues(s string) []string {
	s = strings.NewReplacer("，", ",", "、", ",", ";", ",", "；", ",").Replace(s)
	seen := map[string]bool{}
	var out []string
	for _, val := range strings.Split(s, ",") {
		val = strings.TrimSpace(val)
		if val == "" || seen[val] {
			continue
		}
		seen[val] = true
		out = append(out, val)
	}
	return out
}

// generateVariantRows makes the variants table one row per combination of
// the option values typed (Size: S, M, L and Colour: Moss, Slate give six
// rows), nothing saved yet. A row already in the table with the same
// options keeps its price, SKU and stock; the one row of a product that
// had no options yet becomes the first new combination, so its orders and
// reviews stay with it. Rows with other options are kept after the
// combinations, for the merchant to see: nothing typed disappears.
// New rows start at the price and weight of the table's first row.
func generateVariantRows(v *adminview.ProductFormView) mall.FieldErrors {
	errs := mall.FieldErrors{}
	var lists [adminview.MaxOptions][]string
	total, used := 1, 0
	for j := range adminview.MaxOptions {
		vals := optionValues(v.OptionValues[j])
		switch {
		case v.OptionNames[j] == "" && len(vals) > 0:
			errs.Add(adminview.OptionNameField(j), "admin.product.error.option_name_missing")
		case v.OptionNames[j] != "" && len(vals) == 0:
			errs.Add(adminview.OptionValuesField(j), "admin.product.error.option_values_required")
		case len(vals) > 0:
			lists[j] = vals
			total *= len(vals)
			used++
		}
		if total > maxVariantRows {
			errs[adminview.OptionValuesField(j)] = &mall.Error{Code: mall.EInvalid, Field: adminview.OptionValuesField(j),
				Key: "admin.product.error.too_many_combinations", Args: map[string]any{"Max": maxVariantRows}}
			return errs
		}
	}
	if used == 0 && len(errs) == 0 {
		errs.Add(adminview.OptionValuesField(0), "admin.product.error.option_values_required")
	}
	if len(errs) > 0 {
		return errs
	}

	combos := [][adminview.MaxOptions]string{{}}
	for j := range adminview.MaxOptions {
		if len(lists[j]) == 0 {
			continue
		}
		var next [][adminview.MaxOptions]string
		for _, c := range combos {
			for _, val := range lists[j] {
				c2 := c
				c2[j] = val
				next = append(next, c2)
			}
		}
		combos = next
	}

	var first adminview.VariantRow
	var rows []adminview.VariantRow
	for _, r := range v.Variants {
		if !r.Blank() {
			if len(rows) == 0 {
				first = r
			}
			rows = append(rows, r)
		}
	}
	taken := make([]bool, len(rows))
	out := make([]adminview.VariantRow, 0, len(combos)+len(rows))
	for _, c := range combos {
		found := -1
		for i, r := range rows {
			if !taken[i] && r.Options == c {
				found = i
				break
			}
		}
		if found >= 0 {
			taken[found] = true
			out = append(out, rows[found])
			continue
		}
		out = append(out, adminview.VariantRow{Options: c, Price: first.Price, Weight: first.Weight})
	}
	// A row without any option (the product's only variant before it had
	// options) takes the first combination no row had.
	for i, r := range rows {
		if taken[i] || r.Options != ([adminview.MaxOptions]string{}) {
			continue
		}
		for k := range out {
			if out[k].ID == 0 && out[k].SKU == "" && out[k].Stock == "" {
				opts := out[k].Options
				out[k] = r
				out[k].Options = opts
				taken[i] = true
				break
			}
		}
	}
	for i, r := range rows {
		if !taken[i] {
			out = append(out, r)
		}
	}
	if len(out) > maxVariantRows {
		f := adminview.OptionValuesField(0)
		return mall.FieldErrors{f: &mall.Error{Code: mall.EInvalid, Field: f,
			Key: "admin.product.error.too_many_combinations", Args: map[string]any{"Max": maxVariantRows}}}
	}
	v.Variants = out
	return nil
}
