package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// paymentsConnect sends the owner to Stripe's onboarding for the shop's
// connected account, creating the account the first time.
func (h *Handler) paymentsConnect(c *fiber.Ctx) error {
	u, err := h.Payments.ConnectOnboardingURL(web.Ctx(c), merchantID(c), paymentsReturnPath, paymentsRefreshPath)
	if err != nil {
		status := web.StatusOf(err)
		if status != fiber.StatusConflict {
			return err
		}
		v, verr := h.paymentsView(c)
		if verr != nil {
			return verr
		}
		v.Problem = i18n.Error(web.Ctx(c), err)
		return web.Render(c, status, adminview.Payments(v))
	}
	// Stripe's address, not one of the mall's: web.Redirect keeps to local
	// paths.
	return c.Redirect(u, fiber.StatusSeeOther)
}
