package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
)

// tooMany checks a 429 answer as a visitor sees it: the page says why and
// when to come back, and Retry-After says it to programs.
func tooMany(t *testing.T, what string, p *malltest.Page) {
	t.Helper()
	if p.Status != http.StatusTooManyRequests {
		t.Fatalf("%s = %d, want 429", what, p.Status)
	}
	if s, err := strconv.Atoi(p.Header.Get("Retry-After")); err != nil || s < 1 {
		t.Errorf("%s: Retry-After = %q, want seconds", what, p.Header.Get("Retry-After"))
	}
	if msg := p.Text(`[data-testid="error-message"]`); !strings.Contains(msg, "Too many requests from your address") {
		t.Errorf("%s: the page says %q", what, msg)
	}
}

func TestSignUpsArePerAddressLimited(t *testing.T) {
	app := malltest.NewApp(t)
	for i := range 10 {
		b := malltest.NewBrowser(t, app)
		if p := b.SignUp("Shopper", fmt.Sprintf("s%d@limits.test", i), malltest.Password); p.Status != http.StatusSeeOther {
			t.Fatalf("sign-up %d = %d, want 303", i+1, p.Status)
		}
	}
	b := malltest.NewBrowser(t, app)
	tooMany(t, "the 11th sign-up within the hour", b.SignUp("Shopper", "s11@limits.test", malltest.Password))
	if _, err := app.Accounts.AccountByEmail(t.Context(), "s11@limits.test"); err == nil {
		t.Error("the refused sign-up made an account")
	}
}

func TestOneOpenApplicationPerAccountAndAPerAddressLimit(t *testing.T) {
	app := malltest.NewApp(t)
	apply := func(b *malltest.Browser, slug string) *malltest.Page {
		b.Get("/sell")
		return b.Post("/sell", url.Values{"name": {"Shop " + slug}, "slug": {slug}, "description": {"x"}, "contact_email": {"c@limits.test"}})
	}
	acct := malltest.Account(t, app, "applicant@limits.test", "Applicant")
	b := malltest.SignedIn(t, app, acct)
	if p := apply(b, "first"); p.Status != http.StatusSeeOther {
		t.Fatalf("first application = %d, want 303", p.Status)
	}
	p := apply(b, "second")
	if p.Status != http.StatusConflict || !strings.Contains(p.Text(`[data-testid="error-message"]`), "still waiting") {
		t.Errorf("second open application = %d %q, want 409 saying the first still waits", p.Status, p.Text(`[data-testid="error-message"]`))
	}
	if _, err := app.Merchants.MerchantBySlug(t.Context(), "second"); err == nil {
		t.Error("the second application was filed")
	}
	// Once the first is decided, the account may apply again.
	first, err := app.Merchants.MerchantBySlug(t.Context(), "first")
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Merchants.Approve(t.Context(), malltest.Operator(t, app).ID, first.ID); err != nil {
		t.Fatal(err)
	}
	if p := apply(b, "second"); p.Status != http.StatusSeeOther {
		t.Errorf("application after the first was approved = %d, want 303", p.Status)
	}
	if _, err := app.Merchants.Apply(t.Context(), acct.ID, merchants.ApplyInput{Name: "Third", Slug: "third"}); err != merchants.ErrApplicationOpen {
		t.Errorf("store: a second open application: %v, want ErrApplicationOpen", err)
	}

	// Five applications an hour from one address, whoever sends them
	// (the two above counted, and so did the refused one).
	for i := range 2 {
		other := malltest.SignedIn(t, app, malltest.Account(t, app, fmt.Sprintf("a%d@limits.test", i), "Applicant"))
		if p := apply(other, fmt.Sprintf("shop-%d", i)); p.Status != http.StatusSeeOther {
			t.Fatalf("application %d = %d, want 303", i, p.Status)
		}
	}
	last := malltest.SignedIn(t, app, malltest.Account(t, app, "last@limits.test", "Applicant"))
	tooMany(t, "the 6th application within the hour", apply(last, "shop-last"))
}

func TestCartAddsAndUncachedSearchesArePerAddressLimited(t *testing.T) {
	app := malltest.NewApp(t)
	b := malltest.NewBrowser(t, app)
	for i := range 60 {
		if p := b.Post("/cart/add", url.Values{"variant_id": {"1"}, "quantity": {"1"}}); p.Status == http.StatusTooManyRequests {
			t.Fatalf("cart add %d refused", i+1)
		}
	}
	tooMany(t, "the 61st cart add within the minute", b.Post("/cart/add", url.Values{"variant_id": {"1"}, "quantity": {"1"}}))

	// A search the page cache answers costs nothing and is not counted.
	malltest.Shop(t, app, "limits", true)
	s := malltest.NewBrowser(t, app)
	for range 40 {
		if p := s.Get("/search?q=tea"); p.Status != http.StatusOK {
			t.Fatalf("cached search = %d", p.Status)
		}
	}
	for i := range 29 {
		if p := s.Get(fmt.Sprintf("/search?q=word%d", i)); p.Status != http.StatusOK {
			t.Fatalf("search %d = %d", i, p.Status)
		}
	}
	tooMany(t, "the 31st uncached search within the minute", s.Get("/search?q=one-more"))
	tooMany(t, "a shop's search after that", s.Get("/s/limits/search?q=x"))
	if p := s.Get("/search?q=tea"); p.Status != http.StatusOK {
		t.Errorf("a cached search after the limit = %d, want 200 from the cache", p.Status)
	}
}
