package i18n_test

import (
	"context"
	"testing"
	"time"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
)

func TestMoneyPerLocale(t *testing.T) {
	tests := []struct {
		loc  i18n.Locale
		m    mall.Money
		want string
	}{
		{i18n.English, mall.Money{Amount: 129900, Currency: "USD"}, "$1,299.00"},
		{i18n.Chinese, mall.Money{Amount: 129900, Currency: "USD"}, "US$1,299.00"},
		{i18n.Chinese, mall.Money{Amount: 5, Currency: "CNY"}, "￥0.05"},
		{i18n.English, mall.Money{Amount: 1234567, Currency: "JPY"}, "¥1,234,567"},
		{i18n.English, mall.Money{Amount: -250, Currency: "EUR"}, "-€2.50"},
	}
	for _, tt := range tests {
		if got := i18n.FormatMoney(tt.loc, tt.m); got != tt.want {
			t.Errorf("FormatMoney(%s, %+v) = %q, want %q", tt.loc, tt.m, got, tt.want)
		}
	}
}

func TestTranslateAndPlural(t *testing.T) {
	en := i18n.WithLocale(context.Background(), i18n.English)
	zh := i18n.WithLocale(context.Background(), i18n.Chinese)
	if got := i18n.T(en, "nav.sign_in"); got != "Sign in" {
		t.Errorf("en nav.sign_in = %q", got)
	}
	if got := i18n.T(zh, "nav.sign_in"); got != "登录" {
		t.Errorf("zh nav.sign_in = %q", got)
	}
	if got := i18n.N(en, "form.errors_summary", 1); got != "Please correct the highlighted field." {
		t.Errorf("en one = %q", got)
	}
	if got := i18n.N(en, "form.errors_summary", 3); got != "Please correct the 3 highlighted fields." {
		t.Errorf("en other = %q", got)
	}
	if got := i18n.T(en, "pagination.page_of", "Page", 2, "Pages", 9); got != "Page 2 of 9" {
		t.Errorf("placeholders = %q", got)
	}
	d := time.Date(2026, 11, 23, 9, 5, 0, 0, time.UTC)
	if got := i18n.Date(zh, d); got != "2026年11月23日" {
		t.Errorf("zh date = %q", got)
	}
	if got := i18n.Date(en, d); got != "Nov 23, 2026" {
		t.Errorf("en date = %q", got)
	}
}

func TestNegotiate(t *testing.T) {
	tests := map[string]i18n.Locale{
		"":                        i18n.English,
		"zh-CN,zh;q=0.9,en;q=0.8": i18n.Chinese,
		"en-US,en;q=0.9":          i18n.English,
		"fr-FR":                   i18n.English,
		"zh-TW;q=0.5, en;q=0.9":   i18n.English,
		"zh":                      i18n.Chinese,
		"garbage;;;q=x":           i18n.English,
	}
	for header, want := range tests {
		if got := i18n.Negotiate(header); got != want {
			t.Errorf("Negotiate(%q) = %s, want %s", header, got, want)
		}
	}
}
