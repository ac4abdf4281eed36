package payments

import "slices"

// ConnectState is where a shop stands with Stripe Connect, as the admin
// shows it; it follows from the account the mall last saw (State).
type ConnectState string

// Where a shop stands with Stripe Connect.
const (
	// ConnectNone: the shop has not started onboarding.
	ConnectNone ConnectState = "none"
	// ConnectIncomplete: onboarding started, Stripe does not pay out yet.
	ConnectIncomplete ConnectState = "incomplete"
	// ConnectReady: transfers to the account can be made.
	ConnectReady ConnectState = "ready"
)

// ConnectStates lists every Connect state, in the order a shop goes
// through them.
func ConnectStates() []ConnectState {
	return []ConnectState{ConnectNone, ConnectIncomplete, ConnectReady}
}

// Valid reports whether s is one of the declared Connect states.
func (s ConnectState) Valid() bool { return slices.Contains(ConnectStates(), s) }

// State is where the account stands (nil-safe: a nil account is
// ConnectNone).
func (a *ConnectAccount) State() ConnectState {
	switch {
	case !a.Connected():
		return ConnectNone
	case a.Ready():
		return ConnectReady
	}
	return ConnectIncomplete
}
