package admin

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

const productsPerPage = 25

func (h *Handler) productList(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	v := adminview.ProductListView{
		Shop:   frameShop(c),
		Query:  strings.TrimSpace(c.Query("q")),
		Status: c.Query("status"),
	}
	if _, ok := adminview.ProductStatusKeys[v.Status]; !ok {
		v.Status = ""
	}
	v.CategoryID, _ = strconv.ParseInt(c.Query("category"), 10, 64)
	page := max(c.QueryInt("page", 1), 1)
	cats, err := h.Catalog.Categories(ctx, merchantID(c))
	if err != nil {
		return err
	}
	for _, cat := range cats {
		v.Categories = append(v.Categories, adminview.CategoryOption{ID: cat.ID, Name: cat.Name})
	}
	products, total, err := h.Catalog.ListProducts(ctx, merchantID(c), catalog.ProductFilter{
		Query: v.Query, Status: catalog.Status(v.Status), CategoryID: v.CategoryID, Page: page, PerPage: productsPerPage,
	})
	if err != nil {
		return err
	}
	v.Total = int(total)
	ids := make([]int64, len(products))
	for i, p := range products {
		ids[i] = p.ID
	}
	stock, err := h.Catalog.StockTotals(ctx, merchantID(c), ids)
	if err != nil {
		return err
	}
	for _, p := range products {
		r := adminview.ProductRow{
			ID: p.ID, Title: p.Title, Slug: p.Slug, Status: string(p.Status), Featured: p.Featured, InStock: p.InStock,
			Price: mall.Money{Amount: p.MinPrice, Currency: p.Currency}, HasPrice: p.Currency != "", Stock: stock[p.ID],
		}
		if p.PrimaryImageKey != "" {
			r.ThumbURL = media.URL(p.PrimaryImageKey, media.SizeThumb)
		}
		v.Rows = append(v.Rows, r)
	}
	v.Pager = templates.Pager{Page: page, PerPage: productsPerPage, Total: v.Total, URL: func(n int) string {
		return adminview.ProductsURL(v.Query, v.Status, v.CategoryID, n)
	}}
	return web.Render(c, fiber.StatusOK, adminview.ProductList(v))
}
