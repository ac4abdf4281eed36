package merchants

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// MerchantStatus is where a merchant stands with the operator.
type MerchantStatus string

// A merchant applies (pending), is approved (active) or rejected, and may
// be suspended.
const (
	MerchantPending   MerchantStatus = "pending"
	MerchantActive    MerchantStatus = "active"
	MerchantSuspended MerchantStatus = "suspended"
	MerchantRejected  MerchantStatus = "rejected"
)

// Closed reports whether the operator closed the shop (suspended it or
// rejected its application): it may look at its pages and take its data,
// and change nothing.
func (m *Merchant) Closed() bool {
	return m.Status == MerchantSuspended || m.Status == MerchantRejected
}

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
	// DomainClaimedAt is when CustomDomain was set; an unverified claim
	// expires DomainClaimTTL after it.
	DomainClaimedAt *time.Time
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

// PendingImageQuota is how many product images a shop awaiting approval
// may have: enough to show the operator what it sells, not a free image
// host for anyone who fills in the application form.
const PendingImageQuota = 20

// ImageQuota is how many product images the shop may have; 0 means no
// limit (an approved shop).
func (m *Merchant) ImageQuota() int {
	if m.Status == MerchantPending {
		return PendingImageQuota
	}
	return 0
}

// IsOpen reports whether shoppers may browse and buy.
func (m *Merchant) IsOpen() bool { return m.Status == MerchantActive }

// ServesDomain reports whether host is this merchant's verified domain.
func (m *Merchant) ServesDomain() bool {
	return m.CustomDomain != "" && m.DomainVerifiedAt != nil
}

// Store reads and writes merchants and their staff.
type Store struct {
	mall.Clock
	db  *gorm.DB
	pub Publisher

	mu        sync.RWMutex
	onChanges []func(merchantID int64)
}

// NewStore returns a Store on db.
func NewStore(db *gorm.DB) *Store { return &Store{db: db} }

// DB exposes the handle for stores that need the same connection.
func (s *Store) DB() *gorm.DB { return s.db }

func (s *Store) conn(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

// OnChange registers fn to be called, after commit, whenever something
// shoppers see of a merchant changes (settings, status, domain), so caches
// of its pages can be dropped.
func (s *Store) OnChange(fn func(merchantID int64)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onChanges = append(s.onChanges, fn)
}

func (s *Store) changed(merchantID int64) {
	s.mu.RLock()
	hooks := s.onChanges
	s.mu.RUnlock()
	for _, fn := range hooks {
		fn(merchantID)
	}
}

// MerchantByID returns one merchant, whatever its status.
func (s *Store) MerchantByID(ctx context.Context, id int64) (*Merchant, error) {
	var m Merchant
	if err := s.conn(ctx).First(&m, "id = ?", id).Error; err != nil {
		return nil, database.NotFound(err, "merchant")
	}
	return &m, nil
}

// MerchantBySlug returns the merchant reached at /s/{slug}, whatever its
// status: callers decide what a pending or suspended shop shows.
func (s *Store) MerchantBySlug(ctx context.Context, slug string) (*Merchant, error) {
	var m Merchant
	if err := s.conn(ctx).First(&m, "slug = ?", slug).Error; err != nil {
		return nil, database.NotFound(err, "merchant")
	}
	return &m, nil
}

// MerchantFilter chooses and pages the operator's list of merchants.
type MerchantFilter struct {
	// Status keeps one status; "" keeps all.
	Status MerchantStatus
	// Query matches name, slug or contact email, in any letter case.
	Query   string
	Page    int
	PerPage int
}

// ListMerchantsAcrossMall lists merchants for the operator: applications
// waiting for a decision first, then the newest. It returns one page and
// the number of merchants matching the filter.
func (s *Store) ListMerchantsAcrossMall(ctx context.Context, f MerchantFilter) ([]Merchant, int, error) {
	filtered := func() *gorm.DB {
		q := s.conn(ctx).Model(&Merchant{})
		if f.Status != "" {
			q = q.Where("status = ?", f.Status)
		}
		if query := strings.ToLower(strings.TrimSpace(f.Query)); query != "" {
			like := database.ContainsPattern(query)
			q = q.Where(`(LOWER(name) LIKE ? ESCAPE '\' OR slug LIKE ? ESCAPE '\' OR LOWER(contact_email) LIKE ? ESCAPE '\')`, like, like, like)
		}
		return q
	}
	var total int64
	if err := filtered().Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("merchants: count: %w", err)
	}
	limit, offset := database.Page(f.Page, f.PerPage, 50, 500)
	var list []Merchant
	pendingFirst := clause.OrderBy{Expression: clause.Expr{SQL: "CASE WHEN status = ? THEN 0 ELSE 1 END", Vars: []any{MerchantPending}}}
	err := filtered().Order(pendingFirst).
		Order("created_at DESC").Order("id DESC").
		Limit(limit).Offset(offset).Find(&list).Error
	if err != nil {
		return nil, 0, fmt.Errorf("merchants: list: %w", err)
	}
	return list, int(total), nil
}

// OpenMerchantsAcrossMall lists the shops shoppers can visit (active), by
// name; limit 0 lists them all.
func (s *Store) OpenMerchantsAcrossMall(ctx context.Context, limit int) ([]Merchant, error) {
	q := s.conn(ctx).Where("status = ?", MerchantActive).Order("name").Order("id")
	if limit > 0 {
		q = q.Limit(limit)
	}
	var list []Merchant
	if err := q.Find(&list).Error; err != nil {
		return nil, fmt.Errorf("merchants: open merchants: %w", err)
	}
	return list, nil
}

// isOperator reports whether accountID runs the mall.
func (s *Store) isOperator(tx *gorm.DB, accountID int64) (bool, error) {
	ok, err := accounts.IsOperator(tx, accountID)
	if err != nil {
		return false, fmt.Errorf("merchants: %w", err)
	}
	return ok, nil
}

var errNotOperator = &mall.Error{Code: mall.EForbidden, Key: "merchants.error.forbidden", Message: "only operators decide about merchants"}

// Shop is what other packages show of a merchant beside their own rows
// (a cart line's shop, an order's shop).
type Shop struct {
	ID           int64
	Slug         string
	Name         string
	Status       MerchantStatus
	CommissionBP int `gorm:"column:commission_bp"`
}

// IsOpen reports whether shoppers may browse and buy.
func (s *Shop) IsOpen() bool { return s.Status == MerchantActive }

// ShopsOf returns the merchants of ids that exist, by id, read through db
// (the caller's transaction or connection).
func ShopsOf(db *gorm.DB, ids []int64) (map[int64]Shop, error) {
	out := make(map[int64]Shop, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Shop
	if err := db.Model(&Merchant{}).Select("id, slug, name, status, commission_bp").Where("id IN ?", ids).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("merchants: shops %v: %w", ids, err)
	}
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, nil
}

// OpenSQL is the SQL condition that a merchant, under alias, is open, for
// packages that join merchants read-only to filter what shoppers see
// (catalog search).
func OpenSQL(alias string) string {
	return alias + ".status = '" + string(MerchantActive) + "'"
}

// ClosedIDs returns the ids of every merchant that is not open.
func ClosedIDs(db *gorm.DB) ([]int64, error) {
	var ids []int64
	if err := db.Model(&Merchant{}).Where("status <> ?", MerchantActive).Pluck("id", &ids).Error; err != nil {
		return nil, fmt.Errorf("merchants: closed shops: %w", err)
	}
	return ids, nil
}
