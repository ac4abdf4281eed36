package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/internal/browsertest"
	"github.com/mall-project/mall/internal/malltest"
)

// TestBrowsersStayOnTheMallAfterReturnAddresses follows the mall's
// redirects in a real Chromium, which is what decides where a tab or a
// backslash in an address leads: to the mall, or to the other site.
func TestBrowsersStayOnTheMallAfterReturnAddresses(t *testing.T) {
	app := malltest.NewApp(t)
	malltest.Account(t, app, "shopper@browser.test", "Shopper")
	mallURL := "http://" + serve(t, app)
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<h1>evil</h1>"))
	}))
	defer evil.Close()
	evilHost := strings.TrimPrefix(evil.URL, "http://")

	b := browsertest.New(t)
	onMall := func(what string) {
		t.Helper()
		var loc string
		b.Run(chromedp.Sleep(200*time.Millisecond), chromedp.Location(&loc))
		if !strings.HasPrefix(loc, mallURL+"/") {
			t.Errorf("%s: the browser is at %q, want the mall (%s)", what, loc, mallURL)
		}
	}
	for _, next := range []string{"/\t/" + evilHost + "/", "/\t\\" + evilHost + "/"} {
		b.Run(chromedp.Navigate(mallURL + "/locale?to=en&next=" + url.QueryEscape(next)))
		onMall("locale switch to " + strings.ReplaceAll(next, "\t", `\t`))
	}
	// The raw address the attack was found with.
	b.Run(chromedp.Navigate(mallURL + "/locale?to=en&next=/%09/" + evilHost + "/"))
	onMall("locale switch to /%09/")

	next := "/\t/" + evilHost + "/"
	b.Run(
		chromedp.Navigate(mallURL+"/account/sign-in?next="+url.QueryEscape(next)),
		chromedp.SendKeys(`input[name="email"]`, "shopper@browser.test", chromedp.ByQuery),
		chromedp.SendKeys(`input[name="password"]`, malltest.Password, chromedp.ByQuery),
		chromedp.Submit(`[data-testid="sign-in-form"]`, chromedp.ByQuery),
		chromedp.WaitReady("body", chromedp.ByQuery),
	)
	onMall("sign-in with next")
}
