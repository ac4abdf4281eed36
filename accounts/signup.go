package accounts

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// SignUpInput is what a person types to create an account.
type SignUpInput struct {
	Email    string
	Name     string
	Password string
}

// SignUp creates a shopper account.
//
// A taken email is answered with a field error whose message neither
// confirms nor denies that an account exists ("This email cannot be used to
// sign up. If it is yours, sign in or reset your password."), and the
// password is hashed before the lookup so a taken email answers in the same
// time as a free one. That is the usual compromise: the form must say
// something, and it says nothing an attacker can rely on.
func (s *Store) SignUp(ctx context.Context, in SignUpInput) (*Account, error) {
	return s.create(ctx, in, false)
}

// CreateOperator creates an account that runs the mall (used by
// `mall create-operator`). Unlike SignUp it says plainly when the email is
// taken: only someone with shell access calls it.
func (s *Store) CreateOperator(ctx context.Context, email, name, password string) (*Account, error) {
	return s.create(ctx, SignUpInput{Email: email, Name: name, Password: password}, true)
}

func (s *Store) create(ctx context.Context, in SignUpInput, operator bool) (*Account, error) {
	email := NormalizeEmail(in.Email)
	name := strings.TrimSpace(in.Name)
	errs := mall.FieldErrors{}
	if !ValidEmail(email) {
		errs.Add("email", "accounts.error.email_invalid")
	}
	validateName(errs, name)
	validatePassword(errs, "password", in.Password)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	hash := HashPassword(in.Password)
	a := &Account{Email: email, Name: name, PasswordHash: hash, IsOperator: operator}
	if err := s.conn(ctx).Create(a).Error; err != nil {
		if database.IsUniqueViolation(err) {
			if operator {
				return nil, &mall.Error{Code: mall.EConflict, Message: "an account with this email already exists", Err: err}
			}
			return nil, mall.FieldErrors{"email": mall.Invalid("email", "accounts.error.email_unavailable")}.Err()
		}
		return nil, fmt.Errorf("accounts: create %s: %w", email, err)
	}
	return a, nil
}

// ChangePassword replaces the account's password after checking the current
// one, and signs the account out everywhere: the caller starts a fresh
// session for the person who made the change.
func (s *Store) ChangePassword(ctx context.Context, accountID int64, current, next string) error {
	a, err := s.AccountByID(ctx, accountID)
	if err != nil {
		return err
	}
	errs := mall.FieldErrors{}
	validatePassword(errs, "password", next)
	ok, err := CheckPassword(a.PasswordHash, current)
	if err != nil {
		return fmt.Errorf("accounts: change password of %d: %w", accountID, err)
	}
	if !ok {
		errs.Add("current_password", "accounts.error.current_password_wrong")
	}
	if err := errs.Err(); err != nil {
		return err
	}
	hash := HashPassword(next)
	err = database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Model(&Account{}).Where("id = ?", accountID).Update("password_hash", hash).Error; err != nil {
			return fmt.Errorf("accounts: change password of %d: %w", accountID, err)
		}
		if err := tx.Where("account_id = ?", accountID).Delete(&Session{}).Error; err != nil {
			return fmt.Errorf("accounts: end sessions of %d: %w", accountID, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.changed(accountID)
	return nil
}
