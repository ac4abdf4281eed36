package address

import (
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// Phone checks a phone number for delivery to country and returns it in
// international format ("+44 20 7946 0000"). A number without a country
// code is read as one of country's. ok is false for a number that cannot
// be one.
func Phone(number, country string) (formatted string, ok bool) {
	number = strings.TrimSpace(number)
	if number == "" {
		return "", true
	}
	n, err := phonenumbers.Parse(number, strings.ToUpper(country))
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return number, false
	}
	return phonenumbers.Format(n, phonenumbers.INTERNATIONAL), true
}
