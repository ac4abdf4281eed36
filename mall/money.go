package mall

import (
	"fmt"
	"math/bits"
	"strings"
)

// Bounds on amounts, in minor units of any currency. They are far above
// what a shop charges (Stripe's largest card charge is 99,999,999 minor
// units: 999,999.99 dollars) and far below where int64 arithmetic breaks,
// so every sum and product the mall makes of them stays exact.
const (
	// MaxPrice is the most one unit of a variant, or one shipping charge,
	// may cost: 10^9 minor units (10,000,000.00 dollars, euros or yuan;
	// 1,000,000,000 yen).
	MaxPrice int64 = 1_000_000_000
	// MaxTotal is the most one checkout may charge, shipping included:
	// 10^11 minor units (1,000,000,000.00 dollars). A full line of the
	// dearest variant (99 × MaxPrice) fits. A total times a commission of
	// 10,000 basis points is 10^15, four orders below int64's limit.
	MaxTotal int64 = 100_000_000_000
)

// Proportion returns amount × num / den rounded half up, for 0 <= amount,
// 0 <= num <= den and den > 0 (a share of an amount: a commission, the
// commission's part of a refund). The product is taken in 128 bits, so no
// amount, however large, overflows on the way; the result is at most
// amount. It panics when the arguments break those rules.
func Proportion(amount, num, den int64) int64 {
	if amount < 0 || num < 0 || den <= 0 || num > den {
		panic(fmt.Sprintf("mall: Proportion(%d, %d, %d) out of range", amount, num, den))
	}
	hi, lo := bits.Mul64(uint64(amount), uint64(num))
	lo, carry := bits.Add64(lo, uint64(den)/2, 0)
	hi += carry
	// hi < den because amount × num + den/2 < (amount + 1) × den <= 2^63 × den.
	q, _ := bits.Div64(hi, lo, uint64(den))
	return int64(q)
}

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
