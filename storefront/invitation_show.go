package storefront

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// staffRoleKeys names each staff role on pages.
var staffRoleKeys = map[merchants.StaffRoleName]string{
	merchants.RoleOwner:   "staff.role.owner",
	merchants.RoleManager: "staff.role.manager",
	merchants.RoleClerk:   "staff.role.clerk",
}

func (h *Handler) invitationShow(c *fiber.Ctx) error {
	view, err := h.invitationView(c)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, shopview.AccountInvitation(view))
}

// invitationView reads the invitation named in the path and what the
// visitor may do with it.
func (h *Handler) invitationView(c *fiber.Ctx) (shopview.InvitationView, error) {
	token := c.Params("token")
	ctx := web.Ctx(c)
	inv, err := h.Merchants.InvitationByToken(ctx, token)
	if err != nil {
		return shopview.InvitationView{}, err
	}
	m, err := h.Merchants.MerchantByID(ctx, inv.MerchantID)
	if err != nil {
		return shopview.InvitationView{}, err
	}
	view := shopview.InvitationView{Token: token, MerchantName: m.Name, RoleKey: staffRoleKeys[inv.Role], Email: inv.Email}
	if acct := web.Account(c); acct != nil {
		view.SignedIn = true
		view.EmailMatches = strings.EqualFold(acct.Email, inv.Email)
	}
	return view, nil
}

func (h *Handler) invitationAccept(c *fiber.Ctx) error {
	view, err := h.invitationView(c)
	if err != nil {
		return err
	}
	if err := h.Merchants.AcceptInvitation(web.Ctx(c), view.Token, web.Account(c).ID); err != nil {
		e := mall.AsError(err)
		if e == nil || e.Key == "" || mall.ErrorCode(err) == mall.EInternal {
			return err
		}
		view.ErrorKey = e.Key
		return web.Render(c, web.StatusOf(err), shopview.AccountInvitation(view))
	}
	web.Flash(c, "success", "invitation.accepted")
	return web.Redirect(c, "/admin")
}
