package storefront

import (
	"testing"
	"time"

	"github.com/mall-project/mall/templates"
)

// TestCachedPagesExpireSpreadOut: pages cached in the same instant do not
// all expire in the same instant, and none outlives cacheTTL (every
// instance shows a change within it) or goes before 3/4 of it.
func TestCachedPagesExpireSpreadOut(t *testing.T) {
	pc := newPageCache()
	start := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	pc.now = func() time.Time { return start }
	const n = 200
	for i := range n {
		pc.put(&cachedPage{key: string(rune('a'+i%26)) + time.Duration(i).String(), page: &templates.SharedPage{}})
	}
	expiries := map[time.Time]bool{}
	for _, el := range pc.items {
		e := el.Value.(*cachedPage).expires
		if e.After(start.Add(cacheTTL)) || e.Before(start.Add(cacheTTL-cacheTTL/cacheTTLSpread)) {
			t.Fatalf("a page expires %v after it was put, want within [%v, %v]", e.Sub(start), cacheTTL-cacheTTL/cacheTTLSpread, cacheTTL)
		}
		expiries[e] = true
	}
	if len(pc.items) != n {
		t.Fatalf("%d pages kept, want %d", len(pc.items), n)
	}
	if len(expiries) < n/2 {
		t.Errorf("%d pages put together expire at only %d instants", n, len(expiries))
	}
	// At 3/4 of the TTL every page is still there; at the TTL none is.
	pc.now = func() time.Time { return start.Add(cacheTTL - cacheTTL/cacheTTLSpread) }
	for key := range pc.items {
		if _, ok := pc.get(key); !ok {
			t.Fatalf("page %q gone before 3/4 of the TTL", key)
		}
	}
	pc.now = func() time.Time { return start.Add(cacheTTL + time.Nanosecond) }
	for key := range pc.items {
		if _, ok := pc.get(key); ok {
			t.Fatalf("page %q outlived the TTL", key)
		}
	}
}
