package mall

import (
	"fmt"
	"strings"
)

// Money is an amount in integer minor units (cents, fen) of a currency. The
// mall never uses floating point for money; views format it per locale.
type Money struct {
	Amount   int64
	Currency string // ISO 4217, upper case
}

// MinorDigits returns how many minor-unit digits a currency has.
func MinorDigits(currency string) int {
	switch strings.ToUpper(currency) {
	case "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF":
		return 0
	case "BHD", "JOD", "KWD", "OMR", "TND":
		return 3
	}
	return 2
}

// ParseAmount reads a decimal amount typed by a person ("12", "12.5",
// "1,299.00") into minor units of currency, without floating point. It
// rejects negative numbers, more decimals than the currency has, and
// anything that is not a number.
func ParseAmount(s, currency string) (int64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return 0, fmt.Errorf("empty amount")
	}
	digits := MinorDigits(currency)
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && hasDot {
		whole = "0"
	}
	if len(frac) > digits {
		return 0, fmt.Errorf("too many decimals")
	}
	var n int64
	for _, r := range whole {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("not a number")
		}
		n = n*10 + int64(r-'0')
		if n > 1e13 {
			return 0, fmt.Errorf("amount too large")
		}
	}
	for i := 0; i < digits; i++ {
		n *= 10
		if i < len(frac) {
			r := frac[i]
			if r < '0' || r > '9' {
				return 0, fmt.Errorf("not a number")
			}
			n += int64(r - '0')
		}
	}
	return n, nil
}

// FormatAmount writes minor units as a plain decimal ("1299.00") for form
// fields and CSV; locale-aware display is the views' job.
func FormatAmount(amount int64, currency string) string {
	digits := MinorDigits(currency)
	neg := amount < 0
	if neg {
		amount = -amount
	}
	s := fmt.Sprintf("%d", amount)
	if digits > 0 {
		for len(s) <= digits {
			s = "0" + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
