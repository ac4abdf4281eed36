package merchants

import (
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// Migrations returns the merchants package's numbered migrations. They run
// after the accounts package's, whose table they refer to.
func Migrations() []database.Migration {
	return []database.Migration{
		{ID: "0201_merchants", Migrate: migrate0201Merchants},
		{ID: "0202_staff_members", Migrate: migrate0202StaffMembers},
		{ID: "0203_staff_invitations", Migrate: migrate0203StaffInvitations},
		{ID: "0204_merchant_events", Migrate: migrate0204MerchantEvents},
		{ID: "0205_mall_settings", Migrate: migrate0205MallSettings},
		{ID: "0206_merchants_domain_claims", Migrate: migrate0206DomainClaims},
	}
}

// The structs below are frozen copies of the tables as each migration
// created them; the live models may move on.

// accountRef0201 is just enough of the accounts table for foreign keys.
type accountRef0201 struct {
	ID int64 `gorm:"primaryKey"`
}

func (accountRef0201) TableName() string { return "accounts" }

type merchant0201 struct {
	ID               int64  `gorm:"primaryKey"`
	Slug             string `gorm:"size:64;not null;uniqueIndex:merchants_slug"`
	Name             string `gorm:"size:120;not null"`
	Description      string `gorm:"type:text;not null;default:''"`
	LogoPath         string `gorm:"size:255;not null;default:''"`
	ThemeColor       string `gorm:"size:7;not null;default:'#2f5d50'"`
	Status           string `gorm:"size:16;not null;index:merchants_status"`
	ContactEmail     string `gorm:"size:254;not null;default:''"`
	CustomDomain     string `gorm:"size:253;not null;default:''"`
	DomainToken      string `gorm:"size:64;not null;default:''"`
	DomainVerifiedAt *time.Time
	Locale           string `gorm:"size:16;not null;default:'en'"`
	BothLocales      bool   `gorm:"not null;default:false"`
	CommissionBP     int    `gorm:"not null;default:500"`
	ApprovedAt       *time.Time
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

func (merchant0201) TableName() string { return "merchants" }

func migrate0201Merchants(tx *gorm.DB) error {
	if err := tx.Migrator().CreateTable(&merchant0201{}); err != nil {
		return err
	}
	// A host belongs to one merchant; "" (no domain) may repeat. Both
	// engines support partial indexes.
	return tx.Exec("CREATE UNIQUE INDEX merchants_custom_domain ON merchants (custom_domain) WHERE custom_domain <> ''").Error
}

type staffMember0202 struct {
	ID         int64           `gorm:"primaryKey"`
	MerchantID int64           `gorm:"not null;uniqueIndex:staff_members_merchant_account,priority:1"`
	Merchant   *merchant0201   `gorm:"constraint:OnDelete:CASCADE"`
	AccountID  int64           `gorm:"not null;uniqueIndex:staff_members_merchant_account,priority:2;index:staff_members_account"`
	Account    *accountRef0201 `gorm:"constraint:OnDelete:CASCADE"`
	Role       string          `gorm:"size:16;not null"`
	CreatedAt  time.Time
}

func (staffMember0202) TableName() string { return "staff_members" }

func migrate0202StaffMembers(tx *gorm.DB) error {
	return tx.Migrator().CreateTable(&staffMember0202{})
}

type staffInvitation0203 struct {
	ID         int64           `gorm:"primaryKey"`
	MerchantID int64           `gorm:"not null;index:staff_invitations_merchant"`
	Merchant   *merchant0201   `gorm:"constraint:OnDelete:CASCADE"`
	Email      string          `gorm:"size:254;not null"`
	Role       string          `gorm:"size:16;not null"`
	TokenHash  string          `gorm:"size:64;not null;uniqueIndex:staff_invitations_token"`
	InvitedBy  int64           `gorm:"not null"`
	Inviter    *accountRef0201 `gorm:"foreignKey:InvitedBy;constraint:OnDelete:CASCADE"`
	ExpiresAt  time.Time       `gorm:"not null"`
	AcceptedAt *time.Time
	AcceptedBy *int64
	CreatedAt  time.Time
}

func (staffInvitation0203) TableName() string { return "staff_invitations" }

func migrate0203StaffInvitations(tx *gorm.DB) error {
	return tx.Migrator().CreateTable(&staffInvitation0203{})
}

type merchantEvent0204 struct {
	ID         int64         `gorm:"primaryKey"`
	MerchantID int64         `gorm:"not null;index:merchant_events_merchant"`
	Merchant   *merchant0201 `gorm:"constraint:OnDelete:CASCADE"`
	// ActorID is the account that acted (0: the mall itself). No foreign
	// key: the log outlives the accounts in it.
	ActorID   int64  `gorm:"not null;default:0"`
	Kind      string `gorm:"size:32;not null"`
	Reason    string `gorm:"type:text;not null;default:''"`
	CreatedAt time.Time
}

func (merchantEvent0204) TableName() string { return "merchant_events" }

func migrate0204MerchantEvents(tx *gorm.DB) error {
	return tx.Migrator().CreateTable(&merchantEvent0204{})
}

// mallSettings0205 holds the operator's settings for the whole mall: one
// row, id 1, written the first time the operator saves.
type mallSettings0205 struct {
	ID                  int64 `gorm:"primaryKey;autoIncrement:false"`
	DefaultCommissionBP int   `gorm:"not null;default:500"`
	// UpdatedBy is the operator who saved last. No foreign key: the
	// setting outlives the account.
	UpdatedBy int64 `gorm:"not null;default:0"`
	UpdatedAt time.Time
}

func (mallSettings0205) TableName() string { return "mall_settings" }

func migrate0205MallSettings(tx *gorm.DB) error {
	return tx.Migrator().CreateTable(&mallSettings0205{})
}

// migrate0206DomainClaims: an unverified claim on a host no longer keeps
// it from others (only a verified domain is unique), and a claim knows
// when it was made, so it can expire.
func migrate0206DomainClaims(tx *gorm.DB) error {
	return database.DDL(tx,
		`DROP INDEX merchants_custom_domain`,
		`CREATE UNIQUE INDEX merchants_verified_domain ON merchants (custom_domain) WHERE custom_domain <> '' AND domain_verified_at IS NOT NULL`,
		`ALTER TABLE merchants ADD COLUMN domain_claimed_at {{ts}}`,
		`UPDATE merchants SET domain_claimed_at = updated_at WHERE custom_domain <> '' AND domain_verified_at IS NULL`,
	)
}
