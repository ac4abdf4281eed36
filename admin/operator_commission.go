package admin

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) operatorCommission(c *fiber.Ctx) error {
	id, err := operatorMerchantID(c)
	if err != nil {
		return err
	}
	raw := strings.TrimSpace(c.FormValue("commission"))
	bp, ok := parsePercentBP(raw)
	if !ok {
		err = mall.FieldErrors{"commission": mall.Invalid("commission", "operator.error.commission_invalid")}.Err()
	} else {
		err = h.Merchants.SetCommission(web.Ctx(c), web.Account(c).ID, id, bp)
	}
	if err != nil {
		return h.operatorFormError(c, err, func(v *adminview.OperatorMerchantView) { v.Commission = raw })
	}
	web.Flash(c, "success", "operator.flash.commission_set")
	return web.Redirect(c, fmt.Sprintf("/operator/merchants/%d", id))
}

// parsePercentBP reads a percentage with up to two decimals ("5", "12.5",
// "7.25", "3 %") as basis points, with integer arithmetic only. It accepts
// 0 to 100 %.
func parsePercentBP(s string) (int, bool) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && (!hasDot || frac == "") || len(frac) > 2 || len(whole) > 3 || (hasDot && frac == "") {
		return 0, false
	}
	bp := 0
	for _, r := range whole {
		if r < '0' || r > '9' {
			return 0, false
		}
		bp = bp*10 + int(r-'0')
	}
	bp *= 100
	scale := 10
	for _, r := range frac {
		if r < '0' || r > '9' {
			return 0, false
		}
		bp += int(r-'0') * scale
		scale /= 10
	}
	if bp > 10000 {
		return 0, false
	}
	return bp, true
}
