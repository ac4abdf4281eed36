package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// markStaff tells the visitor's navigation whether the signed-in account
// works for a shop, so it can offer the shop admin.
func (h *Handler) markStaff(c *fiber.Ctx) error {
	v := web.VisitorOf(c)
	if v.Account == nil {
		return c.Next()
	}
	id := v.Account.ID
	if c.Method() != fiber.MethodGet {
		// Accepting an invitation makes staff: forget what was known.
		err := c.Next()
		h.staff.drop(id)
		return err
	}
	isStaff, ok := h.staff.get(id)
	if !ok {
		staff, err := h.Merchants.StaffOf(c.UserContext(), id)
		if err != nil {
			return err
		}
		isStaff = len(staff) > 0
		h.staff.put(id, isStaff)
	}
	v.Account.IsStaff = isStaff
	return c.Next()
}
