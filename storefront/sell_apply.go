package storefront

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) sellForm(c *fiber.Ctx) error {
	view := shopview.SellView{}
	if acct := web.Account(c); acct != nil {
		view.SignedIn = true
		view.ContactEmail = acct.Email
	}
	return web.Render(c, fiber.StatusOK, shopview.AccountSell(view))
}

func (h *Handler) sellApply(c *fiber.Ctx) error {
	in := merchants.ApplyInput{
		Name:         strings.TrimSpace(c.FormValue("name")),
		Slug:         strings.ToLower(strings.TrimSpace(c.FormValue("slug"))),
		Description:  strings.TrimSpace(c.FormValue("description")),
		ContactEmail: strings.TrimSpace(c.FormValue("contact_email")),
	}
	m, err := h.Merchants.Apply(web.Ctx(c), web.Account(c).ID, in)
	if err != nil {
		if errs := mall.Fields(err); errs != nil {
			view := shopview.SellView{SignedIn: true, Name: in.Name, Slug: in.Slug, Description: in.Description, ContactEmail: in.ContactEmail, Errors: errs}
			return web.Render(c, fiber.StatusUnprocessableEntity, shopview.AccountSell(view))
		}
		return err
	}
	web.Flash(c, "success", "sell.flash.applied")
	return web.Redirect(c, "/sell/thanks?shop="+m.Slug)
}

// sellThanks confirms the application of one of the account's shops.
func (h *Handler) sellThanks(c *fiber.Ctx) error {
	name := ""
	if slug := c.Query("shop"); slug != "" {
		m, err := h.Merchants.MerchantBySlug(c.UserContext(), slug)
		if err == nil {
			if _, err := h.Merchants.StaffRole(c.UserContext(), m.ID, web.Account(c).ID); err == nil {
				name = m.Name
			}
		}
	}
	return web.Render(c, fiber.StatusOK, shopview.AccountSellThanks(name))
}
