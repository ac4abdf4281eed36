package merchants

import (
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// Publisher records an event inside the transaction that made it true
// (the outbox's Queue).
type Publisher interface {
	Declare(topics ...string)
	Publish(tx *gorm.DB, topic, key string, payload any) error
}

// PublishTo makes the store announce its events on p. Call it once at
// start-up; a store without a publisher announces nothing.
func (s *Store) PublishTo(p Publisher) {
	p.Declare(TopicStaffInvited, TopicMerchantDecided)
	s.pub = p
}

// The topics merchants publishes, each with its payload.
const (
	// TopicStaffInvited carries a StaffInvited: someone was invited to a
	// shop's team and should get the link.
	TopicStaffInvited = "merchants.staff_invited"
	// TopicMerchantDecided carries a MerchantDecided: a merchant applied,
	// or the operator approved, rejected, suspended or reinstated it.
	TopicMerchantDecided = "merchants.decided"
)

// StaffInvited is the payload of TopicStaffInvited. It carries the
// invitation's token because the store keeps only its hash and the email
// must hold the link; the link works only for the invited email, once.
type StaffInvited struct {
	InvitationID int64         `json:"invitation_id"`
	MerchantID   int64         `json:"merchant_id"`
	Email        string        `json:"email"`
	Role         StaffRoleName `json:"role"`
	Token        string        `json:"token"`
	InviterName  string        `json:"inviter_name"`
	ExpiresAt    time.Time     `json:"expires_at"`
}

// MerchantDecided is the payload of TopicMerchantDecided: one entry of the
// merchant's log.
type MerchantDecided struct {
	EventID    int64     `json:"event_id"`
	MerchantID int64     `json:"merchant_id"`
	Kind       EventKind `json:"kind"`
	Reason     string    `json:"reason"`
}

// announced are the log entries the merchant is told of.
var announced = map[EventKind]bool{
	EventApplied: true, EventApproved: true, EventRejected: true, EventSuspended: true, EventReinstated: true,
}

func (s *Store) publish(tx *gorm.DB, topic string, key int64, payload any) error {
	if s.pub == nil {
		return nil
	}
	if err := s.pub.Publish(tx, topic, strconv.FormatInt(key, 10), payload); err != nil {
		return fmt.Errorf("merchants: publish %s %d: %w", topic, key, err)
	}
	return nil
}
