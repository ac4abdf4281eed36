package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/payments"
	"github.com/mall-project/mall/web"
)

// paymentsReturn is where Stripe sends the merchant back after onboarding:
// it reads the account's state from Stripe at once (webhooks may lag) and
// says where the shop stands.
func (h *Handler) paymentsReturn(c *fiber.Ctx) error {
	if h.Payments.Provider() != payments.ProviderStripe {
		return web.Redirect(c, "/admin/payments")
	}
	acct, err := h.Payments.RefreshConnect(web.Ctx(c), merchantID(c))
	switch {
	case err != nil && web.StatusOf(err) == fiber.StatusConflict:
		web.Flash(c, "error", "admin.payments.flash.refresh_failed")
	case err != nil:
		return err
	case acct.Ready():
		web.Flash(c, "success", "admin.payments.flash.ready")
	case acct.Connected():
		web.Flash(c, "warning", "admin.payments.flash.incomplete")
	default:
		web.Flash(c, "info", "admin.payments.flash.not_connected")
	}
	return web.Redirect(c, "/admin/payments")
}
