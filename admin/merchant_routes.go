package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/merchants"
)

// registerMerchantAdmin mounts the merchant admin: every route needs a
// signed-in account that is staff of a shop, and works on that shop only.
// What each role may do is merchants' rights table, applied here, per
// group of routes, by allow.
func (h *Handler) registerMerchantAdmin(r fiber.Router) {
	adm := r.Group("/admin", h.requireStaffAccount, h.adminLocale)
	// The language switch works for any signed-in account, staff or not.
	adm.Post("/locale", h.localeSave)

	m := adm.Group("", h.requireMerchant)
	// Every staff member: the dashboard, choosing among their shops,
	// their own account and the team list.
	m.Get("/", h.dashboard)
	m.Post("/switch", h.merchantSwitch)
	m.Get("/account", h.settingsAccount)
	m.Get("/staff", h.staffList)

	products := m.Group("/products", allow(merchants.PermCatalog))
	products.Get("", h.productList)
	products.Get("/new", h.productNew)
	products.Post("", h.productCreate)
	products.Get("/:id", h.productEdit)
	products.Post("/:id", h.productUpdate)
	products.Post("/:id/archive", h.productArchive)
	products.Post("/:id/images/:imageID/remove", h.productImageRemove)
	products.Post("/:id/images/:imageID/move", h.productImageMove)
	products.Post("/:id/images/:imageID/alt", h.productImageAlt)

	m.Get("/stock", allow(merchants.PermStock), h.productStock)
	m.Post("/stock", allow(merchants.PermStock), h.stockSave)
	m.Post("/variants/:id/stock", allow(merchants.PermStock), h.productStockSave)

	categories := m.Group("/categories", allow(merchants.PermCategories))
	categories.Get("", h.categoryList)
	categories.Post("", h.categoryCreate)
	categories.Post("/:id", h.categoryRename)
	categories.Post("/:id/delete", h.categoryDelete)

	ords := m.Group("/orders", allow(merchants.PermOrders))
	ords.Get("", h.orderList)
	ords.Get("/:id", h.orderShow)
	ords.Get("/:id/packing-slip", h.orderPackingSlip)
	ords.Post("/:id/confirm-payment", h.orderConfirmPayment)
	ords.Post("/:id/ship", h.orderShip)
	ords.Post("/:id/deliver", h.orderDeliver)
	ords.Post("/:id/cancel", h.orderCancel)
	ords.Post("/:id/refund", allow(merchants.PermRefunds), h.orderRefund)

	revs := m.Group("/reviews", allow(merchants.PermReviews))
	revs.Get("", h.reviewList)
	revs.Post("/settings", h.reviewSettings)
	revs.Post("/:id/reply", h.reviewReply)
	revs.Post("/:id/report", h.reviewReport)

	pay := m.Group("/payments", allow(merchants.PermPayments))
	pay.Get("", h.paymentsShow)
	pay.Post("/connect", h.paymentsConnect)
	pay.Get("/return", h.paymentsReturn)

	ship := m.Group("/shipping", allow(merchants.PermShipping))
	ship.Get("", h.shippingList)
	ship.Post("", h.shippingCreate)
	ship.Post("/:id", h.shippingUpdate)
	ship.Post("/:id/delete", h.shippingDelete)

	settings := m.Group("/settings", allow(merchants.PermSettings))
	settings.Get("", h.settingsShow)
	settings.Post("", h.settingsSave)
	settings.Get("/payment", h.settingsPaymentShow)
	settings.Post("/payment", h.settingsPaymentSave)
	settings.Post("/domain", allow(merchants.PermDomain), h.settingsDomain)
	settings.Post("/domain/verify", allow(merchants.PermDomain), h.settingsDomainVerify)
	settings.Get("/export", allow(merchants.PermExport), h.settingsExport)

	m.Post("/staff/invitations", allow(merchants.PermStaff), h.staffInvite)
	m.Post("/staff/:id/remove", allow(merchants.PermStaff), h.staffRemove)
}
