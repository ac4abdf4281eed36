package storefront

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// searchPerPage is how many results a search page shows.
const searchPerPage = 24

// searchCachedPages is how deep the mall's search pages are kept in the
// page cache. A word in thousands of products costs the database a few
// milliseconds to rank and count, and a few popular words make most
// searches: their first pages are served from memory like any other shared
// page, with the same invalidation (any catalog or shop change drops the
// mall's pages) and the same size-bounded LRU, so one-off queries age out.
const searchCachedPages = 3

// searchSorts are the orders a shopper may pick, first the default.
var searchSorts = []shopview.SortOption{
	{Value: string(catalog.SortRelevance), Key: "search.sort.relevance"},
	{Value: string(catalog.SortNewest), Key: "search.sort.newest"},
	{Value: string(catalog.SortPriceAsc), Key: "search.sort.price_asc"},
	{Value: string(catalog.SortPriceDesc), Key: "search.sort.price_desc"},
	{Value: string(catalog.SortRating), Key: "ratings.sort.highest"},
}

func validSort(s string) catalog.Sort {
	for _, o := range searchSorts {
		if o.Value == s {
			return catalog.Sort(s)
		}
	}
	return catalog.SortRelevance
}

// pageParam reads the page number of a list, 1 when absent or nonsense.
func pageParam(c *fiber.Ctx) int {
	n, err := strconv.Atoi(c.Query("page"))
	if err != nil || n < 1 || n > 10000 {
		return 1
	}
	return n
}

func (h *Handler) mallSearch(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	view := shopview.SearchView{
		Query:    strings.TrimSpace(c.Query("q")),
		Category: c.Query("category"),
		Min:      strings.TrimSpace(c.Query("min")),
		Max:      strings.TrimSpace(c.Query("max")),
		InStock:  c.Query("in_stock") == "1",
		Sort:     string(validSort(c.Query("sort"))),
		Sorts:    searchSorts,
		Currency: h.Site.Currency,
	}
	q := catalog.SearchQuery{Text: view.Query, InStock: view.InStock, Sort: catalog.Sort(view.Sort), Page: pageParam(c), PerPage: searchPerPage}
	if id, err := strconv.ParseInt(view.Category, 10, 64); err == nil && id > 0 {
		q.CategoryID = id
	} else {
		view.Category = ""
	}
	var err error
	if view.Min != "" {
		if q.MinPrice, err = mall.ParseAmount(view.Min, h.Site.Currency); err != nil {
			view.PriceError = i18n.T(ctx, "search.filter.price_invalid")
		}
	}
	if view.Max != "" {
		if q.MaxPrice, err = mall.ParseAmount(view.Max, h.Site.Currency); err != nil {
			view.PriceError = i18n.T(ctx, "search.filter.price_invalid")
		}
	}
	title := i18n.T(ctx, "search.title")
	if view.Query != "" {
		title = i18n.T(ctx, "search.title_query", "Query", view.Query)
	}
	view.Head = templates.Head{Title: title, NoIndex: true, SearchQuery: view.Query}
	if view.PriceError != "" {
		noStore(c)
		return web.Render(c, fiber.StatusUnprocessableEntity, shopview.MallSearch(view))
	}
	build := func(*pageTag) (templ.Component, error) {
		// Counted only here, where the page cache missed and the database
		// is asked.
		if err := h.Limits.Search.Check(c); err != nil {
			return nil, err
		}
		res, err := h.Catalog.Search(ctx, q)
		if err != nil {
			return nil, err
		}
		view.Results = mallCards(res.Hits)
		view.Total = int(res.Total)
		view.TotalCapped = res.TotalCapped
		view.Suggestion = res.Suggestion
		if res.Total == 0 {
			if view.Fallback, view.FallbackKey, err = h.searchFallback(ctx); err != nil {
				return nil, err
			}
		}
		view.Pager = templates.Pager{Page: q.Page, PerPage: searchPerPage, Total: int(res.Total), URL: pageURL("/search", c)}
		return shopview.MallSearch(view), nil
	}
	if q.Page <= searchCachedPages {
		return h.renderCached(c, mallScope, build)
	}
	component, err := build(&pageTag{})
	if err != nil {
		return err
	}
	noStore(c)
	return web.Render(c, fiber.StatusOK, component)
}

// pageURL returns the address of page n of the list at path, keeping the
// request's other query parameters.
func pageURL(path string, c *fiber.Ctx) func(n int) string {
	values, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	return func(n int) string {
		values.Set("page", strconv.Itoa(n))
		return path + "?" + values.Encode()
	}
}

// searchFallback is what a search that found nothing offers instead: the
// products the mall features, or, when none is, its newest.
func (h *Handler) searchFallback(ctx context.Context) ([]shopview.ProductCard, string, error) {
	featured, err := h.Catalog.FeaturedProductsAcrossMall(ctx, homeProducts)
	if err != nil || len(featured) > 0 {
		return mallCards(featured), "home.featured.heading", err
	}
	fresh, err := h.Catalog.NewProductsAcrossMall(ctx, homeProducts)
	return mallCards(fresh), "home.new.heading", err
}
