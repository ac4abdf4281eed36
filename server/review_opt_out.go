package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/reviews"
)

// reviewOneClickOptOut is RFC 8058's one-click unsubscribe for review
// requests. The mail provider POSTs "List-Unsubscribe=One-Click" with no
// session and no CSRF token, so the route sits before them, like Stripe's
// webhook: the signed token in the path is the only proof, and a forged
// one changes nothing. A GET of the same URL (web.Install's side) only
// shows the page with the button.
func reviewOneClickOptOut(s *reviews.Store, secret []byte) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if s == nil {
			return c.Status(fiber.StatusNotFound).SendString("not found")
		}
		if c.FormValue("List-Unsubscribe") != "One-Click" {
			return c.Status(fiber.StatusBadRequest).SendString("the body must be List-Unsubscribe=One-Click (RFC 8058)")
		}
		err := s.OptOutByToken(c.UserContext(), secret, c.Params("token"))
		if mall.ErrorCode(err) == mall.ENotFound {
			return c.Status(fiber.StatusNotFound).SendString("not found")
		}
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusOK).SendString("unsubscribed from review requests")
	}
}
