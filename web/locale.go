package web

import (
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
)

// LocaleCookie remembers the language a visitor picked.
const LocaleCookie = "mall_locale"

// LocaleParam in a query string picks the page's language for that URL, so
// each language version has its own address (for hreflang alternates).
const LocaleParam = "lang"

// requestLocale picks the language from, in order: the lang query
// parameter, the visitor's remembered choice, the browser's Accept-Language.
// The storefront and the admin refine it (merchant's language, staff
// member's setting).
func requestLocale(c *fiber.Ctx) i18n.Locale {
	if loc, ok := QueryLocale(c); ok {
		return loc
	}
	if loc, ok := CookieLocale(c); ok {
		return loc
	}
	return i18n.Negotiate(c.Get(fiber.HeaderAcceptLanguage))
}

// QueryLocale returns the locale named by the lang query parameter.
func QueryLocale(c *fiber.Ctx) (i18n.Locale, bool) {
	if q := c.Query(LocaleParam); q != "" {
		return i18n.Parse(q)
	}
	return "", false
}

// CookieLocale returns the locale the visitor chose earlier.
func CookieLocale(c *fiber.Ctx) (i18n.Locale, bool) {
	return i18n.Parse(c.Cookies(LocaleCookie))
}

// RememberLocale stores the visitor's choice of language.
func RememberLocale(c *fiber.Ctx, loc i18n.Locale) {
	SetCookie(c, Cookie{Name: LocaleCookie, Value: string(loc), MaxAge: 365 * 24 * time.Hour})
	SetLocale(c, loc)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
