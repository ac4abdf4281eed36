package merchants

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// MerchantStatus is where a merchant stands with the operator.
type MerchantStatus string

// A merchant applies (pending), is approved (active), and may be suspended.
const (
	MerchantPending   MerchantStatus = "pending"
	MerchantActive    MerchantStatus = "active"
	MerchantSuspended MerchantStatus = "suspended"
)

// Merchant is a shop of the mall: a tenant. Everything it owns carries its ID.
type Merchant struct {
	ID          int64  `gorm:"primaryKey"`
	Slug        string `gorm:"size:64;uniqueIndex;not null"`
	Name        string `gorm:"size:120;not null"`
	Description string `gorm:"type:text;not null;default:''"`
	// LogoPath is the media key of the logo image ("" for none).
	LogoPath   string         `gorm:"size:255;not null;default:''"`
	ThemeColor string         `gorm:"size:7;not null;default:'#2f5d50'"`
	Status     MerchantStatus `gorm:"size:16;not null;index"`
	// ContactEmail is where the mall writes to the merchant.
	ContactEmail string `gorm:"size:254;not null;default:''"`
	// CustomDomain is the merchant's own host name ("" for none); it serves
	// the storefront only once DomainVerifiedAt is set.
	CustomDomain     string `gorm:"size:253;index"`
	DomainToken      string `gorm:"size:64;not null;default:''"`
	DomainVerifiedAt *time.Time
	// Locale is the storefront's language ("en" or "zh-Hans"); with
	// BothLocales shoppers may switch to the other one.
	Locale      string `gorm:"size:16;not null;default:'en'"`
	BothLocales bool   `gorm:"not null;default:false"`
	// CommissionBP is the operator's commission in basis points (1/100 %).
	CommissionBP int `gorm:"not null;default:500"`
	ApprovedAt   *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// IsOpen reports whether shoppers may browse and buy.
func (m *Merchant) IsOpen() bool { return m.Status == MerchantActive }

// ServesDomain reports whether host is this merchant's verified domain.
func (m *Merchant) ServesDomain() bool {
	return m.CustomDomain != "" && m.DomainVerifiedAt != nil
}

// Store reads and writes merchants and their staff.
type Store struct {
	db *gorm.DB
}

// NewStore returns a Store on db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// DB exposes the handle for stores that need the same connection.
func (s *Store) DB() *gorm.DB { return s.db }

func (s *Store) conn(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }
