package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// staffInviteCancel withdraws an invitation not yet accepted (owners only).
func (h *Handler) staffInviteCancel(c *fiber.Ctx) error {
	if !isOwner(c) {
		return mall.NotFound("page")
	}
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	if err := h.Merchants.CancelInvitation(web.Ctx(c), merchantID(c), id); err != nil {
		return err
	}
	web.Flash(c, "success", "admin.staff.invite_cancelled")
	return web.Redirect(c, "/admin/staff")
}
