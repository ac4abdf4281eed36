package address

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// streetWords are the spellings of common street words folded to one, so
// "12 Harbour Road" and "12 harbour rd." give one key.
var streetWords = map[string]string{
	"street": "st", "str": "st", "road": "rd", "avenue": "ave", "av": "ave", "boulevard": "blvd",
	"drive": "dr", "lane": "ln", "court": "ct", "place": "pl", "square": "sq", "floor": "fl",
	"apartment": "apt", "flat": "apt", "unit": "apt", "suite": "ste", "number": "no", "building": "bldg",
}

// Key is the normalised form of an address, for telling whether two
// addresses are the same place however they were typed: the country, the
// postal code without spaces, and the street lines and city in lower
// case, accents and punctuation dropped, common street words abbreviated
// one way. Names and phone numbers are left out. It is "" when the
// address has no street.
func Key(country, postalCode, line1, line2, city string) string {
	street := words(line1 + " " + line2)
	if street == "" {
		return ""
	}
	postal := strings.ReplaceAll(strings.ToLower(strings.Join(strings.Fields(postalCode), "")), "-", "")
	return strings.ToUpper(strings.TrimSpace(country)) + "|" + postal + "|" + street + "|" + words(city)
}

// words folds text to lower-case words of letters and digits.
func words(s string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’': // "Queen's" is "queens"
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			b.WriteRune(' ')
		}
	}
	f := strings.Fields(b.String())
	for i, w := range f {
		if short, ok := streetWords[w]; ok {
			f[i] = short
		}
	}
	return strings.Join(f, " ")
}
