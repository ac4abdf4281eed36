package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mall-project/mall/mall"
)

// config is the mall's configuration, read from environment variables.
// Every variable is listed in README.md.
type config struct {
	Addr           string   // MALL_ADDR
	DatabaseURL    string   // DATABASE_URL
	DataDir        string   // MALL_DATA_DIR
	BaseURL        *url.URL // MALL_BASE_URL
	Secret         []byte   // MALL_SECRET
	Name           string   // MALL_NAME
	Currency       string   // MALL_CURRENCY
	TrustedProxies []string // MALL_TRUSTED_PROXIES
	LogFormat      string   // MALL_LOG_FORMAT
	LogLevel       slog.Level
	SMTPURL        *url.URL      // MALL_SMTP_URL
	MailFrom       string        // MALL_MAIL_FROM
	CheckoutTTL    time.Duration // MALL_CHECKOUT_TTL
	StripeKey      string        // STRIPE_SECRET_KEY
	StripeWebhook  string        // STRIPE_WEBHOOK_SECRET
	DebugAddr      string        // MALL_DEBUG_ADDR
	ReviewLogKey   string        // MALL_REVIEW_LOG_KEY
	// MemoryLimitSet is whether GOMEMLIMIT (read by the Go runtime) is set.
	MemoryLimitSet bool
}

// loadConfig reads the environment. A malformed value is an error that
// names the variable; missing values take defaults that work for `make run`.
func loadConfig(getenv func(string) string) (*config, error) {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	cfg := &config{
		Addr:          get("MALL_ADDR", ":8080"),
		DatabaseURL:   get("DATABASE_URL", ""),
		DataDir:       get("MALL_DATA_DIR", "./data"),
		Name:          get("MALL_NAME", ""),
		Currency:      strings.ToUpper(get("MALL_CURRENCY", "USD")),
		LogFormat:     get("MALL_LOG_FORMAT", "text"),
		MailFrom:      get("MALL_MAIL_FROM", ""),
		StripeKey:     get("STRIPE_SECRET_KEY", ""),
		StripeWebhook: get("STRIPE_WEBHOOK_SECRET", ""),
		ReviewLogKey:  get("MALL_REVIEW_LOG_KEY", ""),
	}
	cfg.MemoryLimitSet = get("GOMEMLIMIT", "") != ""
	if raw := get("MALL_DEBUG_ADDR", ""); raw != "" {
		host, _, err := net.SplitHostPort(raw)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			return nil, fmt.Errorf("MALL_DEBUG_ADDR must be a loopback host:port like 127.0.0.1:6060 (it serves profiles), got %q", raw)
		}
		cfg.DebugAddr = raw
	}
	if _, _, err := net.SplitHostPort(cfg.Addr); err != nil {
		return nil, fmt.Errorf("MALL_ADDR must be host:port (like :8080), got %q", cfg.Addr)
	}
	if cfg.DatabaseURL != "" {
		u, err := url.Parse(cfg.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
			return nil, errors.New("DATABASE_URL must be a postgres:// URL like postgres://user:pass@host:5432/mall?sslmode=disable")
		}
	}
	base := get("MALL_BASE_URL", "http://localhost"+portSuffix(cfg.Addr))
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
		return nil, fmt.Errorf("MALL_BASE_URL must be an absolute http(s) URL with no path, like https://mall.example, got %q", base)
	}
	u.Path = ""
	cfg.BaseURL = u
	if len(cfg.Currency) != 3 || strings.Trim(cfg.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return nil, fmt.Errorf("MALL_CURRENCY must be a three-letter ISO 4217 code like USD, got %q", cfg.Currency)
	}
	switch cfg.LogFormat {
	case "text", "json":
	default:
		return nil, fmt.Errorf("MALL_LOG_FORMAT must be text or json, got %q", cfg.LogFormat)
	}
	if err := cfg.LogLevel.UnmarshalText([]byte(get("MALL_LOG_LEVEL", "info"))); err != nil {
		return nil, fmt.Errorf("MALL_LOG_LEVEL must be debug, info, warn or error, got %q", getenv("MALL_LOG_LEVEL"))
	}
	if raw := get("MALL_TRUSTED_PROXIES", ""); raw != "" {
		for _, p := range strings.Split(raw, ",") {
			p = strings.TrimSpace(p)
			if net.ParseIP(p) == nil {
				if _, _, err := net.ParseCIDR(p); err != nil {
					return nil, fmt.Errorf("MALL_TRUSTED_PROXIES must be comma-separated IPs or CIDRs, got %q", p)
				}
			}
			cfg.TrustedProxies = append(cfg.TrustedProxies, p)
		}
	}
	if raw := get("MALL_SMTP_URL", ""); raw != "" {
		su, err := url.Parse(raw)
		if err != nil || (su.Scheme != "smtp" && su.Scheme != "smtps") || su.Host == "" {
			return nil, errors.New("MALL_SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465")
		}
		cfg.SMTPURL = su
	}
	if cfg.MailFrom != "" {
		if _, err := mail.ParseAddress(cfg.MailFrom); err != nil {
			return nil, fmt.Errorf("MALL_MAIL_FROM must be an email address like \"Acme Mall <orders@mall.example>\", got %q", cfg.MailFrom)
		}
	}
	ttl := get("MALL_CHECKOUT_TTL", "30m")
	d, err := time.ParseDuration(ttl)
	if err != nil || d < time.Minute {
		return nil, fmt.Errorf("MALL_CHECKOUT_TTL must be a duration of at least 1m, like 30m or 2h, got %q", ttl)
	}
	// Stripe keeps a Checkout Session open 30 minutes at least and 24
	// hours at most; the checkout must not expire on another schedule.
	if cfg.StripeKey != "" && (d < 30*time.Minute || d > 24*time.Hour) {
		return nil, fmt.Errorf("MALL_CHECKOUT_TTL must be between 30m and 24h when Stripe is used, got %q", ttl)
	}
	cfg.CheckoutTTL = d
	if cfg.StripeKey != "" && !strings.HasPrefix(cfg.StripeKey, "sk_") && !strings.HasPrefix(cfg.StripeKey, "rk_") {
		return nil, errors.New("STRIPE_SECRET_KEY must start with sk_ or rk_")
	}
	if s := getenv("MALL_SECRET"); s != "" {
		if len(s) < 32 {
			return nil, errors.New("MALL_SECRET must be at least 32 characters (try: openssl rand -hex 32)")
		}
		cfg.Secret = []byte(s)
	}
	return cfg, nil
}

// ensureSecret gives a mall started with no MALL_SECRET a random one kept in
// the data directory, so `make run` needs no configuration and sessions
// survive restarts. Several instances behind a load balancer must share one
// MALL_SECRET instead.
func (cfg *config) ensureSecret(log *slog.Logger) error {
	if cfg.Secret != nil {
		return nil
	}
	path := filepath.Join(cfg.DataDir, "secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		cfg.Secret = []byte(strings.TrimSpace(string(b)))
		return nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return fmt.Errorf("MALL_DATA_DIR %q cannot be created: %w", cfg.DataDir, err)
	}
	secret := mall.RandomHex(32)
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	log.Warn("MALL_SECRET is not set; generated one and saved it in the data directory", "path", path)
	cfg.Secret = []byte(secret)
	return nil
}

func portSuffix(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil || port == "80" || port == "" {
		return ""
	}
	return ":" + port
}
