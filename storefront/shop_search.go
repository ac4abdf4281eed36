package storefront

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// shopSearch searches one merchant's products; results pages are not
// cached (the queries are endless) and not indexed.
func (h *Handler) shopSearch(c *fiber.Ctx, m *merchants.Merchant) error {
	ctx := web.Ctx(c)
	query := strings.TrimSpace(c.Query("q"))
	page := pageParam(c)
	if err := h.Limits.Search.Check(c); err != nil {
		return err
	}
	res, err := h.Catalog.Search(ctx, catalog.SearchQuery{Text: query, MerchantID: m.ID, Sort: catalog.SortRelevance, Page: page, PerPage: searchPerPage})
	if err != nil {
		return err
	}
	cats, err := h.categories(ctx, m.ID)
	if err != nil {
		return err
	}
	heading := i18n.T(ctx, "shop.search.title", "Name", m.Name)
	if query != "" {
		heading = i18n.T(ctx, "search.title_query", "Query", query)
	}
	head := templates.Head{Title: heading + " · " + m.Name, NoIndex: true, ThemeColor: themeColor(m)}
	path := shopPath(c, m, "/search")
	view := shopview.ListingView{
		Head:        head,
		Frame:       h.shopFrame(c, m, categoryLinks(cats), 0, query),
		Heading:     heading,
		Crumbs:      shopCrumbs(c, m, shopview.Crumb{Label: i18n.T(ctx, "shop.search.crumb"), URL: path}),
		Searched:    true,
		Query:       query,
		Products:    h.hitCards(c, m, res.Hits),
		Total:       int(res.Total),
		TotalCapped: res.TotalCapped,
		Pager:       templates.Pager{Page: page, PerPage: searchPerPage, Total: int(res.Total), URL: pageURL(path, c)},
	}
	if res.Total == 0 && query != "" {
		// Nothing matched: the shop's newest products instead of a bare
		// "nothing".
		fresh, err := h.Catalog.Search(ctx, catalog.SearchQuery{MerchantID: m.ID, Sort: catalog.SortNewest, PerPage: homeProducts})
		if err != nil {
			return err
		}
		view.Fallback = h.hitCards(c, m, fresh.Hits)
	}
	noStore(c)
	return web.Render(c, fiber.StatusOK, shopview.ShopListing(view))
}
