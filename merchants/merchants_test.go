package merchants_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
)

func TestMain(m *testing.M) {
	// Accounts are only fixtures here: cheap password hashes.
	accounts.Params = accounts.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	os.Exit(m.Run())
}

type fixture struct {
	db    *gorm.DB
	accts *accounts.Store
	store *merchants.Store
	ctx   context.Context
	t     *testing.T
}

func setup(t *testing.T) *fixture {
	t.Helper()
	db := dbtest.Open(t)
	return &fixture{db: db, accts: accounts.NewStore(db), store: merchants.NewStore(db), ctx: t.Context(), t: t}
}

func (f *fixture) account(email string) *accounts.Account {
	f.t.Helper()
	a, err := f.accts.SignUp(f.ctx, accounts.SignUpInput{Email: email, Name: email, Password: "a long enough password"})
	if err != nil {
		f.t.Fatalf("sign up %s: %v", email, err)
	}
	return a
}

func (f *fixture) operator() *accounts.Account {
	f.t.Helper()
	a, err := f.accts.CreateOperator(f.ctx, "op@mall.test", "Operator", "a long enough password")
	if err != nil {
		f.t.Fatal(err)
	}
	return a
}

// shop has a new account apply for slug and returns the merchant and owner.
func (f *fixture) shop(slug string) (*merchants.Merchant, *accounts.Account) {
	f.t.Helper()
	owner := f.account("owner@" + slug + ".test")
	m, err := f.store.Apply(f.ctx, owner.ID, merchants.ApplyInput{Name: "Shop " + slug, Slug: slug})
	if err != nil {
		f.t.Fatalf("apply %s: %v", slug, err)
	}
	return m, owner
}

func fieldKey(err error, field string) string {
	if e := mall.Fields(err)[field]; e != nil {
		return e.Key
	}
	return ""
}

func errKey(err error) string {
	if e := mall.AsError(err); e != nil {
		return e.Code + "/" + e.Key
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

func kinds(t *testing.T, s *merchants.Store, merchantID int64) []merchants.EventKind {
	t.Helper()
	events, err := s.MerchantEvents(t.Context(), merchantID)
	if err != nil {
		t.Fatal(err)
	}
	var out []merchants.EventKind
	for _, e := range events {
		out = append(out, e.Kind)
	}
	return out
}

func TestApplyMakesAPendingShopOwnedByTheApplicant(t *testing.T) {
	f := setup(t)
	mei := f.account("mei@example.test")
	m, err := f.store.Apply(f.ctx, mei.ID, merchants.ApplyInput{Name: " Mei's Teas ", Slug: "Mei-Teas", Description: "Green teas"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.store.MerchantBySlug(f.ctx, "mei-teas")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != m.ID || got.Status != merchants.MerchantPending || got.Name != "Mei's Teas" || got.IsOpen() {
		t.Errorf("merchant %+v", got)
	}
	if got.ContactEmail != "mei@example.test" {
		t.Errorf("contact email %q, want the applicant's", got.ContactEmail)
	}
	staff, err := f.store.StaffOf(f.ctx, mei.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(staff) != 1 || staff[0].MerchantID != m.ID || staff[0].Role != merchants.RoleOwner || staff[0].Merchant == nil || staff[0].Merchant.Slug != "mei-teas" {
		t.Fatalf("staff of applicant: %+v", staff)
	}
	if role, err := f.store.StaffRole(f.ctx, m.ID, mei.ID); role != merchants.RoleOwner || err != nil {
		t.Errorf("StaffRole = %q, %v", role, err)
	}
	if k := kinds(t, f.store, m.ID); len(k) != 1 || k[0] != merchants.EventApplied {
		t.Errorf("log %v", k)
	}
}

func TestApplyValidates(t *testing.T) {
	f := setup(t)
	f.shop("taken-shop")
	a := f.account("a@example.test")
	cases := []struct {
		name  string
		in    merchants.ApplyInput
		field string
		key   string
	}{
		{"no slug", merchants.ApplyInput{Name: "A", Slug: ""}, "slug", "merchants.error.slug_required"},
		{"spaces in slug", merchants.ApplyInput{Name: "A", Slug: "my shop"}, "slug", "merchants.error.slug_invalid"},
		{"leading dash", merchants.ApplyInput{Name: "A", Slug: "-shop"}, "slug", "merchants.error.slug_invalid"},
		{"taken", merchants.ApplyInput{Name: "A", Slug: "taken-shop"}, "slug", "merchants.error.slug_taken"},
		{"taken, other case", merchants.ApplyInput{Name: "A", Slug: "Taken-Shop"}, "slug", "merchants.error.slug_taken"},
		{"reserved admin", merchants.ApplyInput{Name: "A", Slug: "admin"}, "slug", "merchants.error.slug_taken"},
		{"reserved s", merchants.ApplyInput{Name: "A", Slug: "s"}, "slug", "merchants.error.slug_taken"},
		{"reserved operator", merchants.ApplyInput{Name: "A", Slug: "operator"}, "slug", "merchants.error.slug_taken"},
		{"no name", merchants.ApplyInput{Name: " ", Slug: "fine-slug"}, "name", "merchants.error.name_required"},
		{"bad contact", merchants.ApplyInput{Name: "A", Slug: "fine-slug", ContactEmail: "nope"}, "contact_email", "merchants.error.email_invalid"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.store.Apply(f.ctx, a.ID, tc.in)
			if got := fieldKey(err, tc.field); got != tc.key {
				t.Errorf("got %v, want %s on %s", err, tc.key, tc.field)
			}
		})
	}
	if staff, _ := f.store.StaffOf(f.ctx, a.ID); len(staff) != 0 {
		t.Errorf("refused applications left staff rows: %+v", staff)
	}
}

func TestOperatorDecisionsAreLogged(t *testing.T) {
	f := setup(t)
	op := f.operator()
	m, owner := f.shop("gamma-gear")
	var changed []int64
	var mu sync.Mutex
	f.store.OnChange(func(id int64) { mu.Lock(); changed = append(changed, id); mu.Unlock() })

	if err := f.store.Approve(f.ctx, owner.ID, m.ID); mall.ErrorCode(err) != mall.EForbidden {
		t.Fatalf("owner approving own shop: %v", err)
	}
	if err := f.store.Approve(f.ctx, op.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := f.store.MerchantByID(f.ctx, m.ID)
	if got.Status != merchants.MerchantActive || got.ApprovedAt == nil {
		t.Fatalf("after approval: %s approved %v", got.Status, got.ApprovedAt)
	}
	if err := f.store.Approve(f.ctx, op.ID, m.ID); errKey(err) != "conflict/merchants.error.status_conflict" {
		t.Errorf("approving twice: %s", errKey(err))
	}
	if err := f.store.Suspend(f.ctx, op.ID, m.ID, "  "); fieldKey(err, "reason") != "merchants.error.reason_required" {
		t.Errorf("suspension without reason: %v", err)
	}
	if err := f.store.Suspend(f.ctx, op.ID, m.ID, "Counterfeit goods reported"); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.store.MerchantByID(f.ctx, m.ID); got.Status != merchants.MerchantSuspended {
		t.Fatalf("after suspension: %s", got.Status)
	}
	if err := f.store.Reinstate(f.ctx, op.ID, m.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := f.store.MerchantByID(f.ctx, m.ID); got.Status != merchants.MerchantActive {
		t.Fatalf("after reinstatement: %s", got.Status)
	}
	if err := f.store.Reinstate(f.ctx, op.ID, m.ID); mall.ErrorCode(err) != mall.EConflict {
		t.Errorf("reinstating an active shop: %v", err)
	}

	events, _ := f.store.MerchantEvents(f.ctx, m.ID)
	want := []merchants.EventKind{merchants.EventReinstated, merchants.EventSuspended, merchants.EventApproved, merchants.EventApplied}
	if len(events) != len(want) {
		t.Fatalf("log %+v", events)
	}
	for i, e := range events {
		if e.Kind != want[i] {
			t.Errorf("event %d: %s, want %s", i, e.Kind, want[i])
		}
	}
	if events[1].Reason != "Counterfeit goods reported" || events[1].ActorID != op.ID {
		t.Errorf("suspension logged as %+v", events[1])
	}
	mu.Lock()
	defer mu.Unlock()
	if len(changed) != 3 || changed[0] != m.ID {
		t.Errorf("OnChange calls %v, want 3 for merchant %d", changed, m.ID)
	}
}

func TestConcurrentApprovalsDecideOnce(t *testing.T) {
	f := setup(t)
	op := f.operator()
	m, _ := f.shop("race-shop")
	const n = 8
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- f.store.Approve(f.ctx, op.ID, m.ID)
		}()
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		switch mall.ErrorCode(err) {
		case "":
			ok++
		case mall.EConflict:
		default:
			t.Errorf("approve: %v", err)
		}
	}
	if k := kinds(t, f.store, m.ID); ok != 1 || len(k) != 2 {
		t.Errorf("%d approvals succeeded, log %v; want exactly one", ok, k)
	}
}

func TestCommission(t *testing.T) {
	f := setup(t)
	op := f.operator()
	m, owner := f.shop("delta-books")
	for _, bp := range []int{-1, 10001} {
		if err := f.store.SetCommission(f.ctx, op.ID, m.ID, bp); fieldKey(err, "commission") != "merchants.error.commission_range" {
			t.Errorf("commission %d: %v", bp, err)
		}
	}
	if err := f.store.SetCommission(f.ctx, owner.ID, m.ID, 0); mall.ErrorCode(err) != mall.EForbidden {
		t.Errorf("owner setting commission: %v", err)
	}
	if err := f.store.SetCommission(f.ctx, op.ID, m.ID, 725); err != nil {
		t.Fatal(err)
	}
	got, _ := f.store.MerchantByID(f.ctx, m.ID)
	events, _ := f.store.MerchantEvents(f.ctx, m.ID)
	if got.CommissionBP != 725 || events[0].Kind != merchants.EventCommissionChanged || events[0].Reason != "5.00 % → 7.25 %" {
		t.Errorf("commission %d, log %+v", got.CommissionBP, events[0])
	}
	if err := f.store.SetCommission(f.ctx, op.ID, 999, 100); mall.ErrorCode(err) != mall.ENotFound {
		t.Errorf("missing merchant: %v", err)
	}
}

func TestListsAcrossMall(t *testing.T) {
	f := setup(t)
	op := f.operator()
	alpha, _ := f.shop("alpha-tea")
	f.shop("bravo-bikes")
	f.shop("charlie-cups")
	if err := f.store.Approve(f.ctx, op.ID, alpha.ID); err != nil {
		t.Fatal(err)
	}
	slugs := func(list []merchants.Merchant) []string {
		var out []string
		for _, m := range list {
			out = append(out, m.Slug)
		}
		return out
	}
	cases := []struct {
		filter merchants.MerchantFilter
		want   string
		total  int
	}{
		{merchants.MerchantFilter{}, "[charlie-cups bravo-bikes alpha-tea]", 3},
		{merchants.MerchantFilter{Status: merchants.MerchantActive}, "[alpha-tea]", 1},
		{merchants.MerchantFilter{Status: merchants.MerchantPending}, "[charlie-cups bravo-bikes]", 2},
		{merchants.MerchantFilter{Query: "BRAVO"}, "[bravo-bikes]", 1},
		{merchants.MerchantFilter{Query: "owner@alpha"}, "[alpha-tea]", 1},
		{merchants.MerchantFilter{Query: "%"}, "[]", 0},
		{merchants.MerchantFilter{PerPage: 2, Page: 2}, "[alpha-tea]", 3},
	}
	for _, tc := range cases {
		list, total, err := f.store.ListMerchantsAcrossMall(f.ctx, tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(slugs(list)); got != tc.want || total != tc.total {
			t.Errorf("%+v: %s (%d), want %s (%d)", tc.filter, got, total, tc.want, tc.total)
		}
	}
	open, err := f.store.OpenMerchantsAcrossMall(f.ctx, 0)
	if err != nil || fmt.Sprint(slugs(open)) != "[alpha-tea]" {
		t.Errorf("open merchants %v %v", slugs(open), err)
	}
}

func TestUpdateSettings(t *testing.T) {
	f := setup(t)
	m, _ := f.shop("kiln")
	calls := 0
	f.store.OnChange(func(int64) { calls++ })
	good := merchants.SettingsInput{Name: "Kiln & Clay", Description: "Stoneware", ThemeColor: "#A0522D", Locale: "zh-Hans", BothLocales: true, ContactEmail: "Hi@Kiln.test", LogoPath: "logos/kiln.png"}
	cases := []struct {
		name   string
		change func(*merchants.SettingsInput)
		field  string
		key    string
	}{
		{"no name", func(in *merchants.SettingsInput) { in.Name = "" }, "name", "merchants.error.name_required"},
		{"bad colour", func(in *merchants.SettingsInput) { in.ThemeColor = "red" }, "theme_color", "merchants.error.color_invalid"},
		{"bad locale", func(in *merchants.SettingsInput) { in.Locale = "fr" }, "locale", "merchants.error.locale_invalid"},
		{"bad email", func(in *merchants.SettingsInput) { in.ContactEmail = "x@" }, "contact_email", "merchants.error.email_invalid"},
	}
	for _, tc := range cases {
		in := good
		tc.change(&in)
		if _, err := f.store.UpdateSettings(f.ctx, m.ID, in); fieldKey(err, tc.field) != tc.key {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if calls != 0 {
		t.Errorf("refused settings called OnChange %d times", calls)
	}
	got, err := f.store.UpdateSettings(f.ctx, m.ID, good)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Kiln & Clay" || got.ThemeColor != "#a0522d" || got.Locale != "zh-Hans" || !got.BothLocales || got.ContactEmail != "hi@kiln.test" || got.LogoPath != "logos/kiln.png" {
		t.Errorf("saved %+v", got)
	}
	if calls != 1 {
		t.Errorf("OnChange called %d times", calls)
	}
	if _, err := f.store.UpdateSettings(f.ctx, 999, good); mall.ErrorCode(err) != mall.ENotFound {
		t.Errorf("missing merchant: %v", err)
	}
}

// fakeDNS answers TXT lookups from a map.
type fakeDNS struct {
	records map[string][]string
	asked   []string
}

func (d *fakeDNS) lookupTXT(_ context.Context, host string) ([]string, error) {
	d.asked = append(d.asked, host)
	if r, ok := d.records[host]; ok {
		return r, nil
	}
	return nil, errors.New("no such host")
}

func TestCustomDomainVerification(t *testing.T) {
	f := setup(t)
	a, _ := f.shop("alpha")
	b, _ := f.shop("bravo")
	for _, host := range []string{"not a host", "localhost", "http://shop.example", "1.2.3.4"} {
		if _, err := f.store.SetCustomDomain(f.ctx, a.ID, host); fieldKey(err, "domain") != "merchants.error.domain_invalid" {
			t.Errorf("domain %q: %v", host, err)
		}
	}
	m, err := f.store.SetCustomDomain(f.ctx, a.ID, "Shop.Alpha.Example.")
	if err != nil {
		t.Fatal(err)
	}
	if m.CustomDomain != "shop.alpha.example" || len(m.DomainToken) < 16 || m.DomainVerifiedAt != nil || m.ServesDomain() {
		t.Fatalf("after setting: %+v", m)
	}
	if _, err := f.store.MerchantByDomain(f.ctx, "shop.alpha.example"); mall.ErrorCode(err) != mall.ENotFound {
		t.Errorf("unverified domain served: %v", err)
	}
	// An unverified claim keeps no one else from claiming the host: only
	// the DNS record decides whose it is.
	bClaim, err := f.store.SetCustomDomain(f.ctx, b.ID, "shop.alpha.example")
	if err != nil {
		t.Fatalf("a second claim on an unverified domain: %v", err)
	}
	if bClaim.DomainToken == m.DomainToken {
		t.Fatal("two claims share a token")
	}

	dns := &fakeDNS{records: map[string][]string{"_mall.shop.alpha.example": {"v=spf1 -all", "mall-verify=wrong"}}}
	if _, err := f.store.VerifyDomain(f.ctx, a.ID, dns.lookupTXT); fieldKey(err, "domain") != "merchants.error.domain_unverified" {
		t.Errorf("wrong record: %v", err)
	}
	if fmt.Sprint(dns.asked) != "[_mall.shop.alpha.example]" {
		t.Errorf("looked up %v", dns.asked)
	}
	name, value := m.DomainRecord()
	dns.records[name] = append(dns.records[name], value)
	m, err = f.store.VerifyDomain(f.ctx, a.ID, dns.lookupTXT)
	if err != nil {
		t.Fatal(err)
	}
	if !m.ServesDomain() {
		t.Fatal("verified domain does not serve")
	}
	got, err := f.store.MerchantByDomain(f.ctx, "SHOP.alpha.example")
	if err != nil || got.ID != a.ID {
		t.Fatalf("MerchantByDomain: %v %v", got, err)
	}
	// The verified domain ends the other claim, and is taken now.
	if bm, _ := f.store.MerchantByID(f.ctx, b.ID); bm.CustomDomain != "" {
		t.Errorf("bravo's unprovable claim stayed: %q", bm.CustomDomain)
	}
	if _, err := f.store.SetCustomDomain(f.ctx, b.ID, "shop.alpha.example"); fieldKey(err, "domain") != "merchants.error.domain_taken" {
		t.Errorf("second merchant taking a verified domain: %v", err)
	}

	// A new domain starts unverified, with a new token.
	m2, err := f.store.SetCustomDomain(f.ctx, a.ID, "alpha.example")
	if err != nil {
		t.Fatal(err)
	}
	if m2.DomainVerifiedAt != nil || m2.DomainToken == m.DomainToken {
		t.Errorf("changed domain kept verification or token: %+v", m2)
	}
	if _, err := f.store.MerchantByDomain(f.ctx, "shop.alpha.example"); mall.ErrorCode(err) != mall.ENotFound {
		t.Errorf("old domain still served: %v", err)
	}
	// The released domain may now go to another merchant.
	if _, err := f.store.SetCustomDomain(f.ctx, b.ID, "shop.alpha.example"); err != nil {
		t.Errorf("released domain: %v", err)
	}
	if _, err := f.store.VerifyDomain(f.ctx, b.ID, dns.lookupTXT); err == nil {
		t.Error("bravo verified with alpha's old token")
	}
}

func TestUnverifiedDomainClaimsExpire(t *testing.T) {
	f := setup(t)
	a, _ := f.shop("alpha")
	m, err := f.store.SetCustomDomain(f.ctx, a.ID, "tea.example")
	if err != nil {
		t.Fatal(err)
	}
	name, value := m.DomainRecord()
	dns := &fakeDNS{records: map[string][]string{name: {value}}}
	old := time.Now().UTC().Add(-merchants.DomainClaimTTL - time.Hour)
	if err := f.store.DB().Model(&merchants.Merchant{}).Where("id = ?", a.ID).Update("domain_claimed_at", old).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.VerifyDomain(f.ctx, a.ID, dns.lookupTXT); fieldKey(err, "domain") != "edge.domain.claim_expired" {
		t.Fatalf("verifying an expired claim: %v, want claim_expired", err)
	}
	// Setting the same domain again renews the claim with a new token.
	renewed, err := f.store.SetCustomDomain(f.ctx, a.ID, "tea.example")
	if err != nil {
		t.Fatal(err)
	}
	if renewed.DomainToken == m.DomainToken || renewed.DomainClaimedAt == nil || renewed.DomainClaimedAt.Before(old.Add(time.Hour)) {
		t.Fatalf("renewed claim: %+v", renewed)
	}
	name, value = renewed.DomainRecord()
	dns.records[name] = []string{value}
	if m, err := f.store.VerifyDomain(f.ctx, a.ID, dns.lookupTXT); err != nil || !m.ServesDomain() {
		t.Fatalf("verifying the renewed claim: %v", err)
	}
}

func TestInvitations(t *testing.T) {
	f := setup(t)
	m, owner := f.shop("team-shop")
	clerk := f.account("clerk@example.test")
	other := f.account("other@example.test")

	if _, err := f.store.Invite(f.ctx, m.ID, owner.ID, "not-an-email", merchants.RoleClerk); fieldKey(err, "email") != "merchants.error.email_invalid" {
		t.Errorf("bad email: %v", err)
	}
	if _, err := f.store.Invite(f.ctx, m.ID, owner.ID, "x@example.test", "admin"); fieldKey(err, "role") != "merchants.error.role_invalid" {
		t.Errorf("bad role: %v", err)
	}
	if _, err := f.store.Invite(f.ctx, m.ID, owner.ID, "owner@team-shop.test", merchants.RoleClerk); fieldKey(err, "email") != "merchants.error.already_staff" {
		t.Errorf("inviting a member: %v", err)
	}
	if _, err := f.store.Invite(f.ctx, m.ID, other.ID, "x@example.test", merchants.RoleClerk); errKey(err) != "forbidden/merchants.error.owners_only" {
		t.Errorf("outsider inviting: %v", err)
	}
	token, err := f.store.Invite(f.ctx, m.ID, owner.ID, " Clerk@Example.test", merchants.RoleClerk)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := f.store.InvitationByToken(f.ctx, token)
	if err != nil || inv.Email != "clerk@example.test" || inv.Role != merchants.RoleClerk || inv.MerchantID != m.ID {
		t.Fatalf("InvitationByToken: %+v %v", inv, err)
	}
	if err := f.store.AcceptInvitation(f.ctx, token, other.ID); errKey(err) != "forbidden/merchants.error.invitation_wrong_email" {
		t.Errorf("wrong account accepting: %s", errKey(err))
	}
	if err := f.store.AcceptInvitation(f.ctx, token, clerk.ID); err != nil {
		t.Fatalf("invited account accepting: %v", err)
	}
	if role, err := f.store.StaffRole(f.ctx, m.ID, clerk.ID); role != merchants.RoleClerk || err != nil {
		t.Errorf("clerk's role %q %v", role, err)
	}
	if err := f.store.AcceptInvitation(f.ctx, token, clerk.ID); errKey(err) != "not_found/merchants.error.invitation_invalid" {
		t.Errorf("second use: %s", errKey(err))
	}
	if _, err := f.store.InvitationByToken(f.ctx, token); mall.ErrorCode(err) != mall.ENotFound {
		t.Errorf("used invitation still shown: %v", err)
	}
	// A clerk may not invite.
	if _, err := f.store.Invite(f.ctx, m.ID, clerk.ID, "y@example.test", merchants.RoleClerk); mall.ErrorCode(err) != mall.EForbidden {
		t.Errorf("clerk inviting: %v", err)
	}

	// Expired.
	late, err := f.store.Invite(f.ctx, m.ID, owner.ID, "other@example.test", merchants.RoleManager)
	if err != nil {
		t.Fatal(err)
	}
	// A week later the link no longer works; the rest of the test lives a
	// week on.
	f.store.SetClock(func() time.Time { return time.Now().Add(merchants.InvitationTTL) })
	if err := f.store.AcceptInvitation(f.ctx, late, other.ID); errKey(err) != "not_found/merchants.error.invitation_invalid" {
		t.Errorf("expired invitation: %s", errKey(err))
	}
	if _, err := f.store.StaffRole(f.ctx, m.ID, other.ID); mall.ErrorCode(err) != mall.ENotFound {
		t.Errorf("expired invitation made staff: %v", err)
	}
	// A new invitation replaces the open one: the old link stops working.
	first, _ := f.store.Invite(f.ctx, m.ID, owner.ID, "new@example.test", merchants.RoleClerk)
	second, _ := f.store.Invite(f.ctx, m.ID, owner.ID, "new@example.test", merchants.RoleManager)
	if _, err := f.store.InvitationByToken(f.ctx, first); err == nil {
		t.Error("replaced invitation still works")
	}
	if inv, err := f.store.InvitationByToken(f.ctx, second); err != nil || inv.Role != merchants.RoleManager {
		t.Errorf("new invitation: %+v %v", inv, err)
	}
	open, _ := f.store.ListInvitations(f.ctx, m.ID)
	if len(open) != 1 || open[0].Email != "new@example.test" {
		t.Fatalf("open invitations %+v", open)
	}
	if err := f.store.CancelInvitation(f.ctx, m.ID+1000, open[0].ID); mall.ErrorCode(err) != mall.ENotFound {
		t.Errorf("cancel through another merchant: %v", err)
	}
	if err := f.store.CancelInvitation(f.ctx, m.ID, open[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.InvitationByToken(f.ctx, second); err == nil {
		t.Error("cancelled invitation still works")
	}
	if _, err := f.store.InvitationByToken(f.ctx, "nonsense"); errKey(err) != "not_found/merchants.error.invitation_invalid" {
		t.Errorf("unknown token: %v", err)
	}
}

func TestConcurrentAcceptUsesTheLinkOnce(t *testing.T) {
	f := setup(t)
	m, owner := f.shop("once")
	clerk := f.account("clerk@example.test")
	token, err := f.store.Invite(f.ctx, m.ID, owner.ID, clerk.Email, merchants.RoleClerk)
	if err != nil {
		t.Fatal(err)
	}
	const n = 6
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); errs <- f.store.AcceptInvitation(f.ctx, token, clerk.ID) }()
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		if err == nil {
			ok++
		} else if mall.ErrorCode(err) != mall.ENotFound {
			t.Errorf("accept: %v", err)
		}
	}
	staff, _ := f.store.ListStaff(f.ctx, m.ID)
	if ok != 1 || len(staff) != 2 {
		t.Errorf("%d accepts succeeded, %d staff", ok, len(staff))
	}
}

func TestTenancy(t *testing.T) {
	f := setup(t)
	a, aOwner := f.shop("alpha")
	b, bOwner := f.shop("bravo")
	bClerk := f.account("clerk@bravo.test")
	token, err := f.store.Invite(f.ctx, b.ID, bOwner.ID, bClerk.Email, merchants.RoleClerk)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.store.AcceptInvitation(f.ctx, token, bClerk.ID); err != nil {
		t.Fatal(err)
	}

	staff, err := f.store.ListStaff(f.ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(staff) != 1 || staff[0].AccountID != aOwner.ID || staff[0].AccountEmail != "owner@alpha.test" {
		t.Errorf("alpha's staff: %+v", staff)
	}
	staff, _ = f.store.ListStaff(f.ctx, b.ID)
	if len(staff) != 2 || staff[0].Role != merchants.RoleOwner || staff[1].AccountEmail != "clerk@bravo.test" {
		t.Errorf("bravo's staff: %+v", staff)
	}
	for _, id := range []int64{bOwner.ID, bClerk.ID} {
		if _, err := f.store.StaffRole(f.ctx, a.ID, id); mall.ErrorCode(err) != mall.ENotFound {
			t.Errorf("bravo's account %d has a role at alpha: %v", id, err)
		}
	}
	if _, err := f.store.Invite(f.ctx, a.ID, bOwner.ID, "x@example.test", merchants.RoleOwner); mall.ErrorCode(err) != mall.EForbidden {
		t.Errorf("bravo's owner inviting to alpha: %v", err)
	}
	if err := f.store.RemoveStaff(f.ctx, a.ID, bOwner.ID, aOwner.ID); mall.ErrorCode(err) != mall.EForbidden {
		t.Errorf("bravo's owner removing alpha's: %v", err)
	}
	for _, id := range []int64{a.ID, b.ID} {
		for _, e := range mustEvents(t, f.store, id) {
			if e.MerchantID != id {
				t.Errorf("log of %d holds an event of %d", id, e.MerchantID)
			}
		}
	}
	if invs, _ := f.store.ListInvitations(f.ctx, a.ID); len(invs) != 0 {
		t.Errorf("alpha sees invitations %+v", invs)
	}
	if staff, _ := f.store.StaffOf(f.ctx, bClerk.ID); len(staff) != 1 || staff[0].MerchantID != b.ID {
		t.Errorf("clerk works for %+v", staff)
	}
}

func mustEvents(t *testing.T, s *merchants.Store, id int64) []merchants.MerchantEvent {
	t.Helper()
	events, err := s.MerchantEvents(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func TestRemoveStaffKeepsAnOwner(t *testing.T) {
	f := setup(t)
	m, owner := f.shop("team")
	join := func(email string, role merchants.StaffRoleName) *accounts.Account {
		a := f.account(email)
		token, err := f.store.Invite(f.ctx, m.ID, owner.ID, email, role)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.store.AcceptInvitation(f.ctx, token, a.ID); err != nil {
			t.Fatal(err)
		}
		return a
	}
	clerk := join("clerk@team.test", merchants.RoleClerk)
	manager := join("manager@team.test", merchants.RoleManager)

	if err := f.store.RemoveStaff(f.ctx, m.ID, owner.ID, owner.ID); errKey(err) != "conflict/merchants.error.last_owner" {
		t.Errorf("last owner leaving: %s", errKey(err))
	}
	if err := f.store.RemoveStaff(f.ctx, m.ID, manager.ID, clerk.ID); errKey(err) != "forbidden/merchants.error.owners_only" {
		t.Errorf("manager removing clerk: %s", errKey(err))
	}
	if err := f.store.RemoveStaff(f.ctx, m.ID, clerk.ID, clerk.ID); err != nil {
		t.Errorf("clerk leaving: %v", err)
	}
	if err := f.store.RemoveStaff(f.ctx, m.ID, owner.ID, manager.ID); err != nil {
		t.Errorf("owner removing manager: %v", err)
	}
	second := join("second@team.test", merchants.RoleOwner)
	if err := f.store.RemoveStaff(f.ctx, m.ID, second.ID, owner.ID); err != nil {
		t.Errorf("owner removing another owner: %v", err)
	}
	staff, _ := f.store.ListStaff(f.ctx, m.ID)
	if len(staff) != 1 || staff[0].AccountID != second.ID {
		t.Errorf("team left: %+v", staff)
	}
}

func TestDefaultCommissionForNewMerchants(t *testing.T) {
	f := setup(t)
	op := f.operator()
	before, beforeOwner := f.shop("early-books")
	if before.CommissionBP != merchants.DefaultCommissionBP {
		t.Fatalf("commission before any setting: %d", before.CommissionBP)
	}
	if ms, err := f.store.MallSettings(f.ctx); err != nil || ms.DefaultCommissionBP != merchants.DefaultCommissionBP {
		t.Fatalf("settings before saving: %+v %v", ms, err)
	}
	for _, bp := range []int{-1, 10001} {
		if err := f.store.SetDefaultCommission(f.ctx, op.ID, bp); fieldKey(err, "commission") != "merchants.error.commission_range" {
			t.Errorf("default commission %d: %v", bp, err)
		}
	}
	if err := f.store.SetDefaultCommission(f.ctx, beforeOwner.ID, 100); mall.ErrorCode(err) != mall.EForbidden {
		t.Errorf("a shop owner set the default: %v", err)
	}
	for _, bp := range []int{725, 0, 1250} {
		if err := f.store.SetDefaultCommission(f.ctx, op.ID, bp); err != nil {
			t.Fatal(err)
		}
		ms, err := f.store.MallSettings(f.ctx)
		if err != nil || ms.DefaultCommissionBP != bp || ms.UpdatedBy != op.ID {
			t.Fatalf("settings after saving %d: %+v %v", bp, ms, err)
		}
		m, _ := f.shop(fmt.Sprintf("books-%d", bp))
		if err := f.store.Approve(f.ctx, op.ID, m.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := f.store.MerchantByID(f.ctx, m.ID)
		if m.CommissionBP != bp || got.CommissionBP != bp {
			t.Errorf("new merchant with default %d: applied %d, stored %d", bp, m.CommissionBP, got.CommissionBP)
		}
	}
	if got, _ := f.store.MerchantByID(f.ctx, before.ID); got.CommissionBP != merchants.DefaultCommissionBP {
		t.Errorf("earlier merchant's commission changed to %d", got.CommissionBP)
	}
}

func TestOneOpenApplicationHoldsUnderConcurrency(t *testing.T) {
	f := setup(t)
	a := f.account("racer@apply.test")
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.store.Apply(f.ctx, a.ID, merchants.ApplyInput{Name: fmt.Sprint("Shop ", i), Slug: fmt.Sprint("race-", i)})
		}()
	}
	wg.Wait()
	filed := 0
	for _, err := range errs {
		switch {
		case err == nil:
			filed++
		case err != merchants.ErrApplicationOpen:
			t.Errorf("unexpected error: %v", err)
		}
	}
	var pending int64
	if err := f.db.Model(&merchants.Merchant{}).Where("status = ?", merchants.MerchantPending).Count(&pending).Error; err != nil {
		t.Fatal(err)
	}
	if filed != 1 || pending != 1 {
		t.Errorf("%d applications filed, %d pending, want exactly 1", filed, pending)
	}
}
