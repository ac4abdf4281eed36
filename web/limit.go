package web

import (
	"context"
	"net/netip"
	"strconv"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
)

// Counter counts requests per key in fixed windows.
type Counter interface {
	// CountRequest adds one to key's counter and reports whether the
	// request is within limit, and when the key's window ends.
	CountRequest(ctx context.Context, key string, limit int, window time.Duration) (bool, time.Time, error)
}

// Limit is how many requests of one kind one visitor's address may make in
// a window, and where they are counted. A Max of 0 turns the limit off.
type Limit struct {
	// Name keeps the counts of different limits apart ("signup", ...).
	Name    string
	Max     int
	Window  time.Duration
	Counter Counter
}

// Check counts the request against the limit by the visitor's address
// (an IPv6 address by its /64, which one household or one server holds
// whole) and, over the limit, returns the "too many requests" error with
// Retry-After set: the error page says when to try again.
func (l Limit) Check(c *fiber.Ctx) error {
	if l.Max <= 0 || l.Counter == nil {
		return nil
	}
	ok, ends, err := l.Counter.CountRequest(c.UserContext(), l.Name+":"+rateKey(ClientIP(c)), l.Max, l.Window)
	if err != nil {
		return err
	}
	if ok {
		return nil
	}
	wait := max(time.Until(ends), time.Second)
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int((wait+time.Second-1)/time.Second)))
	return &mall.Error{Code: mall.ETooMany, Key: "edge.error.too_many",
		Args: map[string]any{"Minutes": int((wait + time.Minute - 1) / time.Minute)}}
}

// Handler is the limit as route middleware.
func (l Limit) Handler(c *fiber.Ctx) error {
	if err := l.Check(c); err != nil {
		return err
	}
	return c.Next()
}

// rateKey is the part of an address one visitor is taken to hold.
func rateKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil || a.Is4() {
		return ip
	}
	p, _ := a.Prefix(64)
	return p.String()
}

// MemoryCounter counts in this process's memory, in at most Keys counters
// (about a hundred bytes each): for limits on hot paths, where a database
// write per request would cost more than the request it guards. With
// several instances each counts on its own, so a visitor spread across N
// instances by the load balancer gets up to N times the limit.
//
// When every counter is in use by a window that has not ended, a request
// from a new address is refused: only a flood from that many addresses at
// once fills it, and refusing keeps memory bounded.
type MemoryCounter struct {
	Keys int
	Now  func() time.Time

	mu     sync.Mutex
	counts map[string]*memoryCount
	// swept is when ended windows were last cleared out of a full map: at
	// most once a second, so a flood does not make every request walk it.
	swept time.Time
}

type memoryCount struct {
	n    int
	ends time.Time
}

// NewMemoryCounter returns a counter of at most keys addresses.
func NewMemoryCounter(keys int) *MemoryCounter {
	return &MemoryCounter{Keys: keys, Now: time.Now, counts: map[string]*memoryCount{}}
}

// CountRequest implements Counter.
func (m *MemoryCounter) CountRequest(_ context.Context, key string, limit int, window time.Duration) (bool, time.Time, error) {
	now := m.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.counts[key]
	if ok && now.Before(e.ends) {
		e.n++
		return e.n <= limit, e.ends, nil
	}
	if !ok && len(m.counts) >= m.Keys && now.Sub(m.swept) >= time.Second {
		m.swept = now
		for k, e := range m.counts {
			if !now.Before(e.ends) {
				delete(m.counts, k)
			}
		}
	}
	if !ok && len(m.counts) >= m.Keys {
		return false, now.Add(window), nil
	}
	e = &memoryCount{n: 1, ends: now.Add(window)}
	m.counts[key] = e
	return 1 <= limit, e.ends, nil
}

// Len is how many counters are held.
func (m *MemoryCounter) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.counts)
}
