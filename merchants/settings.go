package merchants

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// SettingsInput is what a shop's owner edits about the storefront.
type SettingsInput struct {
	Name        string
	Description string
	// ThemeColor is a #rrggbb colour.
	ThemeColor string
	// Locale is "en" or "zh-Hans"; with BothLocales shoppers may switch.
	Locale       string
	BothLocales  bool
	ContactEmail string
	// LogoPath is the media key of the logo ("" for none).
	LogoPath string
}

// UpdateSettings saves merchantID's storefront settings and returns the
// merchant as saved.
func (s *Store) UpdateSettings(ctx context.Context, merchantID int64, in SettingsInput) (*Merchant, error) {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	in.ThemeColor = strings.ToLower(strings.TrimSpace(in.ThemeColor))
	in.ContactEmail = normalizeEmail(in.ContactEmail)
	in.LogoPath = strings.TrimSpace(in.LogoPath)
	errs := mall.FieldErrors{}
	validateShopName(errs, in.Name)
	if utf8.RuneCountInString(in.Description) > maxDescription {
		errs.Add("description", "merchants.error.description_too_long")
	}
	if !mall.ValidColor(in.ThemeColor) {
		errs.Add("theme_color", "merchants.error.color_invalid")
	}
	if in.Locale != "en" && in.Locale != "zh-Hans" {
		errs.Add("locale", "merchants.error.locale_invalid")
	}
	if in.ContactEmail != "" && !validEmail(in.ContactEmail) {
		errs.Add("contact_email", "merchants.error.email_invalid")
	}
	if len(in.LogoPath) > 255 || strings.Contains(in.LogoPath, "..") {
		errs.Add("logo", "merchants.error.logo_invalid")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	res := s.conn(ctx).Model(&Merchant{}).Where("id = ?", merchantID).Updates(map[string]any{
		"name": in.Name, "description": in.Description, "theme_color": in.ThemeColor,
		"locale": in.Locale, "both_locales": in.BothLocales, "contact_email": in.ContactEmail,
		"logo_path": in.LogoPath,
	})
	if res.Error != nil {
		return nil, fmt.Errorf("merchants: update settings of %d: %w", merchantID, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, database.NotFound(errNoRows, "merchant")
	}
	s.changed(merchantID)
	return s.MerchantByID(ctx, merchantID)
}
