package web_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/mall-project/mall/web"
)

func TestMemoryCounterIsBoundedAndWindowed(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m := web.NewMemoryCounter(3)
	m.Now = func() time.Time { return now }
	ctx := t.Context()
	count := func(key string) bool {
		ok, _, err := m.CountRequest(ctx, key, 2, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	first, second, third := count("a"), count("a"), count("a")
	if !first || !second || third {
		t.Error("a limit of 2 did not refuse the 3rd request")
	}
	for i := range 2 {
		if !count(fmt.Sprint("k", i)) {
			t.Errorf("new key k%d refused with room left", i)
		}
	}
	// Full with live windows: a new address is refused, memory stays put.
	for i := range 1000 {
		if count(fmt.Sprint("flood", i)) {
			t.Fatal("a new key was let in past the bound")
		}
	}
	if m.Len() != 3 {
		t.Errorf("%d counters held, want at most 3", m.Len())
	}
	// Once the windows end, the counters make room and start over.
	now = now.Add(time.Minute + 2*time.Second)
	if !count("new") || !count("a") {
		t.Error("after the window, new and old keys should be counted afresh")
	}
	if m.Len() > 3 {
		t.Errorf("%d counters held, want at most 3", m.Len())
	}
}
