package reviews

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/orders"
)

// LinkedGroup is a group of reviewers the integrity signals linked: who
// they are (emails masked), their orders and their reviews.
type LinkedGroup struct {
	ID         int64
	MerchantID int64
	// Via says what the buyers share (LinkCard, LinkDevice, ...).
	Via []string
	// Staff is set when the shop's staff's own orders are in the group.
	Staff   bool
	Members []GroupMember
}

// GroupMember is one buyer of a linked group.
type GroupMember struct {
	MaskedEmail string
	AccountID   *int64
	Reviews     []Review
	// Orders are the buyer's paid orders in any shop (an account's, at
	// most 50) or the reviewed ones (a guest's).
	Orders []orders.PurchaseTrace
}

// MaskEmail shows enough of an address to tell two apart, not to write
// to it: "j***@example.com".
func MaskEmail(email string) string {
	local, domain, ok := strings.Cut(email, "@")
	if !ok || local == "" {
		return "***"
	}
	r := []rune(local)
	return string(r[0]) + "***@" + domain
}

// GroupAcrossMall reads the linked group groupID (the smallest review id
// in it), for the operator.
func (s *Store) GroupAcrossMall(ctx context.Context, groupID int64) (*LinkedGroup, error) {
	var head ReviewSignals
	if err := s.conn(ctx).Where("review_id = ? AND group_id = ?", groupID, groupID).First(&head).Error; err != nil {
		return nil, database.NotFound(err, "group")
	}
	return s.group(ctx, head.MerchantID, groupID)
}

// GroupInMerchant reads one of the shop's linked groups.
func (s *Store) GroupInMerchant(ctx context.Context, merchantID, groupID int64) (*LinkedGroup, error) {
	var head ReviewSignals
	if err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).Where("review_id = ? AND group_id = ?", groupID, groupID).
		First(&head).Error; err != nil {
		return nil, database.NotFound(err, "group")
	}
	return s.group(ctx, merchantID, groupID)
}

func (s *Store) group(ctx context.Context, merchantID, groupID int64) (*LinkedGroup, error) {
	var rows []ReviewSignals
	if err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).Where("group_id = ?", groupID).Order("review_id").
		Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("reviews: group %d: %w", groupID, err)
	}
	g := &LinkedGroup{ID: groupID, MerchantID: merchantID}
	ids := make([]int64, len(rows))
	for i := range rows {
		ids[i] = rows[i].ReviewID
		rows[i].decode()
		for _, sig := range rows[i].Signals {
			if sig.Code == SignalLinkedStaff {
				g.Staff = true
			}
			for _, v := range sig.Via {
				if !slices.Contains(g.Via, v) {
					g.Via = append(g.Via, v)
				}
			}
		}
	}
	slices.Sort(g.Via)
	var list []Review
	if err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).Where("id IN ?", ids).Order("id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("reviews: reviews of group %d: %w", groupID, err)
	}
	lines := make([]int64, len(list))
	for i := range list {
		lines[i] = list[i].OrderLineID
	}
	traces, err := s.opts.Orders.TracesOfLinesAcrossMall(ctx, lines)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for _, r := range list {
		t, ok := traces[r.OrderLineID]
		who := identity(&r, t, ok)
		i, seen := index[who]
		if !seen {
			i = len(g.Members)
			index[who] = i
			g.Members = append(g.Members, GroupMember{MaskedEmail: MaskEmail(t.Email), AccountID: r.AccountID})
		}
		m := &g.Members[i]
		m.Reviews = append(m.Reviews, r)
		if r.AccountID == nil && ok {
			m.Orders = append(m.Orders, t)
		}
	}
	for i := range g.Members {
		m := &g.Members[i]
		if m.AccountID == nil {
			continue
		}
		if m.Orders, err = s.opts.Orders.TracesOfAccountsAcrossMall(ctx, []int64{*m.AccountID}, 50); err != nil {
			return nil, err
		}
	}
	return g, nil
}
