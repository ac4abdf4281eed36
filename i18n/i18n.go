// Package i18n is the mall's message catalogue (English and Simplified
// Chinese) and its locale-aware formatting of money, numbers and dates.
//
// Templates and handlers never hold words of their own: they call T (or N
// for counts) with a key from locales/*.json, and the locale travels in the
// request's context.
package i18n

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"sync"
	"time"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/currency"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/mall-project/mall/mall"
)

// Locale is a language the mall's pages are written in.
type Locale string

// The locales the mall speaks.
const (
	English Locale = "en"
	Chinese Locale = "zh-Hans"
)

// Locales lists the supported locales, default first.
var Locales = []Locale{English, Chinese}

// Tag returns the BCP 47 tag, as used in <html lang> and hreflang.
func (l Locale) Tag() string { return string(l) }

// Name returns the locale's name in its own language, for switchers.
func (l Locale) Name() string {
	if l == Chinese {
		return "简体中文"
	}
	return "English"
}

// Other returns the other supported locale (for a two-way switcher).
func (l Locale) Other() Locale {
	if l == Chinese {
		return English
	}
	return Chinese
}

// Parse reads a locale code as stored in cookies, settings and query strings.
func Parse(s string) (Locale, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "en", "en-us", "en-gb":
		return English, true
	case "zh-hans", "zh", "zh-cn", "zh-sg":
		return Chinese, true
	}
	return "", false
}

var matcher = language.NewMatcher([]language.Tag{language.English, language.SimplifiedChinese})

// Negotiate picks the best supported locale for an Accept-Language header.
func Negotiate(acceptLanguage string) Locale {
	if acceptLanguage == "" {
		return English
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return English
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return English
	}
	if idx == 1 {
		return Chinese
	}
	return English
}

type ctxKey struct{}

// WithLocale returns a context whose pages speak loc.
func WithLocale(ctx context.Context, loc Locale) context.Context {
	return context.WithValue(ctx, ctxKey{}, loc)
}

// FromContext returns the locale carried by ctx (English when none).
func FromContext(ctx context.Context) Locale {
	if ctx != nil {
		if loc, ok := ctx.Value(ctxKey{}).(Locale); ok {
			return loc
		}
	}
	return English
}

//go:embed locales/*.json
var localeFS embed.FS

type catalogue struct {
	bundle     *goi18n.Bundle
	localizers map[Locale]*goi18n.Localizer
	printers   map[Locale]*message.Printer
	// plain caches messages without placeholders or plurals: most calls.
	plain map[Locale]map[string]string
}

var (
	loadOnce sync.Once
	cat      *catalogue
	loadErr  error
)

func load() *catalogue {
	loadOnce.Do(func() {
		cat, loadErr = loadCatalogue()
		if loadErr != nil {
			panic(loadErr) // the catalogue is embedded: a broken one is a build error
		}
	})
	return cat
}

func loadCatalogue() (*catalogue, error) {
	b := goi18n.NewBundle(language.English)
	c := &catalogue{
		bundle:     b,
		localizers: map[Locale]*goi18n.Localizer{},
		printers:   map[Locale]*message.Printer{},
		plain:      map[Locale]map[string]string{},
	}
	for _, loc := range Locales {
		msgs, err := messages(loc)
		if err != nil {
			return nil, err
		}
		if err := b.AddMessages(languageOf(loc), msgs...); err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", loc, err)
		}
		plain := map[string]string{}
		for _, m := range msgs {
			if m.One == "" && m.Few == "" && m.Many == "" && m.Two == "" && m.Zero == "" && !strings.Contains(m.Other, "{{") {
				plain[m.ID] = m.Other
			}
		}
		c.plain[loc] = plain
		c.localizers[loc] = goi18n.NewLocalizer(b, string(loc))
		c.printers[loc] = message.NewPrinter(languageOf(loc))
	}
	return c, nil
}

// messages reads loc's whole catalogue: locales/<loc>.json and every
// locales/<area>.<loc>.json beside it (one file per part of the mall, so
// work on different parts does not edit the same file). A key defined in
// two files is an error.
func messages(loc Locale) ([]*goi18n.Message, error) {
	entries, err := fs.ReadDir(localeFS, "locales")
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	var all []*goi18n.Message
	seen := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if name != string(loc)+".json" && !strings.HasSuffix(name, "."+string(loc)+".json") {
			continue
		}
		data, err := localeFS.ReadFile("locales/" + name)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		mf, err := goi18n.ParseMessageFileBytes(data, string(loc)+".json", nil)
		if err != nil {
			return nil, fmt.Errorf("i18n: parse %s: %w", name, err)
		}
		for _, m := range mf.Messages {
			if other, dup := seen[m.ID]; dup {
				return nil, fmt.Errorf("i18n: key %q is in both %s and %s", m.ID, other, name)
			}
			seen[m.ID] = name
		}
		all = append(all, mf.Messages...)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("i18n: no messages for %s", loc)
	}
	return all, nil
}

func languageOf(loc Locale) language.Tag {
	if loc == Chinese {
		return language.SimplifiedChinese
	}
	return language.English
}

// Keys returns every message key of loc's catalogue (for the catalogue test).
func Keys(loc Locale) ([]string, error) {
	msgs, err := messages(loc)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(msgs))
	for _, m := range msgs {
		keys = append(keys, m.ID)
	}
	return keys, nil
}

// RawMessage returns the "other" text of key in loc, unexpanded, for tests
// that compare placeholders between languages.
func RawMessage(loc Locale, key string) (other string, forms []string, ok bool) {
	msgs, err := messages(loc)
	if err != nil {
		return "", nil, false
	}
	for _, m := range msgs {
		if m.ID == key {
			for _, f := range []string{m.Zero, m.One, m.Two, m.Few, m.Many, m.Other} {
				if f != "" {
					forms = append(forms, f)
				}
			}
			return m.Other, forms, true
		}
	}
	return "", nil, false
}

// T returns the message key in ctx's locale. args are name/value pairs that
// fill {{.Name}} placeholders: T(ctx, "pagination.page_of", "Page", 2, "Pages", 9).
func T(ctx context.Context, key string, args ...any) string {
	return Translate(FromContext(ctx), key, args...)
}

// Translate is T for an explicit locale (emails, background jobs).
func Translate(loc Locale, key string, args ...any) string {
	c := load()
	if len(args) == 0 {
		if s, ok := c.plain[loc][key]; ok {
			return s
		}
	}
	return localize(c, loc, key, nil, args)
}

// N returns the plural-aware message key for count in ctx's locale; the
// count is also available to the message as {{.Count}}.
func N(ctx context.Context, key string, count int, args ...any) string {
	return localize(load(), FromContext(ctx), key, count, append(args, "Count", count))
}

func localize(c *catalogue, loc Locale, key string, count any, args []any) string {
	l, ok := c.localizers[loc]
	if !ok {
		l = c.localizers[English]
	}
	data := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		name, _ := args[i].(string)
		data[name] = args[i+1]
	}
	s, err := l.Localize(&goi18n.LocalizeConfig{MessageID: key, TemplateData: data, PluralCount: count})
	if err != nil {
		slog.Warn("i18n: missing message", "key", key, "locale", loc, "err", err)
		return key
	}
	return s
}

// Error returns the person-facing text of a domain error.
func Error(ctx context.Context, err error) string {
	e := mall.AsError(err)
	if e == nil {
		return T(ctx, "error.internal")
	}
	if e.Key != "" {
		var args []any
		for k, v := range e.Args {
			// A domain error gives amounts as mall.Money and counts as
			// integers; they are written here, in the person's locale.
			switch n := v.(type) {
			case mall.Money:
				v = Money(ctx, n)
			case int:
				v = Number(ctx, int64(n))
			case int64:
				v = Number(ctx, n)
			}
			args = append(args, k, v)
		}
		return T(ctx, e.Key, args...)
	}
	if e.Message != "" {
		return e.Message
	}
	return T(ctx, "error.internal")
}

// Number formats an integer with the locale's grouping.
func Number(ctx context.Context, n int64) string {
	return load().printers[FromContext(ctx)].Sprint(number.Decimal(n))
}

// Money formats an amount of minor units for ctx's locale: "$1,299.00" in
// English, "US$1,299.00" in Chinese. No floating point is involved.
func Money(ctx context.Context, m mall.Money) string {
	return FormatMoney(FromContext(ctx), m)
}

// FormatMoney is Money for an explicit locale.
func FormatMoney(loc Locale, m mall.Money) string {
	c := load()
	p, ok := c.printers[loc]
	if !ok {
		p = c.printers[English]
	}
	sym := m.Currency
	if u, err := currency.ParseISO(m.Currency); err == nil {
		sym = p.Sprint(currency.Symbol(u))
	}
	amount := m.Amount
	sign := ""
	if amount < 0 {
		sign = "-"
		amount = -amount
	}
	digits := mall.MinorDigits(m.Currency)
	var div int64 = 1
	for i := 0; i < digits; i++ {
		div *= 10
	}
	whole := p.Sprint(number.Decimal(amount / div))
	if digits == 0 {
		return sign + sym + whole
	}
	return fmt.Sprintf("%s%s%s.%0*d", sign, sym, whole, digits, amount%div)
}

// Date formats a calendar date for ctx's locale: "Nov 23, 2026" or
// "2026年11月23日".
func Date(ctx context.Context, t time.Time) string {
	if FromContext(ctx) == Chinese {
		return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
	}
	return t.Format("Jan 2, 2006")
}

// DateTime formats a date and time of day for ctx's locale.
func DateTime(ctx context.Context, t time.Time) string {
	if FromContext(ctx) == Chinese {
		return fmt.Sprintf("%d年%d月%d日 %s", t.Year(), int(t.Month()), t.Day(), t.Format("15:04"))
	}
	return t.Format("Jan 2, 2006 15:04")
}
