package orders

import "slices"

// Valid reports whether s is one of the declared order statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses(), s) }

// CheckoutStatuses lists every checkout status.
func CheckoutStatuses() []CheckoutStatus {
	return []CheckoutStatus{CheckoutPending, CheckoutPaid, CheckoutExpired, CheckoutCancelled}
}

// Valid reports whether s is one of the declared checkout statuses.
func (s CheckoutStatus) Valid() bool { return slices.Contains(CheckoutStatuses(), s) }

// TransferStatuses lists every transfer status, in the order a merchant's
// share travels.
func TransferStatuses() []TransferStatus {
	return []TransferStatus{TransferNone, TransferPending, TransferHeld, TransferTransferred}
}

// Valid reports whether s is one of the declared transfer statuses.
func (s TransferStatus) Valid() bool { return slices.Contains(TransferStatuses(), s) }

// RefundStatuses lists every refund status.
func RefundStatuses() []RefundStatus {
	return []RefundStatus{RefundPending, RefundSucceeded, RefundFailed}
}

// Valid reports whether s is one of the declared refund statuses.
func (s RefundStatus) Valid() bool { return slices.Contains(RefundStatuses(), s) }

// ActorKinds lists every kind of actor an order event records.
func ActorKinds() []ActorKind {
	return []ActorKind{ActorShopper, ActorStaff, ActorOperator, ActorStripe, ActorSystem}
}

// Valid reports whether k is one of the declared actor kinds.
func (k ActorKind) Valid() bool { return slices.Contains(ActorKinds(), k) }

// Providers lists every payment provider.
func Providers() []Provider { return []Provider{ProviderStripe, ProviderOffline} }

// Valid reports whether p is one of the declared payment providers.
func (p Provider) Valid() bool { return slices.Contains(Providers(), p) }
