package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/payments"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// Where Stripe sends a merchant back: after onboarding, and when the
// onboarding link went stale (the merchant starts again from the page).
const (
	paymentsReturnPath  = "/admin/payments/return"
	paymentsRefreshPath = "/admin/payments?expired=1"
)

// paymentsShow says how the shop gets paid: the mall's provider, the
// shop's Stripe account (when the mall takes cards) and the commission.
func (h *Handler) paymentsShow(c *fiber.Ctx) error {
	v, err := h.paymentsView(c)
	if err != nil {
		return err
	}
	v.LinkExpired = c.Query("expired") != ""
	return web.Render(c, fiber.StatusOK, adminview.Payments(v))
}

func (h *Handler) paymentsView(c *fiber.Ctx) (adminview.PaymentsView, error) {
	m := shopOf(c).Merchant
	v := adminview.PaymentsView{
		Shop: frameShop(c), Provider: h.Payments.Provider(), CanConnect: merchants.Can(shopOf(c).Role, merchants.PermPayments),
		Commission: adminview.OperatorPercent(m.CommissionBP),
	}
	if v.Provider != payments.ProviderStripe {
		return v, nil
	}
	acct, err := h.Payments.ConnectStatus(web.Ctx(c), m.ID)
	if err != nil {
		return v, err
	}
	v.Connect = acct.State()
	held, err := h.Orders.OrdersAwaitingTransfer(web.Ctx(c), m.ID)
	if err != nil {
		return v, err
	}
	v.HeldOrders = len(held)
	return v, nil
}
