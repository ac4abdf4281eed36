package merchants

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// EventKind names an entry of a merchant's log.
type EventKind string

// What the log records: the application and every operator decision.
const (
	EventApplied           EventKind = "applied"
	EventApproved          EventKind = "approved"
	EventSuspended         EventKind = "suspended"
	EventReinstated        EventKind = "reinstated"
	EventRejected          EventKind = "rejected"
	EventCommissionChanged EventKind = "commission_changed"
)

// MerchantEvent is one entry of a merchant's log, written in the same
// transaction as the change it records.
type MerchantEvent struct {
	ID         int64 `gorm:"primaryKey"`
	MerchantID int64 `gorm:"not null"`
	// ActorID is the account that acted; 0 for the mall itself.
	ActorID int64     `gorm:"not null"`
	Kind    EventKind `gorm:"size:32;not null"`
	// Reason is the operator's stated reason (suspension) or what changed
	// (commission "5.00 % → 7.25 %").
	Reason    string `gorm:"type:text;not null"`
	CreatedAt time.Time
}

// TableName names the log table.
func (MerchantEvent) TableName() string { return "merchant_events" }

// logEvent writes an entry of the merchant's log and, for the
// application and the operator's decisions, announces it so that the
// merchant is told.
func (s *Store) logEvent(tx *gorm.DB, merchantID, actorID int64, kind EventKind, reason string) error {
	e := &MerchantEvent{MerchantID: merchantID, ActorID: actorID, Kind: kind, Reason: reason}
	if err := tx.Create(e).Error; err != nil {
		return fmt.Errorf("merchants: log %s for %d: %w", kind, merchantID, err)
	}
	if !announced[kind] {
		return nil
	}
	return s.publish(tx, TopicMerchantDecided, e.ID, MerchantDecided{EventID: e.ID, MerchantID: merchantID, Kind: kind, Reason: reason})
}

// MerchantEvents returns merchantID's log, newest first.
func (s *Store) MerchantEvents(ctx context.Context, merchantID int64) ([]MerchantEvent, error) {
	var list []MerchantEvent
	err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).Order("created_at DESC").Order("id DESC").Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("merchants: log of %d: %w", merchantID, err)
	}
	return list, nil
}

// ClosingReason is the operator's reason for merchantID's latest
// suspension or rejection ("" when it had none).
func (s *Store) ClosingReason(ctx context.Context, merchantID int64) (string, error) {
	var reasons []string
	err := s.conn(ctx).Model(&MerchantEvent{}).Scopes(database.InMerchant(merchantID)).
		Where("kind IN ?", []EventKind{EventSuspended, EventRejected}).Order("created_at DESC").Order("id DESC").Limit(1).
		Pluck("reason", &reasons).Error
	if err != nil {
		return "", fmt.Errorf("merchants: suspension of %d: %w", merchantID, err)
	}
	if len(reasons) == 0 {
		return "", nil
	}
	return reasons[0], nil
}

var errStatusConflict = &mall.Error{Code: mall.EConflict, Key: "merchants.error.status_conflict"}

// decide moves merchantID from one of the from statuses to to, logs the
// decision and, after commit, tells the OnChange hooks.
func (s *Store) decide(ctx context.Context, operatorID, merchantID int64, from []MerchantStatus, to MerchantStatus, kind EventKind, reason string) error {
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		ok, err := s.isOperator(tx, operatorID)
		if err != nil {
			return err
		}
		if !ok {
			return errNotOperator
		}
		var m Merchant
		if err := tx.First(&m, "id = ?", merchantID).Error; err != nil {
			return database.NotFound(err, "merchant")
		}
		now := s.Now()
		updates := map[string]any{"status": to, "updated_at": now}
		if to == MerchantActive && m.ApprovedAt == nil {
			updates["approved_at"] = now
		}
		// The status in the WHERE makes two operators deciding at once
		// safe: the second finds the merchant already moved.
		res := tx.Model(&Merchant{}).Where("id = ? AND status IN ?", merchantID, from).Updates(updates)
		if res.Error != nil {
			return fmt.Errorf("merchants: %s %d: %w", kind, merchantID, res.Error)
		}
		if res.RowsAffected != 1 {
			return errStatusConflict
		}
		return s.logEvent(tx, merchantID, operatorID, kind, reason)
	})
	if err != nil {
		return err
	}
	s.changed(merchantID)
	return nil
}

// Approve opens a pending merchant's shop, or one whose application was
// rejected when the operator thinks again.
func (s *Store) Approve(ctx context.Context, operatorID, merchantID int64) error {
	return s.decide(ctx, operatorID, merchantID, []MerchantStatus{MerchantPending, MerchantRejected}, MerchantActive, EventApproved, "")
}

// Suspend closes a pending or active merchant's shop for a stated reason,
// which is kept in the merchant's log.
func (s *Store) Suspend(ctx context.Context, operatorID, merchantID int64, reason string) error {
	reason, err := statedReason(reason)
	if err != nil {
		return err
	}
	return s.decide(ctx, operatorID, merchantID, []MerchantStatus{MerchantPending, MerchantActive}, MerchantSuspended, EventSuspended, reason)
}

// Reject turns down a pending application for a stated reason, kept in
// the merchant's log and told to the applicant. The shop never opens
// unless the operator later approves it after all.
func (s *Store) Reject(ctx context.Context, operatorID, merchantID int64, reason string) error {
	reason, err := statedReason(reason)
	if err != nil {
		return err
	}
	return s.decide(ctx, operatorID, merchantID, []MerchantStatus{MerchantPending}, MerchantRejected, EventRejected, reason)
}

// statedReason is an operator's reason trimmed, or the error saying what
// is wrong with it.
func statedReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return "", mall.FieldErrors{"reason": mall.Invalid("reason", "merchants.error.reason_required")}.Err()
	case n > 2000:
		return "", mall.FieldErrors{"reason": mall.Invalid("reason", "merchants.error.reason_too_long")}.Err()
	}
	return reason, nil
}

// Reinstate reopens a suspended merchant's shop.
func (s *Store) Reinstate(ctx context.Context, operatorID, merchantID int64) error {
	return s.decide(ctx, operatorID, merchantID, []MerchantStatus{MerchantSuspended}, MerchantActive, EventReinstated, "")
}

// SetCommission sets the mall's commission on merchantID's sales, in basis
// points (0 to 10000, that is 0 to 100 %), and logs the change.
func (s *Store) SetCommission(ctx context.Context, operatorID, merchantID int64, bp int) error {
	if bp < 0 || bp > 10000 {
		return mall.FieldErrors{"commission": mall.Invalid("commission", "merchants.error.commission_range")}.Err()
	}
	err := database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		ok, err := s.isOperator(tx, operatorID)
		if err != nil {
			return err
		}
		if !ok {
			return errNotOperator
		}
		var m Merchant
		if err := tx.First(&m, "id = ?", merchantID).Error; err != nil {
			return database.NotFound(err, "merchant")
		}
		if m.CommissionBP == bp {
			return nil
		}
		err = tx.Model(&Merchant{}).Where("id = ?", merchantID).
			Updates(map[string]any{"commission_bp": bp, "updated_at": s.Now()}).Error
		if err != nil {
			return fmt.Errorf("merchants: set commission of %d: %w", merchantID, err)
		}
		return s.logEvent(tx, merchantID, operatorID, EventCommissionChanged, percent(m.CommissionBP)+" → "+percent(bp))
	})
	if err != nil {
		return err
	}
	s.changed(merchantID)
	return nil
}

// percent writes basis points as a percentage with two decimals.
func percent(bp int) string { return fmt.Sprintf("%d.%02d %%", bp/100, bp%100) }
