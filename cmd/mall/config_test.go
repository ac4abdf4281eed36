package main

import (
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestConfigRejectsMalformedValuesNamingTheVariable(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"addr without port", map[string]string{"MALL_ADDR": "localhost"}, "MALL_ADDR"},
		{"addr garbage", map[string]string{"MALL_ADDR": "::::"}, "MALL_ADDR"},
		{"database not postgres", map[string]string{"DATABASE_URL": "mysql://root@localhost/mall"}, "DATABASE_URL"},
		{"database no host", map[string]string{"DATABASE_URL": "postgres:///mall"}, "DATABASE_URL"},
		{"database garbage", map[string]string{"DATABASE_URL": "%%%"}, "DATABASE_URL"},
		{"secret too short", map[string]string{"MALL_SECRET": "short"}, "MALL_SECRET"},
		{"base url with path", map[string]string{"MALL_BASE_URL": "https://mall.example/shop"}, "MALL_BASE_URL"},
		{"currency", map[string]string{"MALL_CURRENCY": "dollars"}, "MALL_CURRENCY"},
		{"checkout ttl garbage", map[string]string{"MALL_CHECKOUT_TTL": "half an hour"}, "MALL_CHECKOUT_TTL"},
		{"checkout ttl without unit", map[string]string{"MALL_CHECKOUT_TTL": "30"}, "MALL_CHECKOUT_TTL"},
		{"checkout ttl too short", map[string]string{"MALL_CHECKOUT_TTL": "30s"}, "MALL_CHECKOUT_TTL"},
		{"checkout ttl shorter than stripe allows", map[string]string{"MALL_CHECKOUT_TTL": "10m", "STRIPE_SECRET_KEY": "sk_test_123"}, "MALL_CHECKOUT_TTL"},
		{"mail from not an address", map[string]string{"MALL_MAIL_FROM": "the mall"}, "MALL_MAIL_FROM"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadConfig(envOf(tc.env))
			if err == nil {
				t.Fatalf("loadConfig accepted %v", tc.env)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, tc.want) {
				t.Errorf("error %q does not start with the variable %s", msg, tc.want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error %q is more than one line", msg)
			}
		})
	}
}

func TestConfigDefaultsWork(t *testing.T) {
	cfg, err := loadConfig(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != ":8080" || cfg.Currency != "USD" || cfg.BaseURL.String() != "http://localhost:8080" {
		t.Errorf("defaults: addr %q currency %q base %q", cfg.Addr, cfg.Currency, cfg.BaseURL)
	}
}

func TestConfigCheckoutTTL(t *testing.T) {
	cfg, err := loadConfig(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.CheckoutTTL != 30*time.Minute {
		t.Errorf("default checkout TTL %v, want 30m", cfg.CheckoutTTL)
	}
	cfg, err = loadConfig(envOf(map[string]string{"MALL_CHECKOUT_TTL": "5m"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.CheckoutTTL != 5*time.Minute {
		t.Errorf("checkout TTL %v, want 5m", cfg.CheckoutTTL)
	}
}
