package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// orderPackingSlip is a page to print and put in the parcel: where it
// goes and what is in it (less what was refunded), without prices.
func (h *Handler) orderPackingSlip(c *fiber.Ctx) error {
	o, err := h.orderOf(c)
	if err != nil {
		return err
	}
	v := adminview.PackingSlipView{
		ShopName: shopOf(c).Merchant.Name, Number: o.Number, PlacedAt: o.PlacedAt,
		Address: addressLines(c, o.Address), Phone: o.Address.Phone, ShippingMethod: o.ShippingMethodName, OrderID: o.ID,
	}
	// What was refunded is not sent: only what is left of each line goes
	// in the parcel.
	for _, l := range o.Lines {
		if left := l.Quantity - l.RefundedQuantity; left > 0 {
			v.Lines = append(v.Lines, adminview.PackingSlipLine{Title: l.Title, VariantTitle: l.VariantTitle, SKU: l.SKU, Quantity: left})
		}
	}
	return web.Render(c, fiber.StatusOK, adminview.PackingSlip(v))
}
