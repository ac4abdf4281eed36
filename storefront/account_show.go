package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// merchantStatusKeys names each merchant status on pages.
var merchantStatusKeys = map[merchants.MerchantStatus]string{
	merchants.MerchantPending:   "merchant.status.pending",
	merchants.MerchantActive:    "merchant.status.active",
	merchants.MerchantSuspended: "merchant.status.suspended",
	merchants.MerchantRejected:  "merchant.status.rejected",
}

func (h *Handler) accountShow(c *fiber.Ctx) error {
	acct := web.Account(c)
	ctx := web.Ctx(c)
	staff, err := h.Merchants.StaffOf(ctx, acct.ID)
	if err != nil {
		return err
	}
	view := shopview.AccountView{Name: acct.Name, Email: acct.Email, IsOperator: acct.IsOperator, Locale: web.VisitorOf(c).Locale}
	if loc, ok := i18n.Parse(acct.Locale); ok {
		view.Locale = loc
	}
	for _, s := range staff {
		m, err := h.Merchants.MerchantByID(ctx, s.MerchantID)
		if err != nil {
			return err
		}
		view.Shops = append(view.Shops, shopview.AccountShop{Name: m.Name, Slug: m.Slug, StatusKey: merchantStatusKeys[m.Status]})
	}
	return web.Render(c, fiber.StatusOK, shopview.AccountShow(view))
}

// accountLocale saves the account's language: the admin and emails use
// it, and this browser remembers it for the mall's pages.
func (h *Handler) accountLocale(c *fiber.Ctx) error {
	loc, ok := i18n.Parse(c.FormValue("locale"))
	if !ok {
		return fiber.ErrBadRequest
	}
	if err := h.Accounts.SetLocale(c.UserContext(), web.Account(c).ID, string(loc)); err != nil {
		return err
	}
	web.RememberLocale(c, loc)
	web.Flash(c, "success", "account.locale.saved")
	return web.Redirect(c, "/account")
}
