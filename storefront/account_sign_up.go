package storefront

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) signUpForm(c *fiber.Ctx) error {
	if web.Account(c) != nil {
		return web.Redirect(c, "/account")
	}
	return web.Render(c, fiber.StatusOK, shopview.AccountSignUp(shopview.SignUpView{Next: nextParam(c)}))
}

func (h *Handler) signUp(c *fiber.Ctx) error {
	in := accounts.SignUpInput{
		Name:     strings.TrimSpace(c.FormValue("name")),
		Email:    strings.TrimSpace(c.FormValue("email")),
		Password: c.FormValue("password"),
	}
	next := nextParam(c)
	acct, err := h.Accounts.SignUp(web.Ctx(c), in)
	if err != nil {
		if errs := mall.Fields(err); errs != nil {
			view := shopview.SignUpView{Name: in.Name, Email: in.Email, Next: next, Errors: errs}
			return web.Render(c, fiber.StatusUnprocessableEntity, shopview.AccountSignUp(view))
		}
		return err
	}
	if err := h.startSession(c, acct); err != nil {
		return err
	}
	if err := h.adoptGuestCart(c, acct.ID); err != nil {
		return err
	}
	web.Flash(c, "success", "account.sign_up.welcome")
	return web.Redirect(c, web.LocalPath(next, "/account"))
}

// nextParam is the local page to return to after signing in or up.
func nextParam(c *fiber.Ctx) string {
	next := c.FormValue("next")
	if next == "" {
		next = c.Query("next")
	}
	return web.LocalPath(next, "")
}
