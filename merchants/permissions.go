package merchants

import (
	"slices"

	"github.com/mall-project/mall/mall"
)

// Permission names one part of running a shop that a staff role may or
// may not do. The admin asks Authorize (or Can) for every request; no
// handler decides a role's rights on its own.
type Permission string

// The parts of running a shop. Pages that every staff member uses (the
// dashboard, their own account, the team list) need no permission.
const (
	// PermOrders: see orders and packing slips, confirm offline payments,
	// ship, mark delivered, cancel unpaid orders.
	PermOrders Permission = "orders"
	// PermRefunds: give money back.
	PermRefunds Permission = "refunds"
	// PermCatalog: products, their variants and images.
	PermCatalog Permission = "catalog"
	// PermStock: stock counts.
	PermStock Permission = "stock"
	// PermCategories: the shop's categories.
	PermCategories Permission = "categories"
	// PermShipping: shipping methods and their prices.
	PermShipping Permission = "shipping"
	// PermPayments: connecting the shop to card payouts.
	PermPayments Permission = "payments"
	// PermSettings: the shop's name, look, language and contact.
	PermSettings Permission = "settings"
	// PermDomain: the shop's own domain.
	PermDomain Permission = "domain"
	// PermStaff: inviting and removing staff.
	PermStaff Permission = "staff"
	// PermExport: downloading the shop's whole archive.
	PermExport Permission = "export"
	// PermReviews: replying to the shop's reviews and setting when buyers
	// are asked for one. No role may edit, hide or delete a review.
	PermReviews Permission = "reviews"
)

// Permissions lists every permission in the order pages show them.
var Permissions = []Permission{
	PermOrders, PermRefunds, PermCatalog, PermStock, PermCategories, PermShipping, PermReviews,
	PermPayments, PermSettings, PermDomain, PermStaff, PermExport,
}

// Roles lists the staff roles from the most to the least trusted.
var Roles = []StaffRoleName{RoleOwner, RoleManager, RoleClerk}

// rights is what each role may do: the one table of the shop's rules.
// Owners do everything; managers run the catalogue and the orders; clerks
// handle and fulfil orders.
var rights = map[StaffRoleName][]Permission{
	RoleOwner:   Permissions,
	RoleManager: {PermOrders, PermRefunds, PermCatalog, PermStock, PermCategories, PermShipping, PermReviews},
	RoleClerk:   {PermOrders},
}

// Can reports whether a staff member with role may do p.
func Can(role StaffRoleName, p Permission) bool {
	return slices.Contains(rights[role], p)
}

// Rights lists what role may do, in the order of Permissions.
func Rights(role StaffRoleName) []Permission {
	var out []Permission
	for _, p := range Permissions {
		if Can(role, p) {
			out = append(out, p)
		}
	}
	return out
}

// ErrRoleRefused answers a staff member whose role may not do what they
// asked; ErrShopSuspended one whose shop the operator suspended, and
// ErrShopRejected one whose application the operator turned down.
var (
	ErrRoleRefused   = &mall.Error{Code: mall.EForbidden, Key: "roles.error.role_refused", Message: "the staff role may not do this"}
	ErrShopSuspended = &mall.Error{Code: mall.EForbidden, Key: "roles.error.shop_suspended", Message: "the shop is suspended"}
	ErrShopRejected  = &mall.Error{Code: mall.EForbidden, Key: "roles.error.shop_rejected", Message: "the shop's application was rejected"}
)

// Authorize decides whether a staff member with role in shop m may do p:
// look at it (change false) or change it (change true). A shop the
// operator closed (suspended, or its application rejected) may look at
// everything its role allows and take its data with it (an export is a
// look), but changes nothing.
func Authorize(m *Merchant, role StaffRoleName, p Permission, change bool) error {
	if !Can(role, p) {
		return ErrRoleRefused
	}
	switch {
	case !change:
		return nil
	case m.Status == MerchantSuspended:
		return ErrShopSuspended
	case m.Status == MerchantRejected:
		return ErrShopRejected
	}
	return nil
}
