package orders

import (
	"strings"

	"github.com/mall-project/mall/address"
	"github.com/mall-project/mall/mall"
)

// Lines is the address as its country writes it (libaddressinput's
// layout), then the country's name in the reader's language tag ("en",
// "zh-Hans"). The phone is not part of it.
func (a Address) Lines(tag string) []string {
	lines := address.For(a.Country).Lines(address.Parts{
		Name: a.Name, Line1: a.Line1, Line2: a.Line2, City: a.City, Region: a.Region, PostalCode: a.PostalCode,
	})
	if a.Country != "" {
		lines = append(lines, address.CountryName(a.Country, tag))
	}
	return lines
}

// checkAddress applies the rules of a's country: the country must be
// one, the fields its addresses require are filled in, its postal code
// fits its pattern and the phone number can be one of it (then stored in
// international format).
func checkAddress(fe mall.FieldErrors, a *Address) {
	f := address.For(a.Country)
	if !address.Valid(a.Country) {
		// The default rules still say what else is missing.
		fe.Add("country", "orders.error.country_invalid")
		f = address.For("ZZ")
	}
	if !f.Uses(address.FieldCity) {
		a.City = ""
	}
	if !f.Uses(address.FieldRegion) {
		a.Region = ""
	}
	if !f.Uses(address.FieldPostalCode) {
		a.PostalCode = ""
	}
	if f.Requires(address.FieldCity) && a.City == "" && fe["city"] == nil {
		fe.Add("city", "orders.error.city_required")
	}
	if f.Requires(address.FieldRegion) && a.Region == "" && fe["region"] == nil {
		fe.Add("region", "orders.error.region_required")
	}
	if f.Requires(address.FieldPostalCode) && a.PostalCode == "" && fe["postal_code"] == nil {
		fe.Add("postal_code", "orders.error.postal_code_required")
	}
	if a.PostalCode != "" && fe["postal_code"] == nil {
		if !f.ValidPostalCode(a.PostalCode) {
			fe.Add("postal_code", "orders.error.postal_code_invalid")
		} else if strings.ToUpper(a.PostalCode) != a.PostalCode {
			a.PostalCode = strings.ToUpper(a.PostalCode)
		}
	}
	if a.Phone != "" && fe["phone"] == nil && fe["country"] == nil {
		if phone, ok := address.Phone(a.Phone, a.Country); ok {
			a.Phone = phone
		} else {
			fe.Add("phone", "orders.error.phone_invalid")
		}
	}
}
