package web

import (
	"context"
	"strings"
	"sync"
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
	TouchSession(ctx context.Context, sess *accounts.Session) (*accounts.Session, error)
}

// Signed-in visitors are looked up on every request; a lookup is kept in
// memory for sessionCacheTTL, so a shopper browsing the cached pages costs
// no database read on most of them. Signing out on this instance forgets
// the session at once; elsewhere (sign-out on another instance, "sign out
// everywhere", a changed name) it shows within sessionCacheTTL.
const (
	sessionCacheTTL  = 5 * time.Second
	sessionCacheSize = 10000
)

const localSessions = "mall.sessions"

type sessionCache struct {
	mu      sync.Mutex
	entries map[string]sessionEntry
	now     func() time.Time
}

type sessionEntry struct {
	acct  *accounts.Account
	sess  *accounts.Session
	until time.Time
}

func newSessionCache() *sessionCache {
	return &sessionCache{entries: map[string]sessionEntry{}, now: time.Now}
}

func (sc *sessionCache) get(token string) (sessionEntry, bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	e, ok := sc.entries[token]
	if !ok || !sc.now().Before(e.until) {
		return sessionEntry{}, false
	}
	return e, true
}

func (sc *sessionCache) put(token string, acct *accounts.Account, sess *accounts.Session) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if len(sc.entries) >= sessionCacheSize {
		now := sc.now()
		for t, e := range sc.entries {
			if !now.Before(e.until) {
				delete(sc.entries, t)
			}
		}
		if len(sc.entries) >= sessionCacheSize {
			sc.entries = map[string]sessionEntry{}
		}
	}
	sc.entries[strings.Clone(token)] = sessionEntry{acct: acct, sess: sess, until: sc.now().Add(sessionCacheTTL)}
}

// dropAccount forgets every session of the account.
func (sc *sessionCache) dropAccount(accountID int64) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	for t, e := range sc.entries {
		if e.acct.ID == accountID {
			delete(sc.entries, t)
		}
	}
}

func (sc *sessionCache) drop(token string) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	delete(sc.entries, token)
}

// loadSession puts the signed-in account, if any, on the request: from
// memory when it was looked up lately, else in one read. Only a request
// that changes something (not GET or HEAD) slides the session forward.
func loadSession(c *fiber.Ctx, sessions SessionStore, cache *sessionCache, v *templates.Visitor) error {
	token := c.Cookies(SessionCookie)
	if token == "" || sessions == nil {
		return nil
	}
	e, ok := cache.get(token)
	if !ok {
		acct, sess, err := sessions.SessionAccount(c.UserContext(), token)
		if err != nil {
			if mall.ErrorCode(err) == mall.ENotFound || mall.ErrorCode(err) == mall.EUnauthorized {
				clearSessionCookie(c)
				return nil
			}
			return err
		}
		e = sessionEntry{acct: acct, sess: sess}
		cache.put(token, acct, sess)
	}
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
	default:
		sess, err := sessions.TouchSession(c.UserContext(), e.sess)
		if err != nil {
			return err
		}
		if sess != e.sess {
			cache.put(token, e.acct, sess)
		}
	}
	acct := e.acct
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
	SetCookie(c, Cookie{Name: SessionCookie, Value: token, MaxAge: 30 * 24 * time.Hour})
	c.Locals(localAccount, acct)
	v := VisitorOf(c)
	v.Account = &templates.VisitorAccount{ID: acct.ID, Name: acct.Name, Email: acct.Email, IsOperator: acct.IsOperator}
	if loc, ok := i18n.Parse(acct.Locale); ok {
		v.Locale = loc
	}
	RotateCSRF(c)
}

// EndSession clears the session cookie, forgets the session on this
// instance and rotates the CSRF token.
func EndSession(c *fiber.Ctx) {
	if cache, ok := c.Locals(localSessions).(*sessionCache); ok {
		cache.drop(c.Cookies(SessionCookie))
	}
	clearSessionCookie(c)
	c.Locals(localAccount, nil)
	VisitorOf(c).Account = nil
	RotateCSRF(c)
}

func clearSessionCookie(c *fiber.Ctx) {
	ClearCookie(c, SessionCookie, "")
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
