package admin

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// orderShip marks a paid order shipped with the carrier and tracking
// number the shopper is told.
func (h *Handler) orderShip(c *fiber.Ctx) error {
	o, err := h.orderOf(c)
	if err != nil {
		return err
	}
	form := adminview.ShipForm{
		Carrier:  strings.TrimSpace(c.FormValue("carrier")),
		Tracking: strings.TrimSpace(c.FormValue("tracking_number")),
	}
	errs := mall.FieldErrors{}
	switch n := utf8.RuneCountInString(form.Carrier); {
	case n == 0:
		errs.Add("carrier", "admin.order.error.carrier_required")
	case n > 60:
		errs.Add("carrier", "admin.order.error.carrier_too_long")
	}
	if !validTracking(form.Tracking) {
		errs.Add("tracking_number", "admin.order.error.tracking_invalid")
	}
	err = errs.Err()
	if err == nil {
		err = h.Orders.MarkShipped(web.Ctx(c), merchantID(c), o.ID, form.Carrier, form.Tracking, staffActor(c))
	}
	if err != nil {
		return h.orderActionFailed(c, err, func(v *adminview.OrderView) {
			form.Errors, form.Carriers = mall.Fields(err), v.Ship.Carriers
			v.Ship = form
		})
	}
	web.Flash(c, "success", "admin.order.flash.shipped")
	return web.Redirect(c, fmt.Sprintf("/admin/orders/%d", o.ID))
}

// validTracking accepts a tracking number as carriers print them: 4 to 40
// letters and digits, with spaces or dashes between.
func validTracking(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			n++
		case r == ' ' || r == '-':
		default:
			return false
		}
	}
	return n >= 4 && len(s) <= 40
}
