package adminview

import (
	"context"
	"fmt"
	"net/url"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates"
)

// Merchant admin sections, for marking the current one in the nav.
const (
	SectionDashboard  = "dashboard"
	SectionProducts   = "products"
	SectionStock      = "stock"
	SectionCategories = "categories"
	SectionOrders     = "orders"
	SectionReviews    = "reviews"
	SectionShipping   = "shipping"
	SectionPayments   = "payments"
	SectionSettings   = "settings"
	SectionStaff      = "staff"
	SectionAccount    = "account"
)

// Shop names the merchant a staff member is managing, for the admin frame.
type Shop struct {
	Name string
	Slug string
	// Pending is set while the operator has not approved the shop yet.
	Pending bool
	// OrdersToShip counts paid orders waiting to be shipped, for the nav.
	OrdersToShip int
	// Role is the staff member's role: the nav offers only the sections
	// it may open.
	Role merchants.StaffRoleName
	// Closed is set while the operator has suspended the shop or rejected
	// its application (Rejected), with the operator's reason.
	Closed      bool
	Rejected    bool
	CloseReason string
}

// merchantSections are the admin's sections, each with the permission it
// needs ("" for every staff member).
var merchantSections = []struct {
	Section, Key, URL string
	Perm              merchants.Permission
}{
	{SectionDashboard, "admin.nav.dashboard", "/admin", ""},
	{SectionOrders, "admin.nav.orders", "/admin/orders", merchants.PermOrders},
	{SectionReviews, "reviews_admin.nav", "/admin/reviews", merchants.PermReviews},
	{SectionProducts, "admin.nav.products", "/admin/products", merchants.PermCatalog},
	{SectionStock, "admin.nav.stock", "/admin/stock", merchants.PermStock},
	{SectionCategories, "admin.nav.categories", "/admin/categories", merchants.PermCategories},
	{SectionShipping, "admin.nav.shipping", "/admin/shipping", merchants.PermShipping},
	{SectionPayments, "admin.nav.payments", "/admin/payments", merchants.PermPayments},
	{SectionSettings, "admin.nav.settings", "/admin/settings", merchants.PermSettings},
	{SectionStaff, "admin.nav.staff", "/admin/staff", ""},
	{SectionAccount, "admin.nav.account", "/admin/account", ""},
}

// MerchantFrame is the admin layout as the merchant admin uses it: the
// shop's name and the merchant nav with the current section marked. Other
// admin pages (the operator's, later areas) may reuse it for merchant pages.
func MerchantFrame(ctx context.Context, shop Shop, title, active string) templates.AdminFrame {
	f := templates.AdminFrame{Title: title, Area: "merchant", MerchantName: shop.Name, MerchantSlug: shop.Slug}
	if shop.Closed {
		f.Banner = ClosedBanner(shop.Rejected, shop.CloseReason, merchants.Can(shop.Role, merchants.PermExport))
	}
	for _, s := range merchantSections {
		if s.Perm != "" && !merchants.Can(shop.Role, s.Perm) {
			continue
		}
		item := templates.NavItem{Label: i18n.T(ctx, s.Key), URL: s.URL, Active: s.Section == active}
		if s.Section == SectionOrders && shop.OrdersToShip > 0 {
			item.Count = shop.OrdersToShip
			item.CountLabel = i18n.N(ctx, "admin.nav.orders_to_ship", shop.OrdersToShip)
		}
		f.Nav = append(f.Nav, item)
	}
	return f
}

// fieldError is the message for one field of a form, "" when it is valid.
func fieldError(ctx context.Context, errs mall.FieldErrors, field string) string {
	if e, ok := errs[field]; ok && e != nil {
		return i18n.Error(ctx, e)
	}
	return ""
}

func idURL(format string, ids ...any) string { return fmt.Sprintf(format, ids...) }

// ProductsURL is the address of one page of the product list.
func ProductsURL(q, status string, category int64, page int) string {
	v := url.Values{}
	if q != "" {
		v.Set("q", q)
	}
	if status != "" {
		v.Set("status", status)
	}
	if category > 0 {
		v.Set("category", fmt.Sprint(category))
	}
	if page > 1 {
		v.Set("page", fmt.Sprint(page))
	}
	if len(v) == 0 {
		return "/admin/products"
	}
	return "/admin/products?" + v.Encode()
}

// ProductStatusKeys names each product status on pages.
var ProductStatusKeys = map[string]string{
	"draft":    "admin.product.status.draft",
	"active":   "admin.product.status.active",
	"archived": "admin.product.status.archived",
}

// StaffRoleKeys names each staff role on pages.
var StaffRoleKeys = map[string]string{
	"owner":   "staff.role.owner",
	"manager": "staff.role.manager",
	"clerk":   "staff.role.clerk",
}

func statusLabel(ctx context.Context, status string) string {
	if k, ok := ProductStatusKeys[status]; ok {
		return i18n.T(ctx, k)
	}
	return status
}

func roleLabel(ctx context.Context, role string) string {
	if k, ok := StaffRoleKeys[role]; ok {
		return i18n.T(ctx, k)
	}
	return role
}
