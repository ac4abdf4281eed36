package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// registerAccount mounts the shopper's account pages, the merchant
// application and staff invitations.
func (h *Handler) registerAccount(r fiber.Router) {
	r.Use(h.markStaff)
	r.Get("/account/sign-up", h.signUpForm)
	r.Post("/account/sign-up", h.Limits.SignUp.Handler, h.signUp)
	r.Get("/account/sign-in", h.signInForm)
	r.Post("/account/sign-in", h.signIn)
	r.Post("/account/sign-out", h.signOut)
	r.Get("/account/forgot-password", h.forgotPasswordForm)
	r.Post("/account/forgot-password", h.forgotPassword)
	r.Get("/account/forgot-password/sent", h.forgotPasswordSent)
	r.Get("/account/reset-password/:token", h.resetPasswordForm)
	r.Post("/account/reset-password/:token", h.resetPassword)
	r.Get("/account", web.RequireAccount, h.accountShow)
	r.Post("/account/locale", web.RequireAccount, h.accountLocale)
	r.Get("/sell", h.sellForm)
	r.Post("/sell", web.RequireAccount, h.Limits.Apply.Handler, h.sellApply)
	r.Get("/sell/thanks", web.RequireAccount, h.sellThanks)
	r.Get("/invitations/:token", h.invitationShow)
	r.Post("/invitations/:token", web.RequireAccount, h.invitationAccept)
}
