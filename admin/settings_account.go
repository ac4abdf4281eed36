package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// settingsAccount shows the staff member's own settings: the admin's
// language (saved by localeSave).
func (h *Handler) settingsAccount(c *fiber.Ctx) error {
	a := web.Account(c)
	v := adminview.AccountView{Shop: frameShop(c), Name: a.Name, Email: a.Email, Locale: web.VisitorOf(c).Locale.Tag()}
	return web.Render(c, fiber.StatusOK, adminview.Account(v))
}
