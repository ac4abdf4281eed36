// Package admin serves merchants running their shop (/admin) and the
// operator running the mall (/operator). The merchant is always taken from
// the signed-in staff member, never from the request.
package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/payments"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
)

// Deps are the services the admin calls.
type Deps struct {
	Catalog   *catalog.Store
	Merchants *merchants.Store
	Accounts  *accounts.Store
	Orders    *orders.Store
	Payments  *payments.Service
	Media     media.Store
	Site      templates.Site
	Reviews   *reviews.Store
}

// Handler holds the admin's dependencies; each page or action is one
// method in a file of its own.
type Handler struct {
	Deps
}

// New returns the admin handler.
func New(d Deps) *Handler {
	return &Handler{Deps: d}
}

// Register mounts the merchant admin under /admin and the operator
// console under /operator.
func (h *Handler) Register(r fiber.Router) {
	h.registerMerchantAdmin(r)
	h.registerOperator(r)
}
