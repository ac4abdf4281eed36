package server

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/web"
)

// switchLocale remembers the language a shopper picked and returns to the
// page they were on. It is a plain link so it works without JavaScript and
// from cached pages; it changes only the visitor's own cookie.
func switchLocale(c *fiber.Ctx) error {
	loc, ok := i18n.Parse(c.Query("to"))
	if !ok {
		return fiber.NewError(fiber.StatusBadRequest, "unknown language")
	}
	web.RememberLocale(c, loc)
	next := web.LocalPath(c.Query("next"), "/")
	return c.Redirect(stripLangParam(next), fiber.StatusSeeOther)
}

// stripLangParam drops the lang query parameter, so the remembered choice
// is what the page shows next.
func stripLangParam(p string) string {
	path, query, ok := strings.Cut(p, "?")
	if !ok {
		return p
	}
	values, err := url.ParseQuery(query)
	if err != nil {
		return path
	}
	values.Del(web.LocaleParam)
	if len(values) == 0 {
		return path
	}
	return path + "?" + values.Encode()
}
