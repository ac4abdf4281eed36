package admin

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// operatorSettings shows the mall's settings: the commission new merchants
// start with.
func (h *Handler) operatorSettings(c *fiber.Ctx) error {
	ms, err := h.Merchants.MallSettings(web.Ctx(c))
	if err != nil {
		return err
	}
	v := adminview.OperatorSettingsView{
		Commission: adminview.OperatorPercent(ms.DefaultCommissionBP),
		CurrentBP:  ms.DefaultCommissionBP,
	}
	if v.Events, err = h.mallLog(c); err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.OperatorSettings(v))
}

// mallLogLength is how many of the operator's latest decisions about the
// whole mall the settings page shows.
const mallLogLength = 50

// mallLog is the operator's latest decisions about the whole mall, with
// who took each.
func (h *Handler) mallLog(c *fiber.Ctx) ([]adminview.OperatorEvent, error) {
	ctx := web.Ctx(c)
	events, err := h.Merchants.MallEvents(ctx, mallLogLength)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	var out []adminview.OperatorEvent
	for _, e := range events {
		if _, ok := names[e.ActorID]; !ok {
			if a, err := h.Accounts.AccountByID(ctx, e.ActorID); err == nil {
				names[e.ActorID] = a.Email
			}
		}
		out = append(out, adminview.OperatorEvent{At: e.CreatedAt, KindKey: "operator.event.default_commission_changed", Actor: names[e.ActorID], Reason: e.Reason})
	}
	return out, nil
}

// operatorSettingsSave saves the default commission, typed as a percentage
// with up to two decimals and kept in basis points.
func (h *Handler) operatorSettingsSave(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	raw := strings.TrimSpace(c.FormValue("commission"))
	bp, ok := parsePercentBP(raw)
	var err error
	if !ok {
		err = mall.FieldErrors{"commission": mall.Invalid("commission", "operator.error.commission_invalid")}.Err()
	} else {
		err = h.Merchants.SetDefaultCommission(ctx, web.Account(c).ID, bp)
	}
	if err == nil {
		web.Flash(c, "success", "operator.settings.saved")
		return web.Redirect(c, "/operator/settings")
	}
	errs := mall.Fields(err)
	if errs == nil {
		return err
	}
	ms, err := h.Merchants.MallSettings(ctx)
	if err != nil {
		return err
	}
	v := adminview.OperatorSettingsView{Commission: raw, CurrentBP: ms.DefaultCommissionBP, Errors: errs}
	if v.Events, err = h.mallLog(c); err != nil {
		return err
	}
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.OperatorSettings(v))
}
