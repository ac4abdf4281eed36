// Package web holds the HTTP pieces the storefront and the admin share:
// the visitor's session and CSRF token, the page language, flash messages,
// rendering templ components, and the one place that turns domain errors
// into status codes and error pages.
package web

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"net/url"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/templates"
)

// Config is what the web layer needs from the mall's configuration.
type Config struct {
	// Secret signs CSRF tokens and flash cookies (MALL_SECRET).
	Secret []byte
	// BaseURL is the mall's public URL, e.g. https://mall.example.
	BaseURL *url.URL
	// SecureCookies marks cookies Secure (the mall is served over TLS).
	SecureCookies bool
}

// Locals keys.
const (
	localVisitor = "mall.visitor"
	localConfig  = "mall.config"
)

// Install adds the per-request middleware every page needs: config, locale,
// CSRF cookie and check, flash, and the signed-in account. Call it once on
// the app before any route.
func Install(app fiber.Router, cfg Config, sessions SessionStore) {
	cache := newSessionCache()
	if s, ok := sessions.(interface{ OnChange(func(accountID int64)) }); ok {
		s.OnChange(cache.dropAccount)
	}
	app.Use(func(c *fiber.Ctx) error {
		c.Locals(localConfig, &cfg)
		c.Locals(localSessions, cache)
		v := &templates.Visitor{Path: string(c.Request().URI().RequestURI())}
		c.Locals(localVisitor, v)
		v.Locale = requestLocale(c)
		if err := loadSession(c, sessions, cache, v); err != nil {
			return err
		}
		if err := csrf(c, cfg, v); err != nil {
			return err
		}
		readFlash(c, cfg, v)
		return c.Next()
	})
}

// ConfigOf returns the web configuration of the request.
func ConfigOf(c *fiber.Ctx) *Config {
	if cfg, ok := c.Locals(localConfig).(*Config); ok {
		return cfg
	}
	return &Config{}
}

// VisitorOf returns the request's visitor (never nil once Install ran).
func VisitorOf(c *fiber.Ctx) *templates.Visitor {
	if v, ok := c.Locals(localVisitor).(*templates.Visitor); ok {
		return v
	}
	v := &templates.Visitor{Locale: i18n.English}
	c.Locals(localVisitor, v)
	return v
}

// SetLocale sets the language the request's page is written in (the
// storefront uses the merchant's; the admin the staff member's).
func SetLocale(c *fiber.Ctx, loc i18n.Locale) { VisitorOf(c).Locale = loc }

// Ctx returns the request's context carrying the locale and the visitor:
// the context to pass to domain calls and to components.
func Ctx(c *fiber.Ctx) context.Context {
	v := VisitorOf(c)
	ctx := c.UserContext()
	ctx = i18n.WithLocale(ctx, v.Locale)
	return templates.WithVisitor(ctx, v)
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Render writes component as the HTML response with status.
func Render(c *fiber.Ctx, status int, component templ.Component) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := component.Render(Ctx(c), buf); err != nil {
		return err
	}
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderContentLanguage, VisitorOf(c).Locale.Tag())
	c.Set(fiber.HeaderVary, "Cookie, Accept-Language")
	// The body is copied: the buffer goes back to the pool.
	return c.Send(append([]byte(nil), buf.Bytes()...))
}

// RenderBytes renders component to bytes in ctx (for page caches).
func RenderBytes(ctx context.Context, component templ.Component) ([]byte, error) {
	var buf bytes.Buffer
	if err := component.Render(ctx, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Redirect answers a successful POST with 303 See Other to a local path.
func Redirect(c *fiber.Ctx, path string) error {
	return c.Redirect(LocalPath(path, "/"), fiber.StatusSeeOther)
}

// LocalPath returns p when it is a path on this site, else fallback: it
// keeps "return to" parameters (next, return, the locale switch's page)
// from sending visitors elsewhere. It is the mall's one rule for a local
// address: it starts with one "/", and holds no control character, no
// whitespace and no backslash anywhere, since browsers drop tabs and
// newlines from a URL and read "\" as "/" ("/\t/evil.example" and "/\\evil"
// both lead off the site), and it is valid UTF-8.
func LocalPath(p, fallback string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || !utf8.ValidString(p) {
		return fallback
	}
	for _, r := range p {
		if r == '\\' || unicode.IsSpace(r) || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			return fallback
		}
	}
	return p
}

func sign(secret []byte, parts ...string) []byte {
	m := hmac.New(sha256.New, secret)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}
