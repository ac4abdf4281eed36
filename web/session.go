package web

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates"
)

// SessionCookie names the cookie that carries the session token.
const SessionCookie = "mall_session"

const localAccount = "mall.account"

// SessionStore is what the web layer needs of the accounts store.
type SessionStore interface {
	SessionAccount(ctx context.Context, token string) (*accounts.Account, *accounts.Session, error)
}

func loadSession(c *fiber.Ctx, sessions SessionStore, v *templates.Visitor) error {
	token := c.Cookies(SessionCookie)
	if token == "" || sessions == nil {
		return nil
	}
	acct, _, err := sessions.SessionAccount(c.UserContext(), token)
	if err != nil {
		if mall.ErrorCode(err) == mall.ENotFound || mall.ErrorCode(err) == mall.EUnauthorized {
			clearSessionCookie(c)
			return nil
		}
		return err
	}
	c.Locals(localAccount, acct)
	v.Account = &templates.VisitorAccount{ID: acct.ID, Name: acct.Name, Email: acct.Email, IsOperator: acct.IsOperator}
	return nil
}

// Account returns the signed-in account, or nil.
func Account(c *fiber.Ctx) *accounts.Account {
	a, _ := c.Locals(localAccount).(*accounts.Account)
	return a
}

// StartSession sets the session cookie after sign-in and rotates the CSRF
// token, so nothing an attacker planted before sign-in survives it.
func StartSession(c *fiber.Ctx, token string, acct *accounts.Account) {
	cfg := ConfigOf(c)
	c.Cookie(&fiber.Cookie{
		Name: SessionCookie, Value: token, Path: "/", HTTPOnly: true,
		Secure: cfg.SecureCookies, SameSite: fiber.CookieSameSiteLaxMode,
		Expires: time.Now().Add(30 * 24 * time.Hour),
	})
	c.Locals(localAccount, acct)
	v := VisitorOf(c)
	v.Account = &templates.VisitorAccount{ID: acct.ID, Name: acct.Name, Email: acct.Email, IsOperator: acct.IsOperator}
	if loc, ok := i18n.Parse(acct.Locale); ok {
		v.Locale = loc
	}
	RotateCSRF(c)
}

// EndSession clears the session cookie and rotates the CSRF token.
func EndSession(c *fiber.Ctx) {
	clearSessionCookie(c)
	c.Locals(localAccount, nil)
	VisitorOf(c).Account = nil
	RotateCSRF(c)
}

func clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name: SessionCookie, Value: "", Path: "/", HTTPOnly: true,
		Secure: ConfigOf(c).SecureCookies, SameSite: fiber.CookieSameSiteLaxMode,
		Expires: time.Unix(1, 0), MaxAge: -1,
	})
}

// RequireAccount answers pages that need a signed-in account: visitors who
// are not signed in are sent to the sign-in page and brought back after.
func RequireAccount(c *fiber.Ctx) error {
	if Account(c) == nil {
		return c.Redirect("/account/sign-in?next="+urlQueryEscape(VisitorOf(c).Path), fiber.StatusSeeOther)
	}
	return c.Next()
}

// RequireOperator lets only the mall's operators through; any other
// signed-in account is refused as staff without a right are.
func RequireOperator(c *fiber.Ctx) error {
	a := Account(c)
	if a == nil {
		return c.Redirect("/account/sign-in?next="+urlQueryEscape(VisitorOf(c).Path), fiber.StatusSeeOther)
	}
	if !a.IsOperator {
		return ErrOperatorsOnly
	}
	return c.Next()
}

// ErrOperatorsOnly answers a signed-in account that is not an operator of
// the mall asking for the operator console.
var ErrOperatorsOnly = &mall.Error{Code: mall.EForbidden, Key: "roles.error.operators_only", Message: "operators only"}
