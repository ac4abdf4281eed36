package storefront

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/web"
)

// cartCookie carries a guest's cart token; a signed-in shopper's cart is
// found by the account instead.
const cartCookie = "mall_cart"

// cartCookieAge is how long a guest's cart is remembered in the browser.
const cartCookieAge = 90 * 24 * time.Hour

// cartOwner is whose cart this request works on: the signed-in account,
// or the guest named by the cart cookie (an empty owner when neither).
func cartOwner(c *fiber.Ctx) orders.CartOwner {
	if a := web.Account(c); a != nil {
		return orders.CartOwner{AccountID: a.ID}
	}
	return orders.CartOwner{Token: c.Cookies(cartCookie)}
}

// ensureCartOwner is cartOwner, giving a guest without a cart cookie a
// new token first (when they put something in a cart).
func ensureCartOwner(c *fiber.Ctx) orders.CartOwner {
	owner := cartOwner(c)
	if owner.AccountID == 0 && owner.Token == "" {
		owner.Token = orders.NewCartToken()
		web.SetCookie(c, web.Cookie{Name: cartCookie, Value: owner.Token, MaxAge: cartCookieAge})
	}
	return owner
}

// adoptGuestCart moves the guest cart of this browser into the account
// that just signed in or up, and forgets the guest token.
func (h *Handler) adoptGuestCart(c *fiber.Ctx, accountID int64) error {
	token := c.Cookies(cartCookie)
	if token == "" {
		return nil
	}
	if err := h.Orders.MergeGuestCart(c.UserContext(), token, accountID); err != nil {
		return err
	}
	web.ClearCookie(c, cartCookie, "")
	return nil
}

// loadCartCount puts the number of items in the visitor's cart in the
// header's cart link. Only visitors who may have a cart (signed in, or
// with a cart cookie) cost a query; the count is a per-visitor part that
// cached pages get spliced in.
// The count is kept briefly in memory (see visitor_cache.go); a request of
// the visitor's that may change the cart forgets it, for the owner before
// and after it (signing in moves a guest's cart into the account).
func (h *Handler) loadCartCount(c *fiber.Ctx) error {
	owner := cartOwner(c)
	if c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead {
		err := c.Next()
		h.cartCounts.drop(owner)
		h.cartCounts.drop(cartOwner(c))
		return err
	}
	if owner.AccountID == 0 && owner.Token == "" {
		return c.Next()
	}
	n, ok := h.cartCounts.get(owner)
	if !ok {
		var err error
		if n, err = h.Orders.CartCount(c.UserContext(), owner); err != nil {
			return err
		}
		h.cartCounts.put(owner, n)
	}
	web.VisitorOf(c).CartCount = n
	return c.Next()
}
