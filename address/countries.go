package address

import (
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Country is a country to ship to, named in one language.
type Country struct {
	Code string
	Name string
}

var (
	codesOnce sync.Once
	codes     []string
)

// countryCodes are the ISO 3166 alpha-2 countries CLDR knows.
func countryCodes() []string {
	codesOnce.Do(func() {
		for a := 'A'; a <= 'Z'; a++ {
			for b := 'A'; b <= 'Z'; b++ {
				code := string([]rune{a, b})
				r, err := language.ParseRegion(code)
				if err != nil || !r.IsCountry() || r.String() != code {
					continue
				}
				if display.English.Regions().Name(r) == "" {
					continue
				}
				codes = append(codes, code)
			}
		}
	})
	return codes
}

// Valid reports whether code is a country the mall ships to.
func Valid(code string) bool {
	code = strings.ToUpper(code)
	for _, c := range countryCodes() {
		if c == code {
			return true
		}
	}
	return false
}

// CountryName is the country's name in the language tag ("en",
// "zh-Hans"); the code itself when CLDR has no name.
func CountryName(code, tag string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	if name := display.Regions(language.Make(tag)).Name(r); name != "" {
		return name
	}
	return code
}

var (
	listMu sync.Mutex
	lists  = map[string][]Country{}
)

// Countries lists every country named in the language tag, in that
// language's alphabetical order (pinyin for Chinese).
func Countries(tag string) []Country {
	listMu.Lock()
	defer listMu.Unlock()
	if l, ok := lists[tag]; ok {
		return l
	}
	lang := language.Make(tag)
	namer := display.Regions(lang)
	var out []Country
	for _, code := range countryCodes() {
		r, _ := language.ParseRegion(code)
		name := namer.Name(r)
		if name == "" {
			name = code
		}
		out = append(out, Country{Code: code, Name: name})
	}
	col := collate.New(lang)
	sort.SliceStable(out, func(i, j int) bool { return col.CompareString(out[i].Name, out[j].Name) < 0 })
	lists[tag] = out
	return out
}
