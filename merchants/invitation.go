package merchants

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 7 * 24 * time.Hour

// Invitation asks the person at Email to join a merchant's team. Only the
// SHA-256 of its token is stored; the token itself is in the link sent.
type Invitation struct {
	ID         int64 `gorm:"primaryKey"`
	MerchantID int64 `gorm:"not null"`
	// Email is stored trimmed and lower-cased.
	Email      string        `gorm:"size:254;not null"`
	Role       StaffRoleName `gorm:"size:16;not null"`
	TokenHash  string        `gorm:"size:64;not null" json:"-"`
	InvitedBy  int64         `gorm:"not null"`
	ExpiresAt  time.Time
	AcceptedAt *time.Time
	AcceptedBy *int64
	CreatedAt  time.Time
}

// TableName names the invitations table.
func (Invitation) TableName() string { return "staff_invitations" }

func normalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func validEmail(email string) bool {
	if email == "" || len(email) > 254 || strings.ContainsAny(email, " <>\"") {
		return false
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email {
		return false
	}
	at := strings.LastIndexByte(email, '@')
	return at > 0 && strings.Contains(email[at+1:], ".") && !strings.HasSuffix(email, ".")
}

// Invite invites email to merchantID's team with role and returns the token
// for the invitation link, which is also emailed (TopicStaffInvited). Only
// an owner of the shop may invite. A newer invitation for the same email
// replaces an open one, whose link stops working.
func (s *Store) Invite(ctx context.Context, merchantID, invitedBy int64, email string, role StaffRoleName) (string, error) {
	email = normalizeEmail(email)
	errs := mall.FieldErrors{}
	if !validEmail(email) {
		errs.Add("email", "merchants.error.email_invalid")
	}
	if !role.Valid() {
		errs.Add("role", "merchants.error.role_invalid")
	}
	if err := errs.Err(); err != nil {
		return "", err
	}
	token := mall.NewToken(32)
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		r, err := staffRole(tx, merchantID, invitedBy)
		if mall.ErrorCode(err) == mall.ENotFound || (err == nil && r != RoleOwner) {
			return errOwnersOnly
		}
		if err != nil {
			return err
		}
		var members int64
		err = tx.Model(&Staff{}).Scopes(database.InMerchant(merchantID)).
			Joins("JOIN accounts ON accounts.id = staff_members.account_id").
			Where("accounts.email = ?", email).Count(&members).Error
		if err != nil {
			return fmt.Errorf("merchants: invite to %d: %w", merchantID, err)
		}
		if members > 0 {
			return mall.FieldErrors{"email": mall.Invalid("email", "merchants.error.already_staff")}.Err()
		}
		err = tx.Scopes(database.InMerchant(merchantID)).Where("email = ? AND accepted_at IS NULL", email).Delete(&Invitation{}).Error
		if err != nil {
			return fmt.Errorf("merchants: invite to %d: %w", merchantID, err)
		}
		inv := &Invitation{
			MerchantID: merchantID, Email: email, Role: role, TokenHash: mall.HashToken(token),
			InvitedBy: invitedBy, ExpiresAt: s.Now().Add(InvitationTTL),
		}
		if err := tx.Create(inv).Error; err != nil {
			return fmt.Errorf("merchants: invite to %d: %w", merchantID, err)
		}
		var names []string
		if err := tx.Raw("SELECT name FROM accounts WHERE id = ?", invitedBy).Scan(&names).Error; err != nil {
			return fmt.Errorf("merchants: invite to %d: %w", merchantID, err)
		}
		ev := StaffInvited{InvitationID: inv.ID, MerchantID: merchantID, Email: email, Role: role, Token: token, ExpiresAt: inv.ExpiresAt}
		if len(names) == 1 {
			ev.InviterName = names[0]
		}
		return s.publish(tx, TopicStaffInvited, inv.ID, ev)
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

var errInvitationInvalid = &mall.Error{Code: mall.ENotFound, Key: "merchants.error.invitation_invalid"}

// InvitationByToken returns the open invitation of an invitation link. A
// used, expired or unknown link is a not-found error.
func (s *Store) InvitationByToken(ctx context.Context, token string) (*Invitation, error) {
	return s.invitationByToken(s.conn(ctx), token)
}

func (s *Store) invitationByToken(db *gorm.DB, token string) (*Invitation, error) {
	if token == "" || len(token) > 128 {
		return nil, errInvitationInvalid
	}
	var inv Invitation
	err := db.Where("token_hash = ?", mall.HashToken(token)).First(&inv).Error
	if isNotFound(err) {
		return nil, errInvitationInvalid
	}
	if err != nil {
		return nil, fmt.Errorf("merchants: read invitation: %w", err)
	}
	if inv.AcceptedAt != nil || !s.Now().Before(inv.ExpiresAt) {
		return nil, errInvitationInvalid
	}
	return &inv, nil
}

// AcceptInvitation puts accountID on the team of the invitation's merchant.
// The link works once, for seven days, and only for the account with the
// invited email. An account already on the team keeps its role.
func (s *Store) AcceptInvitation(ctx context.Context, token string, accountID int64) error {
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		inv, err := s.invitationByToken(tx, token)
		if err != nil {
			return err
		}
		email, found, err := accounts.EmailOf(tx, accountID)
		if err != nil {
			return fmt.Errorf("merchants: accept invitation: %w", err)
		}
		if !found || normalizeEmail(email) != inv.Email {
			return &mall.Error{Code: mall.EForbidden, Key: "merchants.error.invitation_wrong_email"}
		}
		now := s.Now()
		// Conditional on still being open: two tabs accepting at once use
		// the link once.
		res := tx.Model(&Invitation{}).Scopes(database.InMerchant(inv.MerchantID)).
			Where("id = ? AND accepted_at IS NULL", inv.ID).
			Updates(map[string]any{"accepted_at": now, "accepted_by": accountID})
		if res.Error != nil {
			return fmt.Errorf("merchants: accept invitation %d: %w", inv.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return errInvitationInvalid
		}
		if _, err := staffRole(tx, inv.MerchantID, accountID); err == nil {
			return nil
		} else if mall.ErrorCode(err) != mall.ENotFound {
			return err
		}
		st := &Staff{MerchantID: inv.MerchantID, AccountID: accountID, Role: inv.Role}
		if err := tx.Create(st).Error; err != nil {
			return fmt.Errorf("merchants: add staff %d to %d: %w", accountID, inv.MerchantID, err)
		}
		return nil
	})
}

// ListInvitations lists merchantID's open invitations, newest first.
func (s *Store) ListInvitations(ctx context.Context, merchantID int64) ([]Invitation, error) {
	var list []Invitation
	err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).
		Where("accepted_at IS NULL AND expires_at > ?", s.Now()).
		Order("created_at DESC").Order("id DESC").Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("merchants: invitations of %d: %w", merchantID, err)
	}
	return list, nil
}

// CancelInvitation withdraws one of merchantID's invitations that was not
// accepted yet; its link stops working.
func (s *Store) CancelInvitation(ctx context.Context, merchantID, invitationID int64) error {
	res := s.conn(ctx).Scopes(database.InMerchant(merchantID)).
		Where("id = ? AND accepted_at IS NULL", invitationID).Delete(&Invitation{})
	if res.Error != nil {
		return fmt.Errorf("merchants: cancel invitation %d of %d: %w", invitationID, merchantID, res.Error)
	}
	if res.RowsAffected == 0 {
		return mall.NotFound("invitation")
	}
	return nil
}
