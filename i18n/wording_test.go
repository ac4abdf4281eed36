package i18n_test

import (
	"strings"
	"testing"

	"github.com/mall-project/mall/i18n"
)

// TestChineseWording catches the slips a native reader noticed: 你 beside
// 您 (the mall says 您 to shoppers and merchants alike), a space before
// "%", an expiry written as "… 过期" rather than "有效期至…", and both 货号
// and "SKU 编码" for the same thing.
func TestChineseWording(t *testing.T) {
	keys, err := i18n.Keys(i18n.Chinese)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		msg := i18n.Translate(i18n.Chinese, k, "Percent", "5.5", "Date", "2026年12月8日", "Count", 2, "N", 2)
		for _, slip := range []string{"你", " %", "日 过期", "SKU 编码"} {
			if strings.Contains(msg, slip) {
				t.Errorf("%s = %q: has %q", k, msg, slip)
			}
		}
	}
	for _, k := range []string{"operator.commission.percent"} {
		if msg := i18n.Translate(i18n.English, k, "Percent", "5.5"); strings.Contains(msg, " %") {
			t.Errorf("%s = %q in English: a space before %%", k, msg)
		}
	}
}
