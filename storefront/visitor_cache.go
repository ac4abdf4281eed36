package storefront

import (
	"sync"
	"time"
)

// A signed-in shopper's page needs two small facts besides the cached
// bytes: how many items their cart holds and whether they work in a shop
// (the admin link). They are kept in memory for visitorCacheTTL, so that a
// shopper browsing cached pages costs no query on most of them. Any request
// of the visitor's that changes something (not GET or HEAD) forgets them,
// so the visitor's own changes show at once on this instance; a change
// made elsewhere (another instance, another person) shows within the TTL.
const (
	visitorCacheTTL  = 5 * time.Second
	visitorCacheSize = 10000
)

// briefCache keeps values for visitorCacheTTL, at most visitorCacheSize of
// them; safe for concurrent use.
type briefCache[K comparable, V any] struct {
	mu      sync.Mutex
	entries map[K]briefEntry[V]
	now     func() time.Time
}

type briefEntry[V any] struct {
	v     V
	until time.Time
}

func newBriefCache[K comparable, V any]() *briefCache[K, V] {
	return &briefCache[K, V]{entries: map[K]briefEntry[V]{}, now: time.Now}
}

func (bc *briefCache[K, V]) get(k K) (V, bool) {
	bc.mu.Lock()
	defer bc.mu.Unlock()
	e, ok := bc.entries[k]
	if !ok || !bc.now().Before(e.until) {
		var zero V
		return zero, false
	}
	return e.v, true
}

func (bc *briefCache[K, V]) put(k K, v V) {
	bc.mu.Lock()
	defer bc.mu.Unlock()
	if len(bc.entries) >= visitorCacheSize {
		bc.entries = map[K]briefEntry[V]{}
	}
	bc.entries[k] = briefEntry[V]{v: v, until: bc.now().Add(visitorCacheTTL)}
}

func (bc *briefCache[K, V]) drop(k K) {
	bc.mu.Lock()
	defer bc.mu.Unlock()
	delete(bc.entries, k)
}
