package storefront

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/web"
)

// placedCookie lets the browser that placed a checkout see it for a while
// even when it is no longer the cart's owner (a guest who signs in after
// paying, a return from Stripe after the cart cookie was lost).
const placedCookie = "mall_checkout"

// placedCookieAge covers paying by card (the checkout expires in 30
// minutes by default) with room to spare.
const placedCookieAge = 2 * time.Hour

func (h *Handler) placedMAC(publicID string) string {
	m := hmac.New(sha256.New, h.Secret)
	m.Write([]byte("storefront.placed:" + publicID))
	return hex.EncodeToString(m.Sum(nil))
}

// rememberCheckout gives this browser a signed, short-lived cookie naming
// the checkout it just placed.
func (h *Handler) rememberCheckout(c *fiber.Ctx, publicID string) {
	if len(h.Secret) == 0 {
		return
	}
	web.SetCookie(c, web.Cookie{Name: placedCookie, Value: publicID + "." + h.placedMAC(publicID), MaxAge: placedCookieAge})
}

// placedHere reports whether this browser placed the checkout publicID.
func (h *Handler) placedHere(c *fiber.Ctx, publicID string) bool {
	if len(h.Secret) == 0 {
		return false
	}
	id, mac, ok := strings.Cut(c.Cookies(placedCookie), ".")
	return ok && id == publicID && hmac.Equal([]byte(mac), []byte(h.placedMAC(publicID)))
}

// maySeeCheckout reports whether the visitor may see co: the account or
// the guest cart that placed it, the browser that placed it, or anyone
// with the signed link.
func (h *Handler) maySeeCheckout(c *fiber.Ctx, co *orders.Checkout) bool {
	if a := web.Account(c); a != nil && co.OwnedBy(orders.CartOwner{AccountID: a.ID}) {
		return true
	}
	if token := c.Cookies(cartCookie); token != "" && co.OwnedBy(orders.CartOwner{Token: token}) {
		return true
	}
	if h.placedHere(c, co.PublicID) {
		return true
	}
	sig := c.Query("sig")
	return sig != "" && orders.CheckLinkSignature(h.Secret, co.PublicID, sig)
}

// checkoutFor is the checkout named in the path when the visitor may see
// it; anyone else is told it does not exist.
func (h *Handler) checkoutFor(c *fiber.Ctx) (*orders.Checkout, error) {
	publicID := c.Params("public_id")
	co, err := h.Orders.CheckoutByPublicID(web.Ctx(c), publicID)
	if err != nil {
		return nil, err
	}
	if !h.maySeeCheckout(c, co) {
		return nil, mall.NotFound("checkout")
	}
	return co, nil
}
