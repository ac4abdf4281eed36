package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// staffRemove takes a staff member off the shop (owners only).
func (h *Handler) staffRemove(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx := web.Ctx(c)
	staff, err := h.Merchants.ListStaff(ctx, merchantID(c))
	if err != nil {
		return err
	}
	for _, s := range staff {
		if s.ID == id {
			if err := h.Merchants.RemoveStaff(ctx, merchantID(c), web.Account(c).ID, s.AccountID); err != nil {
				return err
			}
			web.Flash(c, "success", "admin.staff.removed")
			return web.Redirect(c, "/admin/staff")
		}
	}
	return mall.NotFound("staff member")
}
