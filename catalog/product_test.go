package catalog_test

import (
	"testing"

	"github.com/mall-project/mall/catalog"
)

func TestVariantWithOptionsNeedsTheWholeCombination(t *testing.T) {
	p := &catalog.Product{
		Option1Name: "Size", Option2Name: "Colour",
		Variants: []catalog.Variant{
			{ID: 1, SKU: "S-MOSS", Option1: "S", Option2: "Moss"},
			{ID: 2, SKU: "L-SLATE", Option1: "L", Option2: "Slate"},
		},
	}
	for _, tc := range []struct {
		opts [3]string
		want int64
	}{
		{[3]string{"L", "Slate"}, 2},
		{[3]string{"S", "Moss"}, 1},
		{[3]string{"L", "Moss"}, 0},          // no such combination
		{[3]string{"L", ""}, 0},              // colour not chosen
		{[3]string{"", ""}, 0},               // nothing chosen
		{[3]string{"L", "Slate", "Wool"}, 0}, // an option the product does not have
	} {
		got := p.VariantWithOptions(tc.opts)
		var id int64
		if got != nil {
			id = got.ID
		}
		if id != tc.want {
			t.Errorf("VariantWithOptions(%q) = variant %d, want %d", tc.opts, id, tc.want)
		}
	}
}
