package admin

import "testing"

func TestParsePercentBP(t *testing.T) {
	cases := []struct {
		in   string
		bp   int
		good bool
	}{
		{"5", 500, true},
		{"12.5", 1250, true},
		{"7.25", 725, true},
		{"0.01", 1, true},
		{".5", 50, true},
		{"3 %", 300, true},
		{"100", 10000, true},
		{"0", 0, true},
		{"100.01", 0, false},
		{"1.234", 0, false},
		{"-1", 0, false},
		{"1e2", 0, false},
		{"", 0, false},
		{".", 0, false},
		{"5.", 0, false},
		{"1,5", 0, false},
	}
	for _, tc := range cases {
		bp, ok := parsePercentBP(tc.in)
		if ok != tc.good || bp != tc.bp {
			t.Errorf("parsePercentBP(%q) = %d, %v; want %d, %v", tc.in, bp, ok, tc.bp, tc.good)
		}
	}
}
