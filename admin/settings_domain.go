package admin

import (
	"context"
	"net"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// lookupTXT asks DNS for a name's TXT records, giving up after a while.
func lookupTXT(ctx context.Context, name string) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return net.DefaultResolver.LookupTXT(ctx, name)
}

// settingsDomain sets (or, when empty, clears) the shop's custom domain;
// it serves the storefront once verified.
func (h *Handler) settingsDomain(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	m := shopOf(c).Merchant
	host := strings.ToLower(strings.TrimSpace(c.FormValue("domain")))
	if _, err := h.Merchants.SetCustomDomain(ctx, m.ID, host); err != nil {
		fe := mall.Fields(err)
		if fe == nil {
			return err
		}
		v := settingsView(c, m)
		v.Domain, v.DomainErrors = host, fe
		if e, ok := fe["custom_domain"]; ok {
			v.DomainErrors["domain"] = e
		}
		return web.Render(c, fiber.StatusUnprocessableEntity, adminview.Settings(v))
	}
	web.Flash(c, "success", "admin.domain.saved")
	return web.Redirect(c, "/admin/settings")
}

// settingsDomainVerify looks for the shop's TXT record now.
func (h *Handler) settingsDomainVerify(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	m := shopOf(c).Merchant
	if _, err := h.Merchants.VerifyDomain(ctx, m.ID, lookupTXT); err != nil {
		e := mall.AsError(err)
		if e == nil || e.Code == mall.EInternal || e.Key == "" {
			return err
		}
		v := settingsView(c, m)
		v.DomainErrors = mall.FieldErrors{"domain": e}
		return web.Render(c, fiber.StatusUnprocessableEntity, adminview.Settings(v))
	}
	web.Flash(c, "success", "admin.domain.verified")
	return web.Redirect(c, "/admin/settings")
}
