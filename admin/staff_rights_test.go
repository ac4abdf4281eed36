package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
)

// TestStaffPageSaysWhatEachRoleMayDo: the team page shows every role's
// rights from the rights table, and the invite form says what the role
// being chosen may do.
func TestStaffPageSaysWhatEachRoleMayDo(t *testing.T) {
	app := malltest.NewApp(t)
	m, owner, b := malltest.Shop(t, app, "lima", true)
	p := b.Get("/admin/staff")
	cell := func(p *malltest.Page, perm merchants.Permission, role merchants.StaffRoleName) string {
		return p.Attr(`[data-testid="right-`+string(perm)+`"] td[data-role="`+string(role)+`"]`, "data-allowed")
	}
	for _, role := range merchants.Roles {
		for _, perm := range merchants.Permissions {
			want := "no"
			if merchants.Can(role, perm) {
				want = "yes"
			}
			if got := cell(p, perm, role); got != want {
				t.Errorf("staff page: %s may %s = %q, want %q", role, perm, got, want)
			}
		}
	}
	if got := p.Text(`[data-testid="right-refunds"] th`); got != "Refunds" {
		t.Errorf("refunds row named %q", got)
	}
	hints := p.Text(`[data-testid="invite-form"] [data-testid="invite-role-hints"]`)
	if !strings.Contains(hints, "Clerk: Orders and their fulfilment only") || !strings.Contains(hints, "Manager: Products, stock") {
		t.Errorf("invite form hints: %q", hints)
	}

	// A clerk sees the team and the rights, not the invite form.
	_, clerk := staffMember(t, app, m, owner.ID, merchants.RoleClerk)
	p = clerk.Get("/admin/staff")
	if p.Status != 200 || cell(p, merchants.PermOrders, merchants.RoleClerk) != "yes" || p.Doc.Find(`[data-testid="invite-form"]`).Length() != 0 {
		t.Errorf("clerk's staff page: %d", p.Status)
	}
}

// TestSuspendedShopSeesWhyAndKeepsItsData: every admin page of a
// suspended shop says the operator's reason and what it can still do; the
// export works, changes are refused.
func TestSuspendedShopSeesWhyAndKeepsItsData(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	m, owner, b := malltest.Shop(t, app, "mike", true)
	_, clerk := staffMember(t, app, m, owner.ID, merchants.RoleClerk)
	if n := b.Get("/admin").Doc.Find(`[data-testid="suspended-banner"]`).Length(); n != 0 {
		t.Fatal("an open shop shows the suspension banner")
	}
	if err := app.Merchants.Suspend(ctx, malltest.Operator(t, app).ID, m.ID, "Selling counterfeit watches"); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/admin", "/admin/orders", "/admin/settings"} {
		p := b.Get(path)
		if p.Status != 200 || p.Text(`[data-testid="suspended-banner"] [data-testid="suspended-reason"]`) != "Selling counterfeit watches" {
			t.Errorf("%s: %d, banner %q", path, p.Status, p.Text(`[data-testid="suspended-banner"]`))
		}
		if p.Attr(`[data-testid="suspended-export"]`, "href") != "/admin/settings/export" {
			t.Errorf("%s: the banner does not offer the export", path)
		}
	}
	if p := b.Get("/admin/settings/export"); p.Status != 200 || p.Header.Get("Content-Type") != "application/zip" {
		t.Errorf("export: %d %q", p.Status, p.Header.Get("Content-Type"))
	}
	b.Get("/admin")
	p := b.Post("/admin/settings", url.Values{"name": {"Renamed while suspended"}, "theme_color": {"#000000"}, "locale": {"en"}})
	if p.Status != 403 || !strings.Contains(p.Text(`[data-testid="error-message"]`), "suspended") {
		t.Errorf("suspended shop saves settings: %d", p.Status)
	}
	if got, _ := app.Merchants.MerchantByID(ctx, m.ID); got.Name != m.Name {
		t.Errorf("renamed to %q", got.Name)
	}
	// A clerk sees the reason too, and is told who can take the data.
	p = clerk.Get("/admin")
	if p.Doc.Find(`[data-testid="suspended-reason"]`).Length() != 1 || p.Doc.Find(`[data-testid="suspended-export"]`).Length() != 0 {
		t.Error("clerk's banner")
	}
	// Reinstated, the banner goes.
	if err := app.Merchants.Reinstate(ctx, malltest.Operator(t, app).ID, m.ID); err != nil {
		t.Fatal(err)
	}
	if n := b.Get("/admin").Doc.Find(`[data-testid="suspended-banner"]`).Length(); n != 0 {
		t.Error("a reinstated shop shows the suspension banner")
	}
}

// TestRolesSpeakChinese: the rights table, the refusal and the suspension
// banner in the admin's Chinese.
func TestRolesSpeakChinese(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	m, owner, b := malltest.Shop(t, app, "india", true)
	clerkAcct, clerk := staffMember(t, app, m, owner.ID, merchants.RoleClerk)
	for _, id := range []int64{owner.ID, clerkAcct.ID} {
		if err := app.Accounts.SetLocale(ctx, id, "zh-Hans"); err != nil {
			t.Fatal(err)
		}
	}
	if got := b.Get("/admin/staff").Text(`#role-rights`); got != "各角色的权限" {
		t.Errorf("rights heading %q", got)
	}
	if p := clerk.Get("/admin/settings"); p.Status != 403 || p.Text(`[data-testid="error-message"]`) != "您在本店的角色无权进行此操作。如有需要，请联系店主。" {
		t.Errorf("clerk refused: %d %q", p.Status, p.Text(`[data-testid="error-message"]`))
	}
	if err := app.Merchants.Suspend(ctx, malltest.Operator(t, app).ID, m.ID, "违规"); err != nil {
		t.Fatal(err)
	}
	if got := b.Get("/admin").Text(`[data-testid="suspended-banner"] strong`); got != "本店已被商城暂停营业。" {
		t.Errorf("banner %q", got)
	}
}
