package admin

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

func (h *Handler) settingsShow(c *fiber.Ctx) error {
	return web.Render(c, fiber.StatusOK, adminview.Settings(settingsView(c, shopOf(c).Merchant)))
}

// settingsView fills the settings page from the stored shop.
func settingsView(c *fiber.Ctx, m *merchants.Merchant) adminview.SettingsView {
	v := adminview.SettingsView{
		Shop: frameShop(c), Name: m.Name, Description: m.Description, ThemeColor: m.ThemeColor,
		Locale: m.Locale, BothLocales: m.BothLocales, ContactEmail: m.ContactEmail,
		CanExport: merchants.Can(shopOf(c).Role, merchants.PermExport),
	}
	if m.LogoPath != "" {
		v.LogoURL = media.URL(m.LogoPath, media.SizeThumb)
	}
	fillDomain(&v, m)
	return v
}

func fillDomain(v *adminview.SettingsView, m *merchants.Merchant) {
	v.Domain, v.DomainToken = m.CustomDomain, m.DomainToken
	switch {
	case m.CustomDomain == "":
		v.DomainStatus = "none"
	case m.DomainVerifiedAt == nil:
		v.DomainStatus = "unverified"
	default:
		v.DomainStatus = "verified"
	}
}
