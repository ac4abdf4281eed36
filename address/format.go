// Package address knows how each country writes a postal address: which
// fields it has, which are required, what they are called and in what
// order they are printed. The rules are data, in the format strings of
// Google's libaddressinput (chromium-i18n.appspot.com/ssl-address), not
// code per country. It also names countries in the reader's language
// (CLDR, through golang.org/x/text/language/display) and checks and
// formats phone numbers (github.com/nyaruka/phonenumbers).
package address

import (
	"regexp"
	"strings"
)

// Fields of an address, as libaddressinput's format strings name them.
const (
	FieldName       = 'N'
	FieldStreet     = 'A'
	FieldCity       = 'C'
	FieldRegion     = 'S'
	FieldPostalCode = 'Z'
)

// Format is one country's address rules, as libaddressinput publishes
// them: Layout is its "fmt" (%N name, %O organisation, %A street lines,
// %D dependent locality, %C city, %S state/province, %Z postal code, %n a
// new line; other text is printed as it is), Require its "require", and
// the *Type values its name types, which pick the labels.
type Format struct {
	Layout      string
	Require     string
	RegionType  string // state, province, county, prefecture, do_si, area, ...
	PostalType  string // postal, zip, eircode, ...
	CityType    string // city, post_town, suburb, district, ...
	PostalRegex string
}

// formats are libaddressinput's data for the countries the mall knows;
// every other country gets its default ("ZZ").
var formats = map[string]Format{
	"ZZ": {Layout: "%N%n%O%n%A%n%C", Require: "AC", RegionType: "province", PostalType: "postal", CityType: "city"},
	"US": {Layout: "%N%n%O%n%A%n%C, %S %Z", Require: "ACSZ", RegionType: "state", PostalType: "zip", CityType: "city", PostalRegex: `(\d{5})(?:[ \-](\d{4}))?`},
	"CA": {Layout: "%N%n%O%n%A%n%C %S %Z", Require: "ACSZ", RegionType: "province", PostalType: "postal", CityType: "city", PostalRegex: `[ABCEGHJKLMNPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d`},
	"GB": {Layout: "%N%n%O%n%A%n%C%n%Z", Require: "ACZ", RegionType: "county", PostalType: "postal", CityType: "post_town", PostalRegex: `GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}`},
	"IE": {Layout: "%N%n%O%n%A%n%D%n%C%n%S%n%Z", Require: "AC", RegionType: "county", PostalType: "eircode", CityType: "city", PostalRegex: `[\dA-Z]{3} ?[\dA-Z]{4}`},
	"DE": {Layout: "%N%n%O%n%A%n%Z %C", Require: "ACZ", RegionType: "state", PostalType: "postal", CityType: "city", PostalRegex: `\d{5}`},
	"FR": {Layout: "%O%n%N%n%A%n%Z %C", Require: "ACZ", RegionType: "province", PostalType: "postal", CityType: "city", PostalRegex: `\d{2} ?\d{3}`},
	"ES": {Layout: "%N%n%O%n%A%n%Z %C %S", Require: "ACSZ", RegionType: "province", PostalType: "postal", CityType: "city", PostalRegex: `\d{5}`},
	"IT": {Layout: "%N%n%O%n%A%n%Z %C %S", Require: "ACSZ", RegionType: "province", PostalType: "postal", CityType: "city", PostalRegex: `\d{5}`},
	"NL": {Layout: "%O%n%N%n%A%n%Z %C", Require: "ACZ", RegionType: "province", PostalType: "postal", CityType: "city", PostalRegex: `\d{4} ?(?:[A-RT-Z][A-Z]|S[BCE-RT-Z])`},
	"AU": {Layout: "%O%n%N%n%A%n%C %S %Z", Require: "ACSZ", RegionType: "state", PostalType: "postal", CityType: "suburb", PostalRegex: `\d{4}`},
	"JP": {Layout: "〒%Z%n%S%n%A%n%O%n%N", Require: "ASZ", RegionType: "prefecture", PostalType: "postal", CityType: "city", PostalRegex: `\d{3}-?\d{4}`},
	"KR": {Layout: "%S %C%D%n%A%n%O%n%N%n%Z", Require: "ACSZ", RegionType: "do_si", PostalType: "postal", CityType: "city", PostalRegex: `\d{5}`},
	"CN": {Layout: "%Z%n%S%C%D%n%A%n%O%n%N", Require: "ACSZ", RegionType: "province", PostalType: "postal", CityType: "city", PostalRegex: `\d{6}`},
	"HK": {Layout: "%S%n%C%n%A%n%O%n%N", Require: "AS", RegionType: "area", PostalType: "postal", CityType: "district"},
	"TW": {Layout: "%Z%n%S%C%n%A%n%O%n%N", Require: "ACSZ", RegionType: "county", PostalType: "postal", CityType: "district", PostalRegex: `\d{3}(?:\d{2,3})?`},
	"SG": {Layout: "%N%n%O%n%A%nSINGAPORE %Z", Require: "AZ", RegionType: "province", PostalType: "postal", CityType: "city", PostalRegex: `\d{6}`},
}

// For returns the rules of country (ISO 3166 alpha-2, any case); an
// unknown country gets libaddressinput's default.
func For(country string) Format {
	if f, ok := formats[strings.ToUpper(country)]; ok {
		return f
	}
	return formats["ZZ"]
}

// Known lists the countries with rules of their own.
func Known() []string {
	out := make([]string, 0, len(formats)-1)
	for code := range formats {
		if code != "ZZ" {
			out = append(out, code)
		}
	}
	return out
}

// Uses reports whether the country's addresses have field at all.
func (f Format) Uses(field rune) bool {
	return field == FieldStreet || strings.Contains(f.Layout, "%"+string(field))
}

// Requires reports whether field must be filled in.
func (f Format) Requires(field rune) bool {
	return field == FieldName || strings.ContainsRune(f.Require, field)
}

// ValidPostalCode reports whether code fits the country's pattern (any
// code when the country publishes none).
func (f Format) ValidPostalCode(code string) bool {
	if f.PostalRegex == "" || code == "" {
		return true
	}
	re := postalRegex(f.PostalRegex)
	return re.MatchString(strings.ToUpper(code))
}

var compiled = map[string]*regexp.Regexp{}

func init() {
	for _, f := range formats {
		if f.PostalRegex != "" {
			compiled[f.PostalRegex] = regexp.MustCompile(`^(?:` + f.PostalRegex + `)$`)
		}
	}
}

func postalRegex(expr string) *regexp.Regexp { return compiled[expr] }

// Order is the order the country's fields appear in its layout (the
// street first where the layout puts it first), for the form.
func (f Format) Order() []rune {
	var out []rune
	seen := map[rune]bool{}
	for i := 0; i+1 < len(f.Layout); i++ {
		if f.Layout[i] != '%' {
			continue
		}
		r := rune(f.Layout[i+1])
		i++
		switch r {
		case FieldName, FieldStreet, FieldCity, FieldRegion, FieldPostalCode:
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// Parts is an address to print.
type Parts struct {
	Name, Line1, Line2, City, Region, PostalCode string
}

// Lines prints p as the country writes it: the layout's lines with the
// fields filled in, empty fields and the separators next to them left
// out, empty lines dropped.
func (f Format) Lines(p Parts) []string {
	var out []string
	for _, line := range strings.Split(f.Layout, "%n") {
		if s := fill(line, p); s != "" {
			if strings.Contains(line, "%A") {
				for _, l := range strings.Split(s, "\n") {
					if l = strings.TrimSpace(l); l != "" {
						out = append(out, l)
					}
				}
				continue
			}
			out = append(out, s)
		}
	}
	return out
}

// fill replaces the fields of one layout line. An empty field goes with
// the literal text before it (or, at the start, after it), as
// libaddressinput's formatter does: "%C, %S %Z" with no state reads
// "Springfield 62701", and "〒%Z" with no postal code prints nothing.
func fill(line string, p Parts) string {
	type token struct {
		text  string
		field bool
	}
	var toks []token
	for i := 0; i < len(line); {
		if line[i] == '%' && i+1 < len(line) {
			toks = append(toks, token{text: value(rune(line[i+1]), p), field: true})
			i += 2
			continue
		}
		j := strings.IndexByte(line[i:], '%')
		if j < 0 {
			j = len(line) - i
		}
		toks = append(toks, token{text: line[i : i+j]})
		i += j
	}
	for i := 0; i < len(toks); {
		if !toks[i].field || toks[i].text != "" {
			i++
			continue
		}
		switch {
		case i > 0 && !toks[i-1].field:
			toks = append(toks[:i-1], toks[i+1:]...)
			i--
		case i+1 < len(toks) && !toks[i+1].field:
			toks = append(toks[:i], toks[i+2:]...)
		default:
			toks = append(toks[:i], toks[i+1:]...)
		}
	}
	var b strings.Builder
	hasField := false
	for _, t := range toks {
		b.WriteString(t.text)
		hasField = hasField || t.field
	}
	if !hasField {
		return ""
	}
	return strings.TrimSpace(b.String())
}

func value(field rune, p Parts) string {
	switch field {
	case FieldName:
		return p.Name
	case FieldStreet:
		if p.Line2 == "" {
			return p.Line1
		}
		if p.Line1 == "" {
			return p.Line2
		}
		return p.Line1 + "\n" + p.Line2
	case FieldCity:
		return p.City
	case FieldRegion:
		return p.Region
	case FieldPostalCode:
		return p.PostalCode
	}
	return ""
}
