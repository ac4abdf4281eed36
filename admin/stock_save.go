package admin

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// stockSave saves every row of a stock page at once: a row whose count
// was changed gets that count, a row with an adjustment ("+5", "-2") gets
// it added to the stock as it is now. Every row is checked first; with
// any bad one nothing is saved and the page comes back with what was
// typed. Only the shop's own variants on the page are read from the form.
func (h *Handler) stockSave(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	v, err := h.stockView(c)
	if err != nil {
		return err
	}
	type change struct {
		row    int
		set    int
		adjust int
		isAdj  bool
	}
	var changes []change
	for i := range v.Rows {
		r := &v.Rows[i]
		id := strconv.FormatInt(r.VariantID, 10)
		raw := strings.TrimSpace(c.FormValue("stock." + id))
		adj := strings.TrimSpace(c.FormValue("adjust." + id))
		was := strings.TrimSpace(c.FormValue("was." + id))
		r.Value, r.Adjust = raw, adj
		if adj != "" {
			d, err := strconv.Atoi(strings.TrimPrefix(adj, "+"))
			if err != nil || d == 0 {
				r.Error = i18n.T(ctx, "offline.stock.error.adjust")
				continue
			}
			changes = append(changes, change{row: i, adjust: d, isAdj: true})
			continue
		}
		if raw == "" || raw == was {
			continue
		}
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			r.Error = i18n.T(ctx, "admin.stock.error.invalid")
			continue
		}
		changes = append(changes, change{row: i, set: n})
	}
	for _, r := range v.Rows {
		if r.Error != "" {
			v.ErrorCount++
		}
	}
	if v.ErrorCount == 0 {
		for _, ch := range changes {
			r := &v.Rows[ch.row]
			if ch.isAdj {
				if _, err := h.Catalog.AdjustStock(ctx, merchantID(c), r.VariantID, ch.adjust); err != nil {
					if mall.Fields(err) == nil {
						return err
					}
					r.Error = i18n.T(ctx, "offline.stock.error.below_zero")
					v.ErrorCount++
				}
				continue
			}
			if err := h.Catalog.SetStock(ctx, merchantID(c), r.VariantID, ch.set); err != nil {
				return err
			}
		}
	}
	if v.ErrorCount > 0 {
		return web.Render(c, fiber.StatusUnprocessableEntity, adminview.Stock(v))
	}
	web.Flash(c, "success", "admin.stock.saved")
	return web.Redirect(c, "/admin/stock?page="+strconv.Itoa(v.Pager.Page))
}
