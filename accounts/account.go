package accounts

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// Account is a person who signs in: a shopper, a merchant's staff member or
// an operator of the mall. What a merchant knows of a shopper lives in that
// merchant's own records, not here.
type Account struct {
	ID int64 `gorm:"primaryKey"`
	// Email is stored trimmed and lower-cased; it is unique in the mall.
	Email        string `gorm:"size:254;not null;uniqueIndex:accounts_email"`
	Name         string `gorm:"size:120;not null"`
	PasswordHash string `gorm:"size:255;not null" json:"-"`
	IsOperator   bool   `gorm:"not null;default:false"`
	// Locale is the preferred language of the admin and of emails: "" (none
	// chosen), "en" or "zh-Hans".
	Locale       string `gorm:"size:16;not null;default:''"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
	LastSignInAt *time.Time
}

// Store reads and writes accounts, sessions and failed-login counters.
type Store struct {
	mall.Clock
	db *gorm.DB
	// onChange are told, after the write, of a change to an account or
	// its sessions (see OnChange).
	onChange []func(accountID int64)
	// Throttle limits failed sign-ins; tests may change it before use.
	Throttle Throttle
}

// NewStore returns a Store on db with the default sign-in limits.
func NewStore(db *gorm.DB) *Store { return &Store{db: db, Throttle: DefaultThrottle} }

func (s *Store) conn(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

// OnChange registers fn to be called after a write that changes what a
// session's lookup returns: the account's language, its password, its
// sessions ended. Session caches use it to forget the account at once.
// Register before serving; fn must be quick.
func (s *Store) OnChange(fn func(accountID int64)) { s.onChange = append(s.onChange, fn) }

func (s *Store) changed(accountID int64) {
	for _, fn := range s.onChange {
		fn(accountID)
	}
}

// NormalizeEmail is the form in which emails are stored and looked up.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// ValidEmail reports whether email (already normalised) is a plain address
// such as name@example.com, without a display name or angle brackets.
func ValidEmail(email string) bool {
	if len(email) > 254 || strings.ContainsAny(email, " <>\"") {
		return false
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || addr.Name != "" {
		return false
	}
	at := strings.LastIndexByte(email, '@')
	return at > 0 && strings.Contains(email[at+1:], ".") && !strings.HasSuffix(email, ".")
}

func validateName(errs mall.FieldErrors, name string) {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		errs.Add("name", "accounts.error.name_required")
	case n > 120:
		errs.Add("name", "accounts.error.name_too_long")
	}
}

// AccountByID returns one account.
func (s *Store) AccountByID(ctx context.Context, id int64) (*Account, error) {
	var a Account
	if err := s.conn(ctx).First(&a, "id = ?", id).Error; err != nil {
		return nil, database.NotFound(err, "account")
	}
	return &a, nil
}

// AccountByEmail returns the account with email, in any letter case.
func (s *Store) AccountByEmail(ctx context.Context, email string) (*Account, error) {
	var a Account
	if err := s.conn(ctx).First(&a, "email = ?", NormalizeEmail(email)).Error; err != nil {
		return nil, database.NotFound(err, "account")
	}
	return &a, nil
}

// SetLocale saves the account's preferred language: "", "en" or "zh-Hans".
func (s *Store) SetLocale(ctx context.Context, accountID int64, locale string) error {
	switch locale {
	case "", "en", "zh-Hans":
	default:
		return mall.Invalid("locale", "accounts.error.locale_invalid")
	}
	res := s.conn(ctx).Model(&Account{}).Where("id = ?", accountID).Update("locale", locale)
	if res.Error != nil {
		return fmt.Errorf("accounts: set locale of %d: %w", accountID, res.Error)
	}
	if res.RowsAffected == 0 {
		return mall.NotFound("account")
	}
	s.changed(accountID)
	return nil
}

// EmailOf returns the email of an account, read through db (the caller's
// transaction or connection); found is false when there is no such
// account.
func EmailOf(db *gorm.DB, accountID int64) (email string, found bool, err error) {
	var emails []string
	if err := db.Model(&Account{}).Where("id = ?", accountID).Pluck("email", &emails).Error; err != nil {
		return "", false, fmt.Errorf("accounts: email of %d: %w", accountID, err)
	}
	if len(emails) == 0 {
		return "", false, nil
	}
	return emails[0], true, nil
}

// IsOperator reports whether accountID runs the mall, read through db.
func IsOperator(db *gorm.DB, accountID int64) (bool, error) {
	var n int64
	if err := db.Model(&Account{}).Where("id = ? AND is_operator = ?", accountID, true).Count(&n).Error; err != nil {
		return false, fmt.Errorf("accounts: check operator %d: %w", accountID, err)
	}
	return n == 1, nil
}
