package mall

import "time"

// Clock is where the mall's stores and services read the time. Each embeds
// one; the zero Clock is the real clock, and a test of a time rule
// (session expiry, invitation expiry, checkout expiry, retry backoff)
// sets its own with SetClock before the store is used.
type Clock struct {
	now func() time.Time
}

// SetClock makes now the source of the time (tests). Call it before use.
func (c *Clock) SetClock(now func() time.Time) { c.now = now }

// Now is the current time in UTC.
func (c *Clock) Now() time.Time {
	if c.now == nil {
		return time.Now().UTC()
	}
	return c.now().UTC()
}
