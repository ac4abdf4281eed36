package merchants_test

import (
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
)

// TestRightsTable states each role's rights as the shop's rules say them:
// owners everything, managers the catalogue, orders and review replies,
// clerks orders only.
func TestRightsTable(t *testing.T) {
	want := map[merchants.StaffRoleName][]merchants.Permission{
		merchants.RoleOwner: merchants.Permissions,
		merchants.RoleManager: {merchants.PermOrders, merchants.PermRefunds, merchants.PermCatalog,
			merchants.PermStock, merchants.PermCategories, merchants.PermShipping, merchants.PermReviews},
		merchants.RoleClerk: {merchants.PermOrders},
	}
	for _, role := range merchants.Roles {
		allowed := map[merchants.Permission]bool{}
		for _, p := range want[role] {
			allowed[p] = true
		}
		for _, p := range merchants.Permissions {
			if got := merchants.Can(role, p); got != allowed[p] {
				t.Errorf("Can(%s, %s) = %v, want %v", role, p, got, allowed[p])
			}
		}
		if got := merchants.Rights(role); len(got) != len(want[role]) {
			t.Errorf("Rights(%s) = %v", role, got)
		}
	}
	if merchants.Can("stranger", merchants.PermOrders) || merchants.Can("", merchants.PermOrders) {
		t.Error("an unknown role may do something")
	}
}

// TestSuspendedShopLooksButChangesNothing: a suspended shop may look at
// what its role allows and export its data, and change nothing.
func TestSuspendedShopLooksButChangesNothing(t *testing.T) {
	open := &merchants.Merchant{Status: merchants.MerchantActive}
	pending := &merchants.Merchant{Status: merchants.MerchantPending}
	suspended := &merchants.Merchant{Status: merchants.MerchantSuspended}
	cases := []struct {
		m      *merchants.Merchant
		role   merchants.StaffRoleName
		p      merchants.Permission
		change bool
		want   error
	}{
		{open, merchants.RoleOwner, merchants.PermSettings, true, nil},
		{pending, merchants.RoleOwner, merchants.PermCatalog, true, nil},
		{open, merchants.RoleClerk, merchants.PermSettings, false, merchants.ErrRoleRefused},
		{open, merchants.RoleManager, merchants.PermDomain, true, merchants.ErrRoleRefused},
		{suspended, merchants.RoleOwner, merchants.PermExport, false, nil},
		{suspended, merchants.RoleOwner, merchants.PermOrders, false, nil},
		{suspended, merchants.RoleOwner, merchants.PermCatalog, true, merchants.ErrShopSuspended},
		{suspended, merchants.RoleOwner, merchants.PermRefunds, true, merchants.ErrShopSuspended},
		{suspended, merchants.RoleClerk, merchants.PermExport, false, merchants.ErrRoleRefused},
	}
	for _, c := range cases {
		err := merchants.Authorize(c.m, c.role, c.p, c.change)
		if err != c.want {
			t.Errorf("Authorize(%s shop, %s, %s, change %v) = %v, want %v", c.m.Status, c.role, c.p, c.change, err, c.want)
		}
		if err != nil && mall.ErrorCode(err) != mall.EForbidden {
			t.Errorf("refusal code %q", mall.ErrorCode(err))
		}
	}
}
