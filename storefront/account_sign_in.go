package storefront

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) signInForm(c *fiber.Ctx) error {
	if a := web.Account(c); a != nil {
		home, err := h.landing(c, a.ID, a.IsOperator)
		if err != nil {
			return err
		}
		return web.Redirect(c, web.LocalPath(nextParam(c), home))
	}
	return web.Render(c, fiber.StatusOK, shopview.AccountSignIn(shopview.SignInView{Next: nextParam(c)}))
}

func (h *Handler) signIn(c *fiber.Ctx) error {
	email := strings.TrimSpace(c.FormValue("email"))
	next := nextParam(c)
	acct, err := h.Accounts.Authenticate(web.Ctx(c), email, c.FormValue("password"), web.ClientIP(c))
	if err != nil {
		view := shopview.SignInView{Email: email, Next: next}
		switch mall.ErrorCode(err) {
		case mall.ETooMany:
			view.ErrorKey = "account.sign_in.too_many"
			return web.Render(c, fiber.StatusTooManyRequests, shopview.AccountSignIn(view))
		case mall.EUnauthorized, mall.ENotFound, mall.EInvalid:
			// One message for an unknown email and a wrong password.
			view.ErrorKey = "account.sign_in.failed"
			return web.Render(c, fiber.StatusUnauthorized, shopview.AccountSignIn(view))
		}
		return err
	}
	if err := h.startSession(c, acct); err != nil {
		return err
	}
	if err := h.adoptGuestCart(c, acct.ID); err != nil {
		return err
	}
	web.Flash(c, "success", "account.sign_in.welcome_back")
	home, err := h.landing(c, acct.ID, acct.IsOperator)
	if err != nil {
		return err
	}
	return web.Redirect(c, web.LocalPath(next, home))
}

// landing is where an account goes after signing in when no page asked
// for it: operators to their console, staff to their shop's admin,
// shoppers to their account.
func (h *Handler) landing(c *fiber.Ctx, accountID int64, operator bool) (string, error) {
	if operator {
		return "/operator", nil
	}
	staff, err := h.Merchants.StaffOf(web.Ctx(c), accountID)
	if err != nil {
		return "", err
	}
	if len(staff) > 0 {
		return "/admin", nil
	}
	return "/account", nil
}

// startSession stores a new session for acct and hands its token to the
// browser (a new id on every sign-in: no session fixation).
func (h *Handler) startSession(c *fiber.Ctx, acct *accounts.Account) error {
	token, _, err := h.Accounts.CreateSession(c.UserContext(), acct.ID, c.Get(fiber.HeaderUserAgent), web.ClientIP(c))
	if err != nil {
		return err
	}
	web.StartSession(c, token, acct)
	return nil
}
