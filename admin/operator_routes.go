package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/web"
)

// registerOperator mounts the operator console: only operators get in;
// any other account is refused (403), nobody is sent to sign in.
func (h *Handler) registerOperator(r fiber.Router) {
	op := r.Group("/operator", web.RequireOperator, operatorLocale)
	op.Get("/", h.operatorOverview)
	op.Get("/merchants", h.operatorMerchants)
	op.Get("/merchants/:id", h.operatorMerchant)
	op.Get("/merchants/:id/products", h.operatorProducts)
	op.Get("/merchants/:id/products/:productID", h.operatorProduct)
	op.Post("/merchants/:id/approve", h.operatorApprove)
	op.Post("/merchants/:id/reject", h.operatorReject)
	op.Post("/merchants/:id/suspend", h.operatorSuspend)
	op.Post("/merchants/:id/reinstate", h.operatorReinstate)
	op.Post("/merchants/:id/commission", h.operatorCommission)
	op.Get("/reviews", h.operatorReviews)
	op.Post("/reviews/:id/remove", h.operatorReviewRemove)
	op.Post("/reviews/:id/dismiss", h.operatorReviewDismiss)
	op.Post("/reviews/:id/appeal", h.operatorReviewAppeal)
	op.Get("/reviews/erasures", h.operatorErasures)
	op.Post("/reviews/erasures", h.operatorErase)
	op.Get("/reviews/groups/:id", h.operatorReviewGroup)
	op.Get("/reviews/cases", h.operatorRewardCases)
	op.Post("/reviews/cases/:id/close", h.operatorRewardCaseClose)
	op.Get("/settings", h.operatorSettings)
	op.Post("/settings", h.operatorSettingsSave)
}

// operatorLocale writes the console in the operator's own language, as
// saved on the account.
func operatorLocale(c *fiber.Ctx) error {
	if loc, ok := i18n.Parse(web.Account(c).Locale); ok {
		web.SetLocale(c, loc)
	}
	return c.Next()
}
