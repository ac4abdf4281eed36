package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// markStaff tells the visitor's navigation whether the signed-in account
// works for a shop, so it can offer the shop admin.
func (h *Handler) markStaff(c *fiber.Ctx) error {
	v := web.VisitorOf(c)
	if v.Account == nil || c.Method() != fiber.MethodGet {
		return c.Next()
	}
	staff, err := h.Merchants.StaffOf(c.UserContext(), v.Account.ID)
	if err != nil {
		return err
	}
	v.Account.IsStaff = len(staff) > 0
	return c.Next()
}
