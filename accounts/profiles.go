package accounts

import (
	"context"
	"fmt"
	"time"
)

// Profile is what the review integrity signals read of an account: its
// name and when it was made.
type Profile struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// ProfilesOf reads the profile of each account, by id; unknown ids are
// left out.
func (s *Store) ProfilesOf(ctx context.Context, ids []int64) (map[int64]Profile, error) {
	out := map[int64]Profile{}
	for len(ids) > 0 {
		n := min(500, len(ids))
		var rows []Profile
		if err := s.conn(ctx).Model(&Account{}).Select("id, name, created_at").Where("id IN ?", ids[:n]).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("accounts: profiles: %w", err)
		}
		for _, r := range rows {
			out[r.ID] = r
		}
		ids = ids[n:]
	}
	return out, nil
}
