package admin

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// settingsSave saves the shop's name, description, logo, colour, language
// and contact email.
func (h *Handler) settingsSave(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	m := shopOf(c).Merchant
	in := merchants.SettingsInput{
		Name:         strings.TrimSpace(c.FormValue("name")),
		Description:  strings.TrimSpace(c.FormValue("description")),
		ThemeColor:   strings.TrimSpace(c.FormValue("theme_color")),
		Locale:       c.FormValue("locale"),
		BothLocales:  c.FormValue("both_locales") != "",
		ContactEmail: strings.TrimSpace(c.FormValue("contact_email")),
		LogoPath:     m.LogoPath,
	}
	errs := mall.FieldErrors{}
	if in.Name == "" {
		errs.Add("name", "admin.settings.error.name_required")
	}
	if !mall.ValidColor(in.ThemeColor) {
		errs.Add("theme_color", "admin.settings.error.color_invalid")
	}
	if loc, ok := i18n.Parse(in.Locale); ok {
		in.Locale = string(loc)
	} else {
		errs.Add("locale", "admin.error.locale")
	}
	if len(errs) == 0 {
		img, imgErr, err := h.saveUpload(ctx, c, "logo")
		if err != nil {
			return err
		}
		if imgErr != nil {
			errs["logo"] = imgErr
		} else {
			if img != nil {
				in.LogoPath = img.Key
			}
			if _, err := h.Merchants.UpdateSettings(ctx, m.ID, in); err == nil {
				web.Flash(c, "success", "admin.settings.saved")
				return web.Redirect(c, "/admin/settings")
			} else if !mergeFieldErrors(errs, err) {
				return err
			}
		}
	}
	v := settingsView(c, m)
	v.Name, v.Description, v.ThemeColor = in.Name, in.Description, in.ThemeColor
	v.Locale, v.BothLocales, v.ContactEmail = in.Locale, in.BothLocales, in.ContactEmail
	v.Errors = errs
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.Settings(v))
}
