package merchants

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// ApplyInput is what a person fills in to open a shop in the mall.
type ApplyInput struct {
	Name         string
	Slug         string
	Description  string
	ContactEmail string
}

// reservedSlugs are path segments and names the mall keeps for itself, so
// no shop can pose as a part of the mall.
var reservedSlugs = map[string]bool{
	"about": true, "account": true, "accounts": true, "admin": true, "api": true,
	"app": true, "assets": true, "auth": true, "billing": true, "blog": true,
	"cart": true, "checkout": true, "contact": true, "help": true, "healthz": true,
	"home": true, "invitation": true, "invitations": true, "legal": true, "locale": true,
	"login": true, "logout": true, "mail": true, "mall": true, "media": true,
	"merchant": true, "merchants": true, "new": true, "official": true, "operator": true,
	"orders": true, "privacy": true, "readyz": true, "register": true, "review": true,
	"reviews": true, "root": true, "s": true, "search": true, "security": true,
	"sell": true, "settings": true, "shop": true, "shops": true, "sign-in": true,
	"sign-out": true, "sign-up": true, "signin": true, "signup": true, "static": true,
	"status": true, "store": true, "stores": true, "support": true, "system": true,
	"terms": true, "webhooks": true, "www": true,
}

// ReservedSlug reports whether slug is kept for the mall itself.
func ReservedSlug(slug string) bool { return reservedSlugs[slug] }

func validateShopName(errs mall.FieldErrors, name string) {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		errs.Add("name", "merchants.error.name_required")
	case n > 120:
		errs.Add("name", "merchants.error.name_too_long")
	}
}

const maxDescription = 5000

// Apply files accountID's application for a shop: a pending merchant with
// the account as its owner, and the application in the merchant's log. The
// operator approves it before shoppers can visit.
func (s *Store) Apply(ctx context.Context, accountID int64, in ApplyInput) (*Merchant, error) {
	name := strings.TrimSpace(in.Name)
	slug := strings.ToLower(strings.TrimSpace(in.Slug))
	desc := strings.TrimSpace(in.Description)
	contact := normalizeEmail(in.ContactEmail)
	errs := mall.FieldErrors{}
	validateShopName(errs, name)
	switch {
	case slug == "":
		errs.Add("slug", "merchants.error.slug_required")
	case !mall.ValidSlug(slug):
		errs.Add("slug", "merchants.error.slug_invalid")
	case ReservedSlug(slug):
		errs.Add("slug", "merchants.error.slug_taken")
	}
	if utf8.RuneCountInString(desc) > maxDescription {
		errs.Add("description", "merchants.error.description_too_long")
	}
	if contact != "" && !validEmail(contact) {
		errs.Add("contact_email", "merchants.error.email_invalid")
	}
	if errs["slug"] == nil {
		taken, err := s.slugTaken(ctx, slug)
		if err != nil {
			return nil, err
		}
		if taken {
			errs.Add("slug", "merchants.error.slug_taken")
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	m := &Merchant{Slug: slug, Name: name, Description: desc, ContactEmail: contact, Status: MerchantPending, ThemeColor: "#2f5d50", Locale: "en"}
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := noOpenApplication(tx, accountID); err != nil {
			return err
		}
		// A new shop starts with the operator's default commission, which
		// the operator may still change before approving it.
		settings, err := mallSettings(tx)
		if err != nil {
			return err
		}
		bp := settings.DefaultCommissionBP
		m.CommissionBP = bp
		if contact == "" {
			email, _, err := accounts.EmailOf(tx, accountID)
			if err != nil {
				return err
			}
			m.ContactEmail = email
		}
		if err := tx.Create(m).Error; err != nil {
			return err
		}
		// gorm leaves a zero out of the INSERT for the column's default
		// (500): a default of 0 % is written on its own.
		if bp == 0 {
			if err := tx.Model(&Merchant{}).Where("id = ?", m.ID).Update("commission_bp", 0).Error; err != nil {
				return err
			}
			m.CommissionBP = 0
		}
		if err := tx.Create(&Staff{MerchantID: m.ID, AccountID: accountID, Role: RoleOwner}).Error; err != nil {
			return err
		}
		return s.logEvent(tx, m.ID, accountID, EventApplied, "")
	})
	if database.IsUniqueViolation(err) {
		return nil, mall.FieldErrors{"slug": mall.Invalid("slug", "merchants.error.slug_taken")}.Err()
	}
	if mall.ErrorCode(err) == mall.EConflict {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("merchants: apply for %q: %w", slug, err)
	}
	return m, nil
}

// ErrApplicationOpen is the answer to an application from an account whose
// earlier one still waits for the operator.
var ErrApplicationOpen = &mall.Error{Code: mall.EConflict, Key: "edge.sell.application_open"}

// applyLock keeps the applications of one account apart on PostgreSQL
// (a transaction lock on applyLock<<32 ^ account); SQLite's write
// transactions run one at a time anyway.
const applyLock int64 = 0x6170706c // "appl"

// noOpenApplication refuses a second application while accountID owns a
// shop the operator has not decided on: one account, one open application.
func noOpenApplication(tx *gorm.DB, accountID int64) error {
	if database.DialectOf(tx) == database.Postgres {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", applyLock<<32^accountID).Error; err != nil {
			return err
		}
	}
	var open int64
	err := tx.Model(&Merchant{}).
		Joins("JOIN staff_members ON staff_members.merchant_id = merchants.id").
		Where("staff_members.account_id = ? AND staff_members.role = ? AND merchants.status = ?", accountID, RoleOwner, MerchantPending).
		Count(&open).Error
	if err != nil {
		return err
	}
	if open > 0 {
		return ErrApplicationOpen
	}
	return nil
}

func (s *Store) slugTaken(ctx context.Context, slug string) (bool, error) {
	var n int64
	if err := s.conn(ctx).Model(&Merchant{}).Where("slug = ?", slug).Count(&n).Error; err != nil {
		return false, fmt.Errorf("merchants: check slug %q: %w", slug, err)
	}
	return n > 0, nil
}
