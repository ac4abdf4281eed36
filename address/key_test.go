package address

import "testing"

func TestKeyFoldsSpellingsOfOnePlace(t *testing.T) {
	a := Key("hk", "", "1 Harbour Road", "Flat 3", "Central")
	for _, b := range []string{
		Key("HK", "", "1  harbour rd.", "flat 3", "CENTRAL"),
		Key("HK", " ", "1, Harbour Road,", "Apartment 3", "central"),
	} {
		if a != b {
			t.Errorf("Key = %q, want %q", b, a)
		}
	}
	if a == Key("HK", "", "2 Harbour Road", "Flat 3", "Central") {
		t.Error("another house number gave the same key")
	}
	if Key("DE", "10115", "Straße 1", "", "Berlin") == Key("DE", "10117", "Straße 1", "", "Berlin") {
		t.Error("another postal code gave the same key")
	}
	if Key("US", "", " ", "", "x") != "" {
		t.Error("an address without a street has a key")
	}
	if Key("FR", "", "Rue Créquí 3", "", "") != Key("FR", "", "rue crequi 3", "", "") {
		t.Error("accents are not folded")
	}
}
