package storefront

import (
	"encoding/xml"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/web"
)

// sitemapMaxURLs is the most addresses one sitemap file may list (the
// sitemaps.org limit); bigger shops get numbered pages.
const sitemapMaxURLs = 50000

// sitemapPerQuery is how many products one query reads while writing a
// sitemap page; sitemapProducts is how many products one file lists,
// leaving room on the first for the shop's home and its categories.
const (
	sitemapPerQuery = 100
	sitemapProducts = sitemapMaxURLs - 1000
)

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapRef `xml:"sitemap"`
}

type sitemapRef struct {
	Loc string `xml:"loc"`
}

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

func sendXML(c *fiber.Ctx, v any) error {
	out, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationXMLCharsetUTF8)
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	return c.Send(append([]byte(xml.Header), out...))
}

// mallSitemap is the sitemap index: the mall's own pages, then every page
// of every open shop's sitemap.
func (h *Handler) mallSitemap(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	shops, err := h.Merchants.OpenMerchantsAcrossMall(ctx, sitemapMaxURLs-1)
	if err != nil {
		return err
	}
	idx := sitemapIndex{Sitemaps: []sitemapRef{{Loc: h.absURL("/sitemap-mall.xml")}}}
	for i := range shops {
		m := &shops[i]
		_, total, err := h.Catalog.ListProducts(ctx, m.ID, catalog.ProductFilter{Status: catalog.StatusActive, Page: 1, PerPage: 1})
		if err != nil {
			return err
		}
		for page := 1; page <= sitemapPages(int(total)); page++ {
			idx.Sitemaps = append(idx.Sitemaps, sitemapRef{Loc: h.shopSitemapURL(m, page)})
		}
	}
	return sendXML(c, idx)
}

// mallPagesSitemap lists the mall's own pages.
func (h *Handler) mallPagesSitemap(c *fiber.Ctx) error {
	return sendXML(c, urlSet{URLs: []sitemapURL{{Loc: h.absURL("/")}, {Loc: h.absURL("/sell")}}})
}

// sitemapPages is how many sitemap files a shop with total products needs
// (its home and categories go in the first).
func sitemapPages(total int) int {
	return max(1, (total+sitemapProducts-1)/sitemapProducts)
}

func (h *Handler) shopSitemapURL(m *merchants.Merchant, page int) string {
	u := h.shopAbsURL(m, "/sitemap.xml")
	if page > 1 {
		u += "?page=" + strconv.Itoa(page)
	}
	return u
}

// shopSitemap lists one page of a shop's addresses: its home and
// categories on the first page, and its products.
func (h *Handler) shopSitemap(c *fiber.Ctx, m *merchants.Merchant) error {
	ctx := web.Ctx(c)
	page := pageParam(c)
	set := urlSet{}
	if page == 1 {
		set.URLs = append(set.URLs, sitemapURL{Loc: h.shopAbsURL(m, "")})
		cats, err := h.Catalog.Categories(ctx, m.ID)
		if err != nil {
			return err
		}
		for _, cat := range cats {
			set.URLs = append(set.URLs, sitemapURL{Loc: h.shopAbsURL(m, "/c/"+cat.Slug)})
		}
	}
	// Products of file n are those of query pages [first, first+n).
	const queries = sitemapProducts / sitemapPerQuery
	first := (page-1)*queries + 1
	for q := first; q < first+queries; q++ {
		products, total, err := h.Catalog.ListProducts(ctx, m.ID, catalog.ProductFilter{Status: catalog.StatusActive, Page: q, PerPage: sitemapPerQuery})
		if err != nil {
			return err
		}
		if page > sitemapPages(int(total)) {
			return fiber.ErrNotFound
		}
		for i := range products {
			p := &products[i]
			set.URLs = append(set.URLs, sitemapURL{Loc: h.shopAbsURL(m, "/p/"+p.Slug), LastMod: p.UpdatedAt.UTC().Format("2006-01-02")})
		}
		if len(products) < sitemapPerQuery {
			break
		}
	}
	if len(set.URLs) > sitemapMaxURLs {
		set.URLs = set.URLs[:sitemapMaxURLs]
	}
	return sendXML(c, set)
}
