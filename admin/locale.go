package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// localeSave saves the admin's language on the account (so it follows the
// staff member to any browser) and in this browser, then goes back.
func (h *Handler) localeSave(c *fiber.Ctx) error {
	loc, ok := i18n.Parse(c.FormValue("locale"))
	if !ok {
		return mall.Invalid("locale", "admin.error.locale")
	}
	if err := h.Accounts.SetLocale(web.Ctx(c), web.Account(c).ID, string(loc)); err != nil {
		return err
	}
	web.RememberLocale(c, loc)
	web.Flash(c, "success", "admin.locale.saved")
	return web.Redirect(c, web.LocalPath(c.FormValue("next"), "/admin"))
}
