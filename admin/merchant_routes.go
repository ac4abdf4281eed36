package admin

import (
	"github.com/gofiber/fiber/v2"
)

// registerMerchantAdmin mounts the merchant admin: every route needs a
// signed-in account that is staff of a shop, and works on that shop only.
func (h *Handler) registerMerchantAdmin(r fiber.Router) {
	adm := r.Group("/admin", h.requireStaffAccount, h.adminLocale)
	// The language switch works for any signed-in account, staff or not.
	adm.Post("/locale", h.localeSave)

	m := adm.Group("", h.requireMerchant)
	m.Get("/", h.dashboard)
	m.Post("/switch", h.merchantSwitch)
	m.Get("/account", h.settingsAccount)

	m.Get("/products", h.productList)
	m.Get("/products/new", h.productNew)
	m.Post("/products", h.productCreate)
	m.Get("/products/:id", h.productEdit)
	m.Post("/products/:id", h.productUpdate)
	m.Post("/products/:id/archive", h.productArchive)
	m.Post("/products/:id/images/:imageID/remove", h.productImageRemove)

	m.Get("/stock", h.productStock)
	m.Post("/variants/:id/stock", h.productStockSave)

	m.Get("/categories", h.categoryList)
	m.Post("/categories", h.categoryCreate)
	m.Post("/categories/:id", h.categoryRename)
	m.Post("/categories/:id/delete", h.categoryDelete)

	m.Get("/orders", h.orderList)
	m.Get("/orders/:id", h.orderShow)
	m.Get("/orders/:id/packing-slip", h.orderPackingSlip)
	m.Post("/orders/:id/confirm-payment", h.orderConfirmPayment)
	m.Post("/orders/:id/ship", h.orderShip)
	m.Post("/orders/:id/deliver", h.orderDeliver)
	m.Post("/orders/:id/cancel", h.orderCancel)
	m.Post("/orders/:id/refund", h.orderRefund)

	m.Get("/reviews", h.reviewList)
	m.Post("/reviews/settings", h.reviewSettings)
	m.Post("/reviews/:id/reply", h.reviewReply)
	m.Post("/reviews/:id/report", h.reviewReport)

	m.Get("/payments", h.paymentsShow)
	m.Post("/payments/connect", h.paymentsConnect)
	m.Get("/payments/return", h.paymentsReturn)

	m.Get("/shipping", h.shippingList)
	m.Post("/shipping", h.shippingCreate)
	m.Post("/shipping/:id", h.shippingUpdate)
	m.Post("/shipping/:id/delete", h.shippingDelete)

	m.Get("/settings", h.settingsShow)
	m.Post("/settings", h.settingsSave)
	m.Post("/settings/domain", h.settingsDomain)
	m.Post("/settings/domain/verify", h.settingsDomainVerify)
	m.Get("/settings/export", h.settingsExport)

	m.Get("/staff", h.staffList)
	m.Post("/staff/invitations", h.staffInvite)
	m.Post("/staff/:id/remove", h.staffRemove)
}
