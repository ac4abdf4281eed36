package admin

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// shippingForm reads a shipping method's form as typed, for showing it
// again, and what of it is valid, for the orders store. Amounts are
// decimals in the mall's currency; an empty "free over" means never free.
func (h *Handler) shippingForm(c *fiber.Ctx) (adminview.ShippingForm, orders.ShippingMethodInput, mall.FieldErrors) {
	f := adminview.ShippingForm{
		Name:     strings.TrimSpace(c.FormValue("name")),
		Price:    strings.TrimSpace(c.FormValue("price")),
		FreeOver: strings.TrimSpace(c.FormValue("free_over")),
		Active:   c.FormValue("active") != "",
	}
	errs := mall.FieldErrors{}
	in := orders.ShippingMethodInput{Name: f.Name, Active: f.Active}
	if f.Name == "" {
		errs.Add("name", "admin.shipping.error.name_required")
	}
	var err error
	if f.Price == "" {
		errs.Add("price", "admin.variant.error.price_required")
	} else if in.Price, err = mall.ParseAmount(f.Price, h.Site.Currency); err != nil {
		errs.Add("price", "admin.variant.error.price_invalid")
	}
	if f.FreeOver != "" {
		if in.FreeOver, err = mall.ParseAmount(f.FreeOver, h.Site.Currency); err != nil {
			errs.Add("free_over", "admin.variant.error.price_invalid")
		}
	}
	return f, in, errs
}

// shippingView gathers the shop's shipping methods for the settings page.
func (h *Handler) shippingView(c *fiber.Ctx) (adminview.ShippingView, error) {
	v := adminview.ShippingView{Shop: frameShop(c), Currency: h.Site.Currency, CanEdit: can(c, merchants.PermShipping), New: adminview.ShippingForm{Active: true}}
	methods, err := h.Orders.ShippingMethods(web.Ctx(c), merchantID(c))
	if err != nil {
		return v, err
	}
	for _, m := range methods {
		v.Rows = append(v.Rows, adminview.ShippingRow{
			ID: m.ID, Name: m.Name, Active: m.Active,
			Price:    mall.Money{Amount: m.Price, Currency: h.Site.Currency},
			FreeOver: mall.Money{Amount: m.FreeOver, Currency: h.Site.Currency},
			Form: adminview.ShippingForm{
				Name: m.Name, Price: mall.FormatAmount(m.Price, h.Site.Currency),
				FreeOver: freeOverValue(m.FreeOver, h.Site.Currency), Active: m.Active,
			},
		})
	}
	return v, nil
}

// freeOverValue writes a free-shipping threshold for its field: empty when
// shipping is never free.
func freeOverValue(amount int64, currency string) string {
	if amount == 0 {
		return ""
	}
	return mall.FormatAmount(amount, currency)
}
