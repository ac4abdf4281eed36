package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/internal/malltest"
)

func TestOperatorSetsTheDefaultCommissionForNewMerchants(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	before := opPendingMerchant(t, app, "early-tea")
	op := opSignedIn(t, app, "op@mall.test", true)

	p := op.Get("/operator/settings")
	if p.Status != 200 || p.Doc.Find(`#field-commission`).AttrOr("value", "") != "5" {
		t.Fatalf("settings page: %d, commission %q", p.Status, p.Doc.Find(`#field-commission`).AttrOr("value", ""))
	}
	if p.Doc.Find(`nav a[href="/operator/settings"][aria-current="page"]`).Length() != 1 {
		t.Error("settings not marked in the operator nav")
	}

	// A typo keeps what was typed, says why beside the field, and saves nothing.
	p = op.Post("/operator/settings", url.Values{"commission": {"7,5"}})
	if p.Status != 422 || p.Doc.Find(`#field-commission`).AttrOr("value", "") != "7,5" {
		t.Fatalf("invalid commission: %d", p.Status)
	}
	if msg := p.Text(`#field-commission-error`); !strings.Contains(msg, "two decimals") {
		t.Errorf("no message beside the field: %q", msg)
	}
	if ms, _ := app.Merchants.MallSettings(ctx); ms.DefaultCommissionBP != 500 {
		t.Fatalf("saved %d after a rejected form", ms.DefaultCommissionBP)
	}

	p = op.Post("/operator/settings", url.Values{"commission": {"7.25"}})
	if p.Status != 303 || p.Location != "/operator/settings" {
		t.Fatalf("save: %d %q", p.Status, p.Location)
	}
	p = op.Get("/operator/settings")
	if got := p.Text(`[data-testid="default-commission"]`); !strings.Contains(got, "7.25") {
		t.Errorf("page shows %q", got)
	}
	if got := p.Text(`[data-testid="flash"]`); got != "The default commission is saved." {
		t.Errorf("flash after saving: %q", got)
	}

	// A merchant applying now starts at 7.25 %; the earlier one keeps 5 %.
	later := opPendingMerchant(t, app, "later-tea")
	if later.CommissionBP != 725 {
		t.Errorf("new merchant's commission %d, want 725", later.CommissionBP)
	}
	if got, _ := app.Merchants.MerchantByID(ctx, before.ID); got.CommissionBP != 500 {
		t.Errorf("earlier merchant's commission changed to %d", got.CommissionBP)
	}
	if p := op.Get("/operator/merchants/" + itoa(later.ID)); !strings.Contains(p.Text(`[data-testid="merchant-commission"]`), "7.25") {
		t.Errorf("merchant page shows %q", p.Text(`[data-testid="merchant-commission"]`))
	}

	// Only operators see or change it.
	shopper := opSignedIn(t, app, "shopper@example.test", false)
	if p := shopper.Get("/operator/settings"); p.Status != 403 {
		t.Errorf("shopper GET: %d", p.Status)
	}
	shopper.Get("/account")
	if p := shopper.Post("/operator/settings", url.Values{"commission": {"1"}}); p.Status != 403 {
		t.Errorf("shopper POST: %d", p.Status)
	}
	if ms, _ := app.Merchants.MallSettings(ctx); ms.DefaultCommissionBP != 725 {
		t.Errorf("default is %d after a shopper's post", ms.DefaultCommissionBP)
	}
}

// TestDefaultCommissionChangesAreLogged: every change of the default
// commission is in the mall's log with who made it; saving the same value
// again is no change.
func TestDefaultCommissionChangesAreLogged(t *testing.T) {
	app := malltest.NewApp(t)
	op := malltest.SignedIn(t, app, malltest.Operator(t, app))
	for _, pct := range []string{"7.25", "7.25", "6"} {
		op.Get("/operator/settings")
		if p := op.Post("/operator/settings", url.Values{"commission": {pct}}); p.Status != 303 {
			t.Fatalf("save %s: %d", pct, p.Status)
		}
	}
	p := op.Get("/operator/settings")
	var entries []string
	p.Doc.Find(`[data-testid="mall-log"] li`).Each(func(_ int, s *goquery.Selection) {
		entries = append(entries, strings.Join(strings.Fields(s.Find("q").Text()), " ")+" by "+s.Find(".muted").Text())
	})
	want := []string{"7.25 % → 6.00 % by operator@mall.test", "5.00 % → 7.25 % by operator@mall.test"}
	if strings.Join(entries, "|") != strings.Join(want, "|") {
		t.Errorf("log %q, want %q", entries, want)
	}
}
