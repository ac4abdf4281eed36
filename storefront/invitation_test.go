package storefront_test

import (
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
)

func TestInvitationIsAcceptedByTheInvitedAccount(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	owner := malltest.NewBrowser(t, app)
	owner.SignUp("Mei", "mei@example.test", acctPassword)
	owner.Get("/sell")
	owner.Post("/sell", map[string][]string{"name": {"Mei's Teas"}, "slug": {"mei-teas"}, "contact_email": {"mei@example.test"}})
	m, err := app.Merchants.MerchantBySlug(ctx, "mei-teas")
	if err != nil {
		t.Fatal(err)
	}
	meiAcct, _ := app.Accounts.AccountByEmail(ctx, "mei@example.test")
	token, err := app.Merchants.Invite(ctx, m.ID, meiAcct.ID, "lin@example.test", merchants.RoleManager)
	if err != nil {
		t.Fatal(err)
	}
	path := "/invitations/" + token

	anon := malltest.NewBrowser(t, app)
	p := anon.Get(path)
	if p.Status != 200 {
		t.Fatalf("GET %s = %d", path, p.Status)
	}
	if s := p.Text(`[data-testid="invitation-summary"]`); !strings.Contains(s, "Mei's Teas") || !strings.Contains(s, "Manager") {
		t.Errorf("summary %q does not name the shop and role", s)
	}

	other := malltest.NewBrowser(t, app)
	other.SignUp("Someone", "someone@example.test", acctPassword)
	p = other.Get(path)
	if p.Doc.Find(`[data-testid="invitation-wrong-account"]`).Length() != 1 {
		t.Error("another account is not told the invitation is for someone else")
	}
	if p = other.Post(path, nil); p.Status < 400 {
		t.Errorf("another account accepted: %d", p.Status)
	}

	lin := malltest.NewBrowser(t, app)
	lin.SignUp("Lin", "lin@example.test", acctPassword)
	lin.Get(path)
	p = lin.Post(path, nil)
	if p.Status != 303 || p.Location != "/admin" {
		t.Fatalf("accept: %d to %q", p.Status, p.Location)
	}
	linAcct, _ := app.Accounts.AccountByEmail(ctx, "lin@example.test")
	if role, err := app.Merchants.StaffRole(ctx, m.ID, linAcct.ID); err != nil || role != merchants.RoleManager {
		t.Errorf("after accepting: role %q, %v", role, err)
	}
	if p := malltest.NewBrowser(t, app).Get("/invitations/not-a-token"); p.Status != 404 {
		t.Errorf("unknown token = %d, want 404", p.Status)
	}
}
