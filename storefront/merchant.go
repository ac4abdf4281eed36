package storefront

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// shopPage is a page of one merchant's storefront.
type shopPage func(c *fiber.Ctx, m *merchants.Merchant) error

// inShop loads the merchant named in the path, answers for a shop that is
// not open, and sets the page language before calling page.
func (h *Handler) inShop(page shopPage) fiber.Handler {
	return func(c *fiber.Ctx) error {
		m, err := h.shops.bySlug(c.UserContext(), h.Merchants, c.Params("slug"))
		if err != nil {
			return err
		}
		if !m.IsOpen() {
			return h.shopClosed(c, m)
		}
		web.SetLocale(c, shopLocale(c, m))
		return page(c, m)
	}
}

// shopClosed answers for a merchant that is not open: a pending shop does
// not exist for shoppers yet (404), a suspended one is gone (410), both
// with a page that says so.
func (h *Handler) shopClosed(c *fiber.Ctx, m *merchants.Merchant) error {
	status := fiber.StatusNotFound
	view := shopview.ClosedView{MallURL: h.mallURL(c, "/")}
	if m.Status == merchants.MerchantSuspended {
		status = fiber.StatusGone
		view.Suspended = true
		view.Name = m.Name
	}
	noStore(c)
	return web.Render(c, status, shopview.ShopClosed(view))
}

// shopLocale is the language of a merchant's pages: the shopper's, as on
// the rest of the mall (asked for in the address, chosen before, or the
// browser's), so buttons, cart and checkout speak it in every shop; only a
// visitor whose browser names no language gets the merchant's own. The
// merchant's product texts stay as written, marked with their language.
func shopLocale(c *fiber.Ctx, m *merchants.Merchant) i18n.Locale {
	if loc, ok := web.QueryLocale(c); ok {
		return loc
	}
	if loc, ok := web.CookieLocale(c); ok {
		return loc
	}
	if accept := c.Get(fiber.HeaderAcceptLanguage); accept != "" {
		return i18n.Negotiate(accept)
	}
	return textLocale(m)
}

// textLocale is the language the merchant writes its texts in.
func textLocale(m *merchants.Merchant) i18n.Locale {
	if own, ok := i18n.Parse(m.Locale); ok {
		return own
	}
	return i18n.English
}

// onCustomDomain reports whether the request came in at a merchant's own
// domain.
func onCustomDomain(c *fiber.Ctx) bool {
	v, _ := c.Locals(LocalCustomDomain).(bool)
	return v
}

// shopBase is the path prefix of a merchant's pages: "/s/{slug}" on the
// mall, "" at the merchant's own domain. Every storefront link is built on
// it.
func shopBase(c *fiber.Ctx, m *merchants.Merchant) string {
	if onCustomDomain(c) {
		return ""
	}
	return "/s/" + m.Slug
}

// shopPath is the path of a page of m's storefront as seen by this
// request ("" names the shop's home).
func shopPath(c *fiber.Ctx, m *merchants.Merchant, rest string) string {
	p := shopBase(c, m) + rest
	if p == "" {
		return "/"
	}
	return p
}

// mallShopPath is the path of a page of m's storefront on the mall's host,
// for mall-wide lists.
func mallShopPath(slug, rest string) string { return "/s/" + slug + rest }

// shopAbsURL is the absolute canonical address of a page of m's storefront:
// at its verified domain when it has one, else on the mall.
func (h *Handler) shopAbsURL(m *merchants.Merchant, rest string) string {
	if m.ServesDomain() {
		scheme := "https"
		if u, err := url.Parse(h.Site.BaseURL); err == nil && u.Scheme != "" {
			scheme = u.Scheme
		}
		if rest == "" {
			rest = "/"
		}
		return scheme + "://" + m.CustomDomain + rest
	}
	return h.absURL(mallShopPath(m.Slug, rest))
}

// absURL is the absolute address of a path on the mall's host.
func (h *Handler) absURL(path string) string {
	return strings.TrimRight(h.Site.BaseURL, "/") + path
}

// mallURL is a link to a page of the mall: relative on the mall's host,
// absolute at a merchant's domain.
func (h *Handler) mallURL(c *fiber.Ctx, path string) string {
	if onCustomDomain(c) {
		return h.absURL(path)
	}
	return path
}

// shopFrame is the storefront header and footer of m's pages.
func (h *Handler) shopFrame(c *fiber.Ctx, m *merchants.Merchant, categories []categoryLink, activeCategory int64, query string) templates.ShopFrame {
	f := templates.ShopFrame{
		Name:      m.Name,
		HomeURL:   shopPath(c, m, ""),
		SearchURL: shopPath(c, m, "/search"),
		Query:     query,
		MallURL:   h.mallURL(c, "/"),
	}
	if m.LogoPath != "" {
		f.LogoURL = media.URL(m.LogoPath, media.SizeThumb)
	}
	for _, cat := range categories {
		f.Nav = append(f.Nav, templates.NavItem{Label: cat.Name, URL: shopPath(c, m, "/c/"+cat.Slug), Active: cat.ID == activeCategory})
	}
	return f
}

// shopHead is the <head> of one of m's pages at rest (a path below the
// shop's base): canonical address, language alternates when the shop
// serves both languages, and the shop's colour.
func (h *Handler) shopHead(c *fiber.Ctx, m *merchants.Merchant, title, rest string) templates.Head {
	canonical := h.shopAbsURL(m, rest)
	head := templates.Head{Title: title, ThemeColor: themeColor(m), OGType: "website"}
	head.Canonical = withLang(canonical, c, m.BothLocales)
	if m.BothLocales {
		head.Alternates = alternates(canonical)
	}
	return head
}

// mallHead is the <head> of a page of the mall at path: its canonical
// address and both languages' alternates.
func (h *Handler) mallHead(c *fiber.Ctx, title, path string) templates.Head {
	canonical := h.absURL(path)
	return templates.Head{Title: title, Canonical: withLang(canonical, c, true), Alternates: alternates(canonical), OGType: "website"}
}

// withLang keeps the lang parameter of a request on its canonical address:
// each language version of a page is its own canonical page.
func withLang(canonical string, c *fiber.Ctx, both bool) string {
	if !both {
		return canonical
	}
	if loc, ok := web.QueryLocale(c); ok {
		return addQuery(canonical, web.LocaleParam, loc.Tag())
	}
	return canonical
}

// alternates lists a page's address in each language, and the address
// without a language as x-default.
func alternates(canonical string) []templates.Alternate {
	out := make([]templates.Alternate, 0, len(i18n.Locales)+1)
	for _, loc := range i18n.Locales {
		out = append(out, templates.Alternate{Lang: loc.Tag(), URL: addQuery(canonical, web.LocaleParam, loc.Tag())})
	}
	return append(out, templates.Alternate{Lang: "x-default", URL: canonical})
}

func addQuery(u, key, value string) string {
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	return u + sep + key + "=" + url.QueryEscape(value)
}

func themeColor(m *merchants.Merchant) string {
	if mall.ValidColor(m.ThemeColor) {
		return m.ThemeColor
	}
	return ""
}

// noStore marks an answer as one this browser must revalidate and no
// shared cache may keep (pages carry the visitor's own CSRF token).
func noStore(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
}
