package e2e_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/browsertest"
)

// cspWatch is what the tab reports of the Content-Security-Policy: every
// violation, from the page's own securitypolicyviolation events (a script
// added before any of the page's) and from the browser's console.
type cspWatch struct {
	mu      sync.Mutex
	console []string
}

const recordViolations = `window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});`

func watchCSP(b *browsertest.Browser) *cspWatch {
	w := &cspWatch{}
	chromedp.ListenTarget(b.Context(), func(ev any) {
		if e, ok := ev.(*cdplog.EventEntryAdded); ok && strings.Contains(e.Entry.Text, "Content Security Policy") {
			w.mu.Lock()
			w.console = append(w.console, e.Entry.Text)
			w.mu.Unlock()
		}
	})
	b.Run(cdplog.Enable(), chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(recordViolations).Do(ctx)
		return err
	}))
	return w
}

// check fails the test when the page in the tab met a violation, and
// checks that the mall's script ran and its stylesheet applies.
func (w *cspWatch) check(t *testing.T, b *browsertest.Browser, what string) {
	t.Helper()
	var seen []string
	var scripted bool
	var brand string
	b.Run(
		chromedp.Evaluate(`window.__csp || ["no recorder"]`, &seen),
		chromedp.Evaluate(`document.documentElement.classList.contains("js")`, &scripted),
		chromedp.Evaluate(`getComputedStyle(document.body).getPropertyValue("--brand").trim()`, &brand),
	)
	w.mu.Lock()
	seen = append(seen, w.console...)
	w.console = nil
	w.mu.Unlock()
	if len(seen) > 0 {
		t.Errorf("%s: Content-Security-Policy violations: %q", what, seen)
	}
	if !scripted {
		t.Errorf("%s: the mall's script did not run", what)
	}
	if brand == "" {
		t.Errorf("%s: the mall's stylesheet does not apply", what)
	}
}

// TestPagesWorkUnderTheContentSecurityPolicy walks a shopper's way from
// the home page to a placed order and a merchant's admin pages in Chromium,
// and finds no violation of the policy on any of them: nothing the pages
// need is inline.
func TestPagesWorkUnderTheContentSecurityPolicy(t *testing.T) {
	m := startMall(t)
	kettles, _ := seedTwoShops(t, m)
	if err := m.app.Merchants.DB().Exec("UPDATE merchants SET theme_color = '#c2410c' WHERE id = ?", kettles.Merchant.ID).Error; err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	w := watchCSP(b)

	// The policy is enforced: a script written into the page is blocked,
	// and the watch sees it.
	var ran bool
	b.Run(
		chromedp.Navigate(m.URL+"/"),
		waitPage("the home page", `true`),
		chromedp.Evaluate(`(function () {
			window.__ran = false;
			var s = document.createElement("script");
			s.textContent = "window.__ran = true";
			document.body.appendChild(s);
			return window.__ran;
		})()`, &ran),
	)
	var caught []string
	b.Run(waitJS("the blocked script's report", `window.__csp.length > 0`), chromedp.Evaluate(`window.__csp`, &caught))
	if ran || len(caught) == 0 {
		t.Fatalf("an inline script ran (%v) or went unnoticed (%q): the policy is not enforced", ran, caught)
	}
	// The console reports it too, a moment later: that one was expected.
	b.Run(chromedp.Sleep(300 * time.Millisecond))
	w.mu.Lock()
	w.console = nil
	w.mu.Unlock()

	b.Run(chromedp.Navigate(m.URL + "/"))
	w.check(t, b, "home")
	b.Run(chromedp.Navigate(m.URL + "/search?q=kettle"))
	w.check(t, b, "search")
	b.Run(chromedp.Navigate(m.URL + "/s/acme/p/steel-kettle"))
	w.check(t, b, "product page")
	var brand string
	b.Run(chromedp.Evaluate(`getComputedStyle(document.body).getPropertyValue("--brand").trim()`, &brand))
	if brand != "#c2410c" {
		t.Errorf("the shop's brand colour on its product page = %q, want #c2410c", brand)
	}
	b.Run(addToCart(m, "/s/acme/p/steel-kettle", 1))
	w.check(t, b, "cart")
	b.Run(
		click(`//a[@data-testid="checkout-link"]`),
		waitPage("the checkout", `location.pathname === "/checkout"`),
	)
	w.check(t, b, "checkout")
	b.Run(
		typeInto(en("account.field.email"), "ada@example.test"),
		typeInto(en("checkout.address.name"), "Ada Lovelace"),
		typeInto(en("checkout.address.line1"), "12 St James's Square"),
		chooseCountry("GB"),
		typeInto(en("address.label.post_town"), "London"),
		typeInto(en("address.label.postal"), "SW1Y 4JH"),
		click(`//form[@data-testid="checkout-form"]`+button(en("checkout.place"))),
		waitPage("the confirmation", `/^\/checkout\/[0-9a-f]{32}$/.test(location.pathname)`),
		waitText(testid("confirmation-total"), usd(i18n.English, 3000)),
	)
	w.check(t, b, "order confirmation")

	signIn(t, b, m, kettles)
	w.check(t, b, "account")
	for _, path := range []string{"/admin", "/admin/products", "/admin/products/new", "/admin/orders", "/admin/settings", "/admin/stock"} {
		b.Run(chromedp.Navigate(m.URL+path), waitPage(path, `location.pathname === "`+path+`"`))
		w.check(t, b, path)
	}
}
