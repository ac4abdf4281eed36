package merchants

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// DefaultCommissionBP is the commission of a new merchant, in basis points,
// until the operator chooses another default.
const DefaultCommissionBP = 500

// MallSettings are the operator's settings for the whole mall.
type MallSettings struct {
	ID int64 `gorm:"primaryKey;autoIncrement:false"`
	// DefaultCommissionBP is the commission, in basis points, that a
	// merchant applying from now on starts with.
	DefaultCommissionBP int `gorm:"not null"`
	// UpdatedBy is the operator who saved last (0 before anyone did).
	UpdatedBy int64 `gorm:"not null"`
	UpdatedAt time.Time
}

// TableName names the settings table.
func (MallSettings) TableName() string { return "mall_settings" }

// mallSettingsID is the one row of mall_settings.
const mallSettingsID = 1

// MallSettings returns the mall's settings, with the defaults when the
// operator never saved any.
func (s *Store) MallSettings(ctx context.Context) (*MallSettings, error) {
	return mallSettings(s.conn(ctx))
}

func mallSettings(db *gorm.DB) (*MallSettings, error) {
	var ms MallSettings
	err := db.First(&ms, "id = ?", mallSettingsID).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &MallSettings{ID: mallSettingsID, DefaultCommissionBP: DefaultCommissionBP}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("merchants: mall settings: %w", err)
	}
	return &ms, nil
}

// SetDefaultCommission sets the commission, in basis points (0 to 10000),
// that merchants applying from now on start with. Merchants already in the
// mall keep theirs: the operator changes those one by one.
func (s *Store) SetDefaultCommission(ctx context.Context, operatorID int64, bp int) error {
	if bp < 0 || bp > 10000 {
		return mall.FieldErrors{"commission": mall.Invalid("commission", "merchants.error.commission_range")}.Err()
	}
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		ok, err := s.isOperator(tx, operatorID)
		if err != nil {
			return err
		}
		if !ok {
			return errNotOperator
		}
		before, err := mallSettings(tx)
		if err != nil {
			return err
		}
		if before.DefaultCommissionBP == bp {
			return nil
		}
		row := MallSettings{ID: mallSettingsID, DefaultCommissionBP: bp, UpdatedBy: operatorID, UpdatedAt: s.Now()}
		err = tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "id"}},
			DoUpdates: clause.AssignmentColumns([]string{"default_commission_bp", "updated_by", "updated_at"}),
		}).Create(&row).Error
		if err != nil {
			return fmt.Errorf("merchants: set default commission: %w", err)
		}
		e := &MallEvent{ActorID: operatorID, Kind: MallEventDefaultCommission, Reason: percent(before.DefaultCommissionBP) + " → " + percent(bp)}
		if err := tx.Create(e).Error; err != nil {
			return fmt.Errorf("merchants: log default commission: %w", err)
		}
		return nil
	})
}

// MallEventKind names an entry of the mall's log.
type MallEventKind string

// MallEventDefaultCommission records a change of the default commission.
const MallEventDefaultCommission MallEventKind = "default_commission_changed"

// MallEvent is one of the operator's decisions about the whole mall,
// written in the same transaction as the change.
type MallEvent struct {
	ID        int64         `gorm:"primaryKey"`
	ActorID   int64         `gorm:"not null"`
	Kind      MallEventKind `gorm:"size:32;not null"`
	Reason    string        `gorm:"type:text;not null"`
	CreatedAt time.Time
}

// TableName names the mall's log table.
func (MallEvent) TableName() string { return "mall_events" }

// MallEvents returns the mall's log, newest first, at most limit entries.
func (s *Store) MallEvents(ctx context.Context, limit int) ([]MallEvent, error) {
	var list []MallEvent
	if err := s.conn(ctx).Order("created_at DESC").Order("id DESC").Limit(limit).Find(&list).Error; err != nil {
		return nil, fmt.Errorf("merchants: mall log: %w", err)
	}
	return list, nil
}
