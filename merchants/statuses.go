package merchants

import "slices"

// MerchantStatuses lists every merchant status, in the order a shop
// meets them.
func MerchantStatuses() []MerchantStatus {
	return []MerchantStatus{MerchantPending, MerchantActive, MerchantSuspended, MerchantRejected}
}

// Valid reports whether s is one of the declared merchant statuses.
func (s MerchantStatus) Valid() bool { return slices.Contains(MerchantStatuses(), s) }
