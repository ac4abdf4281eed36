package storefront

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// forgotPasswordForm asks for the email of the account to reset.
func (h *Handler) forgotPasswordForm(c *fiber.Ctx) error {
	return web.Render(c, fiber.StatusOK, shopview.ForgotPassword(shopview.ForgotPasswordView{}))
}

// forgotPassword emails a reset link when the email has an account and
// answers the same when it has none: the link goes out after the
// response, so neither the page nor its timing tells the two apart.
func (h *Handler) forgotPassword(c *fiber.Ctx) error {
	email := strings.TrimSpace(c.FormValue("email"))
	token, acct, err := h.Accounts.RequestPasswordReset(web.Ctx(c), email, c.IP())
	if err != nil {
		view := shopview.ForgotPasswordView{Email: email}
		switch mall.ErrorCode(err) {
		case mall.ETooMany:
			view.ErrorKey = "reset.forgot.too_many"
			return web.Render(c, fiber.StatusTooManyRequests, shopview.ForgotPassword(view))
		case mall.EInvalid:
			view.Errors = mall.Fields(err)
			return web.Render(c, fiber.StatusUnprocessableEntity, shopview.ForgotPassword(view))
		}
		return err
	}
	if acct != nil {
		loc := web.VisitorOf(c).Locale
		if l, ok := i18n.Parse(acct.Locale); ok {
			loc = l
		}
		m := h.passwordResetMessage(loc, acct, h.absURL("/account/reset-password/"+token))
		go h.sendPasswordReset(m)
	}
	return web.Redirect(c, "/account/forgot-password/sent")
}

func (h *Handler) forgotPasswordSent(c *fiber.Ctx) error {
	return web.Render(c, fiber.StatusOK, shopview.ForgotPasswordSent())
}

// passwordResetMessage is the email carrying the link.
func (h *Handler) passwordResetMessage(loc i18n.Locale, acct *accounts.Account, link string) mail.Message {
	t := func(key string, args ...any) string { return i18n.Translate(loc, key, args...) }
	mallName := h.Site.Name
	if mallName == "" {
		mallName = strings.TrimPrefix(strings.TrimPrefix(h.Site.BaseURL, "https://"), "http://")
	}
	var b strings.Builder
	for _, line := range []string{
		t("email.greeting", "Name", acct.Name), "",
		t("reset.email.intro", "Mall", mallName), "",
		link, "",
		t("reset.email.expiry", "Minutes", int(accounts.PasswordResetTTL/time.Minute)),
		t("reset.email.ignore"),
	} {
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return mail.Message{To: acct.Email, Subject: t("reset.email.subject", "Mall", mallName), Text: b.String()}
}

// sendPasswordReset sends m, bounded in time; a failure is logged (the
// person can ask again).
func (h *Handler) sendPasswordReset(m mail.Message) {
	if h.Mail == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := h.Mail.Send(ctx, m); err != nil {
		slog.Error("send password reset email", "err", err)
	}
}

// resetPasswordForm is the page behind the emailed link.
func (h *Handler) resetPasswordForm(c *fiber.Ctx) error {
	keepLinkPrivate(c)
	token := c.Params("token")
	if err := h.Accounts.CheckPasswordReset(web.Ctx(c), token); err != nil {
		if mall.ErrorCode(err) != mall.EInvalid {
			return err
		}
		return web.Render(c, fiber.StatusNotFound, shopview.ResetPassword(shopview.ResetPasswordView{Invalid: true}))
	}
	return web.Render(c, fiber.StatusOK, shopview.ResetPassword(shopview.ResetPasswordView{Token: token}))
}

// resetPassword sets the new password; every session of the account ends,
// this browser's too, and the person signs in with the new one.
func (h *Handler) resetPassword(c *fiber.Ctx) error {
	keepLinkPrivate(c)
	token := c.Params("token")
	_, err := h.Accounts.ResetPassword(web.Ctx(c), token, c.FormValue("password"))
	if err != nil {
		if errs := mall.Fields(err); errs != nil {
			return web.Render(c, fiber.StatusUnprocessableEntity, shopview.ResetPassword(shopview.ResetPasswordView{Token: token, Errors: errs}))
		}
		if mall.ErrorCode(err) == mall.EInvalid {
			return web.Render(c, fiber.StatusNotFound, shopview.ResetPassword(shopview.ResetPasswordView{Invalid: true}))
		}
		return err
	}
	web.EndSession(c)
	web.Flash(c, "success", "reset.new.done")
	return web.Redirect(c, "/account/sign-in")
}

// keepLinkPrivate keeps the token in the page's address out of caches
// and of the Referer sent to other sites.
func keepLinkPrivate(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("Referrer-Policy", "no-referrer")
}
