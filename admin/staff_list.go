package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) staffList(c *fiber.Ctx) error {
	v, err := h.staffView(c)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.Staff(v))
}

// staffView lists the shop's staff and, for owners, the invitations still
// open (their links were emailed).
func (h *Handler) staffView(c *fiber.Ctx) (adminview.StaffView, error) {
	ctx := web.Ctx(c)
	mid := merchantID(c)
	v := adminview.StaffView{Shop: frameShop(c), CanManage: can(c, merchants.PermStaff), Role: "clerk"}
	staff, err := h.Merchants.ListStaff(ctx, mid)
	if err != nil {
		return v, err
	}
	for _, s := range staff {
		v.Staff = append(v.Staff, adminview.StaffRow{
			ID: s.ID, Name: s.AccountName, Email: s.AccountEmail, Role: string(s.Role), Self: s.AccountID == web.Account(c).ID,
		})
	}
	if !v.CanManage {
		return v, nil
	}
	invs, err := h.Merchants.ListInvitations(ctx, mid)
	if err != nil {
		return v, err
	}
	for _, inv := range invs {
		v.Invitations = append(v.Invitations, adminview.InvitationRow{
			ID: inv.ID, Email: inv.Email, Role: string(inv.Role), Expires: inv.ExpiresAt,
		})
	}
	return v, nil
}

// invitationLink is the address an invited person opens to join the shop.
func (h *Handler) invitationLink(token string) string {
	return h.Site.BaseURL + "/invitations/" + token
}
