package admin

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// staffInvite invites someone by email to work for the shop (owners only).
func (h *Handler) staffInvite(c *fiber.Ctx) error {
	email := strings.TrimSpace(c.FormValue("email"))
	role := c.FormValue("role")
	errs := mall.FieldErrors{}
	if _, ok := adminview.StaffRoleKeys[role]; !ok {
		errs.Add("role", "admin.staff.error.role_invalid")
	}
	if len(errs) == 0 {
		token, err := h.Merchants.Invite(web.Ctx(c), merchantID(c), web.Account(c).ID, email, merchants.StaffRoleName(role))
		if err == nil {
			// The link is shown now, on the page that answers the POST:
			// only its hash is stored, so no later page can show it.
			v, err := h.staffView(c)
			if err != nil {
				return err
			}
			v.NewLink = h.invitationLink(token)
			return web.Render(c, fiber.StatusCreated, adminview.Staff(v))
		}
		if !mergeFieldErrors(errs, err) {
			return err
		}
	}
	v, err := h.staffView(c)
	if err != nil {
		return err
	}
	v.Email, v.Role, v.Errors = email, role, errs
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.Staff(v))
}
