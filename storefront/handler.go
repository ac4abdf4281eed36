// Package storefront serves shoppers: the mall's home, search, each
// merchant's storefront (at /s/{slug} and at its verified custom domain),
// product pages, sitemaps, and the shopper's account pages.
package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
)

// LocalCustomDomain is set in a request's locals when it arrived at a
// merchant's own domain, so links drop the /s/{slug} prefix.
const LocalCustomDomain = "storefront.custom_domain"

// Deps are the services the storefront calls.
type Deps struct {
	Catalog   *catalog.Store
	Merchants *merchants.Store
	Accounts  *accounts.Store
	Orders    *orders.Store
	Reviews   *reviews.Store
	Media     media.Store
	Site      templates.Site
	// Payments starts paying for a placed checkout (nil: offline).
	Payments Payments
	// Secret is the mall's secret: it signs guests' order links and the
	// cookie that lets a guest see the checkout just placed.
	Secret []byte
	// Limits bound sign-ups, applications, cart adds and searches per
	// visitor's address.
	Limits Limits
	// Mail sends password reset links (nil: none are sent).
	Mail mail.Sender
}

// Handler holds the storefront's dependencies; each page is one method in
// a file of its own.
type Handler struct {
	Deps
	pages *pageCache
	shops *shopCache
	cats  *categoryCache
	// cartCounts and staff are the visitor's own facts, kept briefly.
	cartCounts *briefCache[orders.CartOwner, int]
	staff      *briefCache[int64, bool]
}

// New returns the storefront handler.
func New(d Deps) *Handler {
	h := &Handler{Deps: d, pages: newPageCache(), shops: newShopCache(), cats: newCategoryCache(),
		cartCounts: newBriefCache[orders.CartOwner, int](), staff: newBriefCache[int64, bool]()}
	h.watchChanges()
	return h
}

// Register mounts the storefront's routes.
func (h *Handler) Register(r fiber.Router) {
	r.Use(h.setDeviceCookie)
	r.Use(h.loadCartCount)
	h.registerAccount(r)
	h.registerCart(r)
	h.registerOrders(r)
	h.registerReviews(r)
	h.registerShop(r)
}
