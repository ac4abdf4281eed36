package orders

import "testing"

// TestStateMachineUsesDeclaredStatuses: the state machine's tables (moves,
// progress, timestamps, where refunds start, names) speak only of declared
// order statuses, and every declared status is reachable or a start.
func TestStateMachineUsesDeclaredStatuses(t *testing.T) {
	valid := func(where string, s Status) {
		t.Helper()
		if !s.Valid() {
			t.Errorf("%s uses undeclared status %q", where, s)
		}
	}
	reached := map[Status]bool{StatusPendingPayment: true} // where an order starts
	for from, tos := range transitions {
		valid("transitions", from)
		for to := range tos {
			valid("transitions -> "+string(from), to)
			reached[to] = true
		}
	}
	for s := range progress {
		valid("progress", s)
	}
	for s := range stampColumn {
		valid("stampColumn", s)
	}
	for _, s := range refundable {
		valid("refundable", s)
		if !CanMove(s, StatusRefunded) {
			t.Errorf("refundable %q cannot move to refunded", s)
		}
	}
	for s := range statusKeys {
		valid("statusKeys", s)
	}
	for _, s := range Statuses() {
		if !reached[s] {
			t.Errorf("no move reaches %q", s)
		}
		if StatusKey(s) == "orders.status.unknown" {
			t.Errorf("%q has no name", s)
		}
	}
	if StatusKey("lost") != "orders.status.unknown" {
		t.Errorf("an undeclared status has a name: %q", StatusKey("lost"))
	}
}
