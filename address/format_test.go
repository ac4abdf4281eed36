package address_test

import (
	"strings"
	"testing"

	"github.com/mall-project/mall/address"
)

func TestLinesFollowEachCountrysFormat(t *testing.T) {
	cases := []struct {
		country string
		p       address.Parts
		want    string
	}{
		{"US", address.Parts{Name: "Homer Simpson", Line1: "742 Evergreen Terrace", City: "Springfield", Region: "IL", PostalCode: "62701"},
			"Homer Simpson|742 Evergreen Terrace|Springfield, IL 62701"},
		{"US", address.Parts{Name: "Homer Simpson", Line1: "742 Evergreen Terrace", City: "Springfield", PostalCode: "62701"},
			"Homer Simpson|742 Evergreen Terrace|Springfield 62701"},
		{"GB", address.Parts{Name: "Ada Lovelace", Line1: "1 St Martin's Le Grand", City: "London", PostalCode: "EC1A 1BB", Region: "ignored"},
			"Ada Lovelace|1 St Martin's Le Grand|London|EC1A 1BB"},
		{"DE", address.Parts{Name: "Max Mustermann", Line1: "Hauptstraße 5", Line2: "Hinterhaus", City: "Berlin", PostalCode: "10115"},
			"Max Mustermann|Hauptstraße 5|Hinterhaus|10115 Berlin"},
		{"FR", address.Parts{Name: "Marie Curie", Line1: "1 rue Pierre et Marie Curie", City: "Paris", PostalCode: "75005"},
			"Marie Curie|1 rue Pierre et Marie Curie|75005 Paris"},
		{"CN", address.Parts{Name: "王小明", Line1: "科技园南路 88 号", City: "深圳市", Region: "广东省", PostalCode: "518057"},
			"518057|广东省深圳市|科技园南路 88 号|王小明"},
		{"JP", address.Parts{Name: "山田太郎", Line1: "千代田1-1", Region: "東京都", PostalCode: "100-0001"},
			"〒100-0001|東京都|千代田1-1|山田太郎"},
		{"JP", address.Parts{Name: "山田太郎", Line1: "千代田1-1", Region: "東京都"},
			"東京都|千代田1-1|山田太郎"},
		{"SG", address.Parts{Name: "Tan Ah Kow", Line1: "1 Raffles Place", PostalCode: "048616"},
			"Tan Ah Kow|1 Raffles Place|SINGAPORE 048616"},
		{"AU", address.Parts{Name: "Bruce", Line1: "1 Macquarie St", City: "Sydney", Region: "NSW", PostalCode: "2000"},
			"Bruce|1 Macquarie St|Sydney NSW 2000"},
		{"ZW", address.Parts{Name: "Anyone", Line1: "1 Road", City: "Harare", PostalCode: "unused"},
			"Anyone|1 Road|Harare"},
	}
	for _, c := range cases {
		if got := strings.Join(address.For(c.country).Lines(c.p), "|"); got != c.want {
			t.Errorf("%s: %q, want %q", c.country, got, c.want)
		}
	}
}

func TestRulesComeFromTheData(t *testing.T) {
	us, gb, hk := address.For("us"), address.For("GB"), address.For("HK")
	if !us.Requires(address.FieldRegion) || !us.Requires(address.FieldPostalCode) || us.RegionType != "state" || us.PostalType != "zip" {
		t.Errorf("US rules %+v", us)
	}
	if gb.Uses(address.FieldRegion) || !gb.Requires(address.FieldPostalCode) || gb.CityType != "post_town" {
		t.Errorf("GB rules %+v", gb)
	}
	if hk.Uses(address.FieldPostalCode) || hk.Requires(address.FieldCity) || !hk.Requires(address.FieldRegion) {
		t.Errorf("HK rules %+v", hk)
	}
	if got := string(address.For("CN").Order()); got != "ZSCAN" {
		t.Errorf("CN field order %q", got)
	}
	for _, tc := range []struct {
		country, code string
		ok            bool
	}{{"US", "62701", true}, {"US", "62701-1234", true}, {"US", "6270", false}, {"GB", "ec1a 1bb", true}, {"GB", "12345", false},
		{"NL", "1012 AB", true}, {"CA", "K1A 0B1", true}, {"CN", "51805", false}, {"HK", "anything", true}} {
		if got := address.For(tc.country).ValidPostalCode(tc.code); got != tc.ok {
			t.Errorf("%s %q valid = %v", tc.country, tc.code, got)
		}
	}
	for _, code := range []string{"US", "CA", "GB", "IE", "DE", "FR", "ES", "IT", "NL", "AU", "JP", "KR", "CN", "HK", "TW", "SG"} {
		if !address.Valid(code) || len(address.For(code).Layout) == len(address.For("ZZ").Layout) && code != "ZZ" && address.For(code).Layout == address.For("ZZ").Layout {
			t.Errorf("%s has no rules of its own", code)
		}
	}
}

func TestCountriesAreNamedInTheShoppersLanguage(t *testing.T) {
	if got := address.CountryName("DE", "zh-Hans"); got != "德国" {
		t.Errorf("DE in Chinese %q", got)
	}
	if got := address.CountryName("GB", "en"); got != "United Kingdom" {
		t.Errorf("GB in English %q", got)
	}
	en := address.Countries("en")
	if len(en) < 240 || address.Valid("XX") || address.Valid("EU") || !address.Valid("gb") {
		t.Fatalf("%d countries", len(en))
	}
	if en[0].Name > en[1].Name {
		t.Errorf("not sorted: %v %v", en[0], en[1])
	}
}

func TestPhoneNumbersAreCheckedAndFormatted(t *testing.T) {
	for _, tc := range []struct {
		number, country, want string
		ok                    bool
	}{
		{"020 7946 0000", "GB", "+44 20 7946 0000", true},
		{"+1 415-555-2671", "GB", "+1 415-555-2671", true},
		{"13800138000", "CN", "+86 138 0013 8000", true},
		{"12", "US", "12", false},
		{"", "US", "", true},
	} {
		got, ok := address.Phone(tc.number, tc.country)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%q in %s: %q %v, want %q %v", tc.number, tc.country, got, ok, tc.want, tc.ok)
		}
	}
}
