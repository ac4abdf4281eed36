package admin_test

import (
	"net/url"
	"strconv"

	"github.com/mall-project/mall/merchants"
)

// maProductForm is a valid product form with one variant.
func maProductForm(title string) url.Values {
	return url.Values{
		"title": {title}, "slug": {""}, "description": {"Soft **cotton**."}, "status": {"active"},
		"tags": {"cotton, blue"}, "option1_name": {"Size"}, "rows": {"2"},
		"variants.0.sku": {"TS-S"}, "variants.0.option1": {"S"}, "variants.0.price": {"12.50"},
		"variants.0.compare_at_price": {"15"}, "variants.0.stock": {"7"}, "variants.0.weight_grams": {"200"},
	}
}

func maApplyInput(slug string) merchants.ApplyInput {
	return merchants.ApplyInput{Name: "Shop " + slug, Slug: slug, Description: "Things", ContactEmail: "owner@" + slug + ".test"}
}

// itoa writes an id as it stands in paths and forms.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
