package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

func (h *Handler) signOut(c *fiber.Ctx) error {
	if token := c.Cookies(web.SessionCookie); token != "" {
		if err := h.Accounts.DeleteSession(c.UserContext(), token); err != nil {
			return err
		}
	}
	web.EndSession(c)
	web.Flash(c, "info", "account.sign_out.done")
	return web.Redirect(c, "/")
}
