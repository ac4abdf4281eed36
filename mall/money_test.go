package mall_test

import (
	"testing"

	"github.com/mall-project/mall/mall"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in       string
		currency string
		want     int64
		wantErr  bool
	}{
		{"12", "USD", 1200, false},
		{"12.5", "USD", 1250, false},
		{"12.05", "USD", 1205, false},
		{" 1,299.00 ", "USD", 129900, false},
		{".99", "USD", 99, false},
		{"0", "USD", 0, false},
		{"1500", "JPY", 1500, false},
		{"1.5", "JPY", 0, true},
		{"12.345", "USD", 0, true},
		{"1.234", "KWD", 1234, false},
		{"-3", "USD", 0, true},
		{"abc", "USD", 0, true},
		{"1e3", "USD", 0, true},
		{"", "USD", 0, true},
		{"99999999999999", "USD", 0, true},
	}
	for _, tt := range tests {
		got, err := mall.ParseAmount(tt.in, tt.currency)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseAmount(%q, %s) error = %v, wantErr %v", tt.in, tt.currency, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && got != tt.want {
			t.Errorf("ParseAmount(%q, %s) = %d, want %d", tt.in, tt.currency, got, tt.want)
		}
	}
}

func TestFormatAmountRoundTrips(t *testing.T) {
	for _, amount := range []int64{0, 1, 99, 100, 129900, 123456789} {
		for _, cur := range []string{"USD", "JPY", "KWD"} {
			s := mall.FormatAmount(amount, cur)
			back, err := mall.ParseAmount(s, cur)
			if err != nil || back != amount {
				t.Errorf("FormatAmount(%d, %s) = %q, parses back to %d (%v)", amount, cur, s, back, err)
			}
		}
	}
	if got := mall.FormatAmount(-250, "USD"); got != "-2.50" {
		t.Errorf("negative = %q", got)
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Blue Tea Cup":      "blue-tea-cup",
		"  Ünïcode -- Mix ": "n-code-mix",
		"西湖龙井":              "",
		"Café 2.0":          "caf-2-0",
	}
	for in, want := range tests {
		if got := mall.Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
		if got := mall.Slugify(in); got != "" && !mall.ValidSlug(got) {
			t.Errorf("Slugify(%q) = %q is not a valid slug", in, got)
		}
	}
}

func TestProportionRoundsHalfUpWithoutOverflow(t *testing.T) {
	const maxInt64 = 1<<63 - 1
	tests := []struct {
		amount, num, den, want int64
	}{
		{10000, 500, 10000, 500},
		{1, 5000, 10000, 1},  // 0.5 rounds up
		{1, 4999, 10000, 0},  // 0.4999 rounds down
		{3, 1, 2, 2},         // 1.5 rounds up
		{0, 7, 9, 0},         // nothing of nothing
		{12345, 0, 10000, 0}, // no commission
		{12345, 10000, 10000, 12345},
		// total × bp overflowed int64 here: 99 × 10^13 × 1000 > 2^63.
		{99 * 10_000_000_000_000, 1000, 10000, 99 * 1_000_000_000_000},
		{maxInt64, 10000, 10000, maxInt64},
		{maxInt64, 1, 2, 1 << 62}, // (2^63-1)/2 = 2^62 - 0.5, up
		{maxInt64, maxInt64 - 1, maxInt64, maxInt64 - 1},
		{mall.MaxTotal, 10000, 10000, mall.MaxTotal},
		{mall.MaxTotal, 1, 3, 33_333_333_333},
		{mall.MaxTotal, 2, 3, 66_666_666_667},
	}
	for _, tt := range tests {
		if got := mall.Proportion(tt.amount, tt.num, tt.den); got != tt.want {
			t.Errorf("Proportion(%d, %d, %d) = %d, want %d", tt.amount, tt.num, tt.den, got, tt.want)
		}
	}
	for _, bad := range [][3]int64{{-1, 1, 2}, {1, -1, 2}, {1, 3, 2}, {1, 0, 0}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Proportion(%v) did not panic", bad)
				}
			}()
			mall.Proportion(bad[0], bad[1], bad[2])
		}()
	}
}
