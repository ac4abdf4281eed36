package admin

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

const stockPerPage = 20

// productStock lists every variant with its stock to edit.
func (h *Handler) productStock(c *fiber.Ctx) error {
	v, err := h.stockView(c)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.Stock(v))
}

func (h *Handler) stockView(c *fiber.Ctx) (adminview.StockView, error) {
	page := max(c.QueryInt("page", 1), 1)
	v := adminview.StockView{Shop: frameShop(c)}
	products, total, err := h.Catalog.ListProducts(web.Ctx(c), merchantID(c), catalog.ProductFilter{Page: page, PerPage: stockPerPage})
	if err != nil {
		return v, err
	}
	for _, p := range products {
		// The list carries no variants; each product's are loaded (a page
		// is small).
		full, err := h.Catalog.ProductInMerchant(web.Ctx(c), merchantID(c), p.ID)
		if err != nil {
			return v, err
		}
		v.Rows = append(v.Rows, stockRows(full)...)
	}
	v.Pager = templates.Pager{Page: page, PerPage: stockPerPage, Total: int(total), URL: func(n int) string {
		return "/admin/stock?page=" + strconv.Itoa(n)
	}}
	return v, nil
}

func stockRows(p *catalog.Product) []adminview.StockRow {
	var rows []adminview.StockRow
	for i := range p.Variants {
		pv := &p.Variants[i]
		rows = append(rows, adminview.StockRow{
			VariantID: pv.ID, ProductID: p.ID, ProductTitle: p.Title, SKU: pv.SKU,
			Options: strings.Join(pv.Options(), " / "), Stock: pv.Stock,
		})
	}
	return rows
}

// productStockSave sets one variant's stock; a negative or non-number
// count is shown beside the field.
func (h *Handler) productStockSave(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	raw := strings.TrimSpace(c.FormValue("stock"))
	n, err := strconv.Atoi(raw)
	if err == nil && n >= 0 {
		if err := h.Catalog.SetStock(ctx, merchantID(c), id, n); err != nil {
			return err
		}
		web.Flash(c, "success", "admin.stock.saved")
		return web.Redirect(c, "/admin/stock")
	}
	// The form posts back with its page, so the row is shown again with the
	// message; a variant not among the shop's rows is not found.
	v, err := h.stockView(c)
	if err != nil {
		return err
	}
	for i := range v.Rows {
		if v.Rows[i].VariantID == id {
			v.Rows[i].Value = raw
			v.Rows[i].Error = i18n.T(ctx, "admin.stock.error.invalid")
			return web.Render(c, fiber.StatusUnprocessableEntity, adminview.Stock(v))
		}
	}
	return mall.NotFound("variant")
}
