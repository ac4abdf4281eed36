package merchants

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// StaffRoleName is what a staff member may do in a shop.
type StaffRoleName string

// Owners run the shop (settings, staff, payouts); managers run the
// catalogue and orders; clerks handle orders.
const (
	RoleOwner   StaffRoleName = "owner"
	RoleManager StaffRoleName = "manager"
	RoleClerk   StaffRoleName = "clerk"
)

// Valid reports whether r is one of the roles.
func (r StaffRoleName) Valid() bool {
	return r == RoleOwner || r == RoleManager || r == RoleClerk
}

// Staff is an account's place in a merchant's team.
type Staff struct {
	ID         int64         `gorm:"primaryKey"`
	MerchantID int64         `gorm:"not null"`
	AccountID  int64         `gorm:"not null"`
	Role       StaffRoleName `gorm:"size:16;not null"`
	CreatedAt  time.Time

	// AccountEmail and AccountName are filled by ListStaff.
	AccountEmail string `gorm:"->;-:migration"`
	AccountName  string `gorm:"->;-:migration"`
	// Merchant is filled by StaffOf.
	Merchant *Merchant `gorm:"-"`
}

// TableName names the staff table.
func (Staff) TableName() string { return "staff_members" }

// StaffOf lists the shops accountID works for, with each merchant, oldest
// membership first. It crosses merchants by design: it answers "where does
// this person work".
func (s *Store) StaffOf(ctx context.Context, accountID int64) ([]Staff, error) {
	var list []Staff
	if err := s.conn(ctx).Where("account_id = ?", accountID).Order("created_at").Order("id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("merchants: staff of account %d: %w", accountID, err)
	}
	if len(list) == 0 {
		return list, nil
	}
	ids := make([]int64, len(list))
	for i := range list {
		ids[i] = list[i].MerchantID
	}
	var ms []Merchant
	if err := s.conn(ctx).Where("id IN ?", ids).Find(&ms).Error; err != nil {
		return nil, fmt.Errorf("merchants: staff of account %d: %w", accountID, err)
	}
	byID := make(map[int64]*Merchant, len(ms))
	for i := range ms {
		byID[ms[i].ID] = &ms[i]
	}
	for i := range list {
		list[i].Merchant = byID[list[i].MerchantID]
	}
	return list, nil
}

// StaffRole returns accountID's role in merchantID's team, or a not-found
// error when the account is not on the team.
func (s *Store) StaffRole(ctx context.Context, merchantID, accountID int64) (StaffRoleName, error) {
	return staffRole(s.conn(ctx), merchantID, accountID)
}

func staffRole(db *gorm.DB, merchantID, accountID int64) (StaffRoleName, error) {
	var st Staff
	err := db.Scopes(database.InMerchant(merchantID)).Where("account_id = ?", accountID).First(&st).Error
	if err != nil {
		return "", database.NotFound(err, "staff member")
	}
	return st.Role, nil
}

// ListStaff lists merchantID's team with each member's email and name,
// owners first.
func (s *Store) ListStaff(ctx context.Context, merchantID int64) ([]Staff, error) {
	var list []Staff
	err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).
		Select("staff_members.*, accounts.email AS account_email, accounts.name AS account_name").
		Joins("JOIN accounts ON accounts.id = staff_members.account_id").
		Order("CASE WHEN staff_members.role = 'owner' THEN 0 ELSE 1 END").Order("staff_members.created_at").Order("staff_members.id").
		Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("merchants: staff of merchant %d: %w", merchantID, err)
	}
	return list, nil
}

// RemoveStaff takes accountID off merchantID's team. Owners may remove
// anyone; anyone may leave. The last owner can neither be removed nor
// leave: a shop always has someone who can run it.
func (s *Store) RemoveStaff(ctx context.Context, merchantID, removedBy, accountID int64) error {
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		if removedBy != accountID {
			role, err := staffRole(tx, merchantID, removedBy)
			if mall.ErrorCode(err) == mall.ENotFound || (err == nil && role != RoleOwner) {
				return errOwnersOnly
			}
			if err != nil {
				return err
			}
		}
		var member Staff
		err := tx.Scopes(database.InMerchant(merchantID)).Where("account_id = ?", accountID).First(&member).Error
		if err != nil {
			return database.NotFound(err, "staff member")
		}
		if member.Role == RoleOwner {
			var owners int64
			if err := tx.Model(&Staff{}).Scopes(database.InMerchant(merchantID)).Where("role = ?", RoleOwner).Count(&owners).Error; err != nil {
				return fmt.Errorf("merchants: count owners of %d: %w", merchantID, err)
			}
			if owners <= 1 {
				return &mall.Error{Code: mall.EConflict, Key: "merchants.error.last_owner"}
			}
		}
		if err := tx.Scopes(database.InMerchant(merchantID)).Where("id = ?", member.ID).Delete(&Staff{}).Error; err != nil {
			return fmt.Errorf("merchants: remove staff %d from %d: %w", accountID, merchantID, err)
		}
		return nil
	})
}

var errOwnersOnly = &mall.Error{Code: mall.EForbidden, Key: "merchants.error.owners_only"}

// isNotFound reports whether err is gorm's not-found.
func isNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }
