package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// registerReviews mounts the shopper's review pages and the public review
// log: its checkpoint, key, leaves, the reviews' current states and the
// proofs anyone may ask for.
func (h *Handler) registerReviews(r fiber.Router) {
	if h.Reviews == nil {
		return
	}
	r.Get("/account/reviews", web.RequireAccount, h.reviewList)
	r.Get("/account/reviews/new", web.RequireAccount, h.reviewNew)
	r.Post("/account/reviews", web.RequireAccount, h.reviewCreate)
	r.Get("/account/reviews/:id/edit", web.RequireAccount, h.reviewEdit)
	r.Post("/account/reviews/:id", web.RequireAccount, h.reviewUpdate)
	r.Post("/account/reviews/:id/appeal", web.RequireAccount, h.reviewAppeal)
	r.Post("/account/reviews/:id/erase", web.RequireAccount, h.reviewErase)
	r.Get("/reviews/transparency", h.reviewTransparency)
	r.Post("/reviews/:id/helpful", h.reviewHelpful)
	r.Get("/account/orders/:id/reward-report", web.RequireAccount, h.rewardReportForm)
	r.Post("/account/orders/:id/reward-report", web.RequireAccount, h.rewardReport)
	r.Get("/reviews/reward-report/:id", h.guestRewardReportForm)
	r.Post("/reviews/reward-report/:id", h.guestRewardReport)

	r.Get("/reviews/write/:line", h.reviewGuestForm)
	r.Post("/reviews/write/:line", h.reviewGuestCreate)
	r.Get("/reviews/opt-out", h.reviewOptOutForm)
	r.Post("/reviews/opt-out", h.reviewOptOut)
	// POST /reviews/opt-out/:token (RFC 8058 one-click) is mounted by
	// the server before sessions and CSRF; a GET only shows the page.
	r.Get("/reviews/opt-out/:token", h.reviewOptOutLink)

	r.Get("/reviews/log/checkpoint", h.reviewLogCheckpoint)
	r.Get("/reviews/log/key", h.reviewLogKey)
	r.Get("/reviews/log/leaves", h.reviewLogLeaves)
	r.Get("/reviews/log/reviews", h.reviewLogStates)
	r.Get("/reviews/log/proof/inclusion", h.reviewLogInclusion)
	r.Get("/reviews/log/proof/consistency", h.reviewLogConsistency)
	r.Get("/reviews/log/receipt/:index", h.reviewLogReceipt)
}
