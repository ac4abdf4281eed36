package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// PasswordResetTTL is how long an emailed password reset link works.
const PasswordResetTTL = time.Hour

// Limits on asking for reset links, per email and per client address,
// within the Throttle's window: enough for a person who mistyped, too few
// to flood someone's inbox.
const (
	resetsPerEmail = 3
	resetsPerIP    = 10
)

// passwordReset is a row of password_resets.
type passwordReset struct {
	TokenHash string `gorm:"primaryKey"`
	AccountID int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

func (passwordReset) TableName() string { return "password_resets" }

var errResetLink = &mall.Error{Code: mall.EInvalid, Key: "accounts.error.reset_link_invalid"}

// RequestPasswordReset makes a single-use reset link for the account with
// email. It returns the token for the link and the account, or ("", nil,
// nil) when no account has that email: the caller answers the same either
// way. Requests are counted per email and per client address whether or
// not the account exists; over the limit is an ETooMany error.
func (s *Store) RequestPasswordReset(ctx context.Context, email, ip string) (string, *Account, error) {
	email = NormalizeEmail(email)
	if !ValidEmail(email) {
		return "", nil, mall.FieldErrors{"email": mall.Invalid("email", "accounts.error.email_invalid")}.Err()
	}
	if err := s.countAttempt(ctx, "reset:"+email, resetsPerEmail); err != nil {
		return "", nil, err
	}
	if ip != "" {
		if err := s.countAttempt(ctx, "resetip:"+ip, resetsPerIP); err != nil {
			return "", nil, err
		}
	}
	var a Account
	err := s.conn(ctx).First(&a, "email = ?", email).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("accounts: reset for %s: %w", email, err)
	}
	token := mall.NewToken(32)
	now := s.Now()
	row := passwordReset{TokenHash: mall.HashToken(token), AccountID: a.ID, CreatedAt: now, ExpiresAt: now.Add(PasswordResetTTL)}
	if err := s.conn(ctx).Create(&row).Error; err != nil {
		return "", nil, fmt.Errorf("accounts: store reset of %d: %w", a.ID, err)
	}
	return token, &a, nil
}

// CheckPasswordReset reports whether token is a reset link that still
// works (unused, not expired): an EInvalid error otherwise.
func (s *Store) CheckPasswordReset(ctx context.Context, token string) error {
	if token == "" || len(token) > 128 {
		return errResetLink
	}
	var n int64
	err := s.conn(ctx).Model(&passwordReset{}).
		Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", mall.HashToken(token), s.Now()).Count(&n).Error
	if err != nil {
		return fmt.Errorf("accounts: check reset: %w", err)
	}
	if n == 0 {
		return errResetLink
	}
	return nil
}

// ResetPassword sets a new password through the link's token: the token
// is used up (a conditional update, so of two submits one wins), every
// other reset link of the account is dropped, every session of the
// account ends and its failed sign-ins are forgotten. A bad password is a
// field error and uses nothing up.
func (s *Store) ResetPassword(ctx context.Context, token, password string) (*Account, error) {
	errs := mall.FieldErrors{}
	validatePassword(errs, "password", password)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if token == "" || len(token) > 128 {
		return nil, errResetLink
	}
	hash := HashPassword(password)
	now := s.Now()
	var a Account
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var r passwordReset
		if err := tx.First(&r, "token_hash = ?", mall.HashToken(token)).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return errResetLink
			}
			return err
		}
		res := tx.Model(&passwordReset{}).Where("token_hash = ? AND used_at IS NULL AND expires_at > ?", r.TokenHash, now).
			Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errResetLink
		}
		if err := tx.First(&a, "id = ?", r.AccountID).Error; err != nil {
			return database.NotFound(err, "account")
		}
		if err := tx.Model(&Account{}).Where("id = ?", a.ID).
			Updates(map[string]any{"password_hash": hash, "updated_at": now}).Error; err != nil {
			return err
		}
		if err := tx.Where("account_id = ? AND token_hash <> ?", a.ID, r.TokenHash).Delete(&passwordReset{}).Error; err != nil {
			return err
		}
		if err := tx.Where("account_id = ?", a.ID).Delete(&Session{}).Error; err != nil {
			return err
		}
		return tx.Exec("DELETE FROM login_failures WHERE subject = ?", "acct:"+a.Email).Error
	})
	if err != nil {
		if mall.AsError(err) != nil {
			return nil, err
		}
		return nil, fmt.Errorf("accounts: reset password: %w", err)
	}
	return &a, nil
}
