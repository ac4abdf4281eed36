package merchants_test

import (
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
)

// recorder is a Publisher that keeps what was published.
type recorder struct {
	mu   sync.Mutex
	sent []published
}

type published struct {
	topic, key string
	payload    any
}

func (r *recorder) Declare(...string) {}

func (r *recorder) Publish(tx *gorm.DB, topic, key string, payload any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, published{topic, key, payload})
	return nil
}

// TestRejectNeedsAReasonAndIsAnnounced: only a pending application can be
// rejected, only by an operator and with a reason; the rejection is
// logged and announced with the reason, and the operator may approve the
// shop after all.
func TestRejectNeedsAReasonAndIsAnnounced(t *testing.T) {
	f := setup(t)
	rec := &recorder{}
	f.store.PublishTo(rec)
	op := f.operator()
	m, owner := f.shop("hotel-hats")

	if err := f.store.Reject(f.ctx, owner.ID, m.ID, "Mine"); mall.ErrorCode(err) != mall.EForbidden {
		t.Errorf("owner rejecting: %v", err)
	}
	if err := f.store.Reject(f.ctx, op.ID, m.ID, " "); fieldKey(err, "reason") != "merchants.error.reason_required" {
		t.Errorf("rejection without reason: %v", err)
	}
	if err := f.store.Reject(f.ctx, op.ID, m.ID, "  Hats are not allowed. "); err != nil {
		t.Fatal(err)
	}
	got, _ := f.store.MerchantByID(f.ctx, m.ID)
	if got.Status != merchants.MerchantRejected || got.IsOpen() || !got.Closed() {
		t.Fatalf("after rejection: %s", got.Status)
	}
	if err := f.store.Reject(f.ctx, op.ID, m.ID, "Again"); mall.ErrorCode(err) != mall.EConflict {
		t.Errorf("rejecting twice: %v", err)
	}
	if err := f.store.Suspend(f.ctx, op.ID, m.ID, "Also"); mall.ErrorCode(err) != mall.EConflict {
		t.Errorf("suspending a rejected shop: %v", err)
	}
	if reason, _ := f.store.ClosingReason(f.ctx, m.ID); reason != "Hats are not allowed." {
		t.Errorf("closing reason %q", reason)
	}
	events, _ := f.store.MerchantEvents(f.ctx, m.ID)
	if len(events) == 0 || events[0].Kind != merchants.EventRejected || events[0].ActorID != op.ID || events[0].Reason != "Hats are not allowed." {
		t.Fatalf("log %+v", events)
	}
	var decided []merchants.MerchantDecided
	for _, p := range rec.sent {
		if p.topic == merchants.TopicMerchantDecided {
			decided = append(decided, p.payload.(merchants.MerchantDecided))
		}
	}
	if len(decided) != 2 || decided[0].Kind != merchants.EventApplied || decided[1].Kind != merchants.EventRejected ||
		decided[1].Reason != "Hats are not allowed." || decided[1].EventID != events[0].ID {
		t.Errorf("announced %+v", decided)
	}
	if err := f.store.Approve(f.ctx, op.ID, m.ID); err != nil {
		t.Fatalf("approving after all: %v", err)
	}
	if got, _ := f.store.MerchantByID(f.ctx, m.ID); got.Status != merchants.MerchantActive {
		t.Errorf("after approval: %s", got.Status)
	}
}
