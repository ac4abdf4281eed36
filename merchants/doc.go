// Package merchants owns the mall's tenants: merchants, their staff and
// invitations, custom domains, and the operator's decisions about them
// (approval, suspension, commission).
package merchants
