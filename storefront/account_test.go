package storefront_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/web"
)

const acctPassword = "correct horse battery"

func TestSignUpSignsTheShopperIn(t *testing.T) {
	app := malltest.NewApp(t)
	b := malltest.NewBrowser(t, app)
	p := b.SignUp("Ada Shopper", "ada@example.test", acctPassword)
	if p.Status != 303 || p.Location != "/account" {
		t.Fatalf("sign-up answered %d to %q, want 303 to /account", p.Status, p.Location)
	}
	if b.Cookies[web.SessionCookie] == "" {
		t.Fatal("no session cookie after sign-up")
	}
	p = b.Get("/account")
	if p.Status != 200 {
		t.Fatalf("GET /account = %d", p.Status)
	}
	if got := p.Text(`[data-testid="account-email"]`); got != "ada@example.test" {
		t.Errorf("account page shows email %q", got)
	}
	if p.Doc.Find(`nav.visitor-nav a[href="/account"]`).Length() != 1 {
		t.Error("visitor nav does not link to the account")
	}
	if p.Doc.Find(`nav.visitor-nav a[href="/account/sign-in"]`).Length() != 0 {
		t.Error("visitor nav still offers sign-in")
	}
	if p.Doc.Find(`[data-testid="flash"]`).Length() != 1 {
		t.Error("no welcome message after sign-up")
	}
}

func TestSignUpErrorsKeepInputButNotPassword(t *testing.T) {
	app := malltest.NewApp(t)
	b := malltest.NewBrowser(t, app)
	p := b.SignUp("Ada", "not-an-email", "short")
	if p.Status != 422 {
		t.Fatalf("status %d, want 422", p.Status)
	}
	if v, _ := p.Doc.Find(`input[name="name"]`).Attr("value"); v != "Ada" {
		t.Errorf("name not kept: %q", v)
	}
	if v, _ := p.Doc.Find(`input[name="email"]`).Attr("value"); v != "not-an-email" {
		t.Errorf("email not kept: %q", v)
	}
	if v, _ := p.Doc.Find(`input[name="password"]`).Attr("value"); v != "" {
		t.Errorf("password sent back to the page: %q", v)
	}
	if p.Doc.Find(`#field-email-error`).Length() != 1 {
		t.Error("no message beside the email field")
	}
	if b.Cookies[web.SessionCookie] != "" {
		t.Error("a failed sign-up signed someone in")
	}
}

func TestSignInFailuresLookAlike(t *testing.T) {
	app := malltest.NewApp(t)
	malltest.NewBrowser(t, app).SignUp("Ada", "ada@example.test", acctPassword)

	wrong := malltest.NewBrowser(t, app).SignIn("ada@example.test", "wrong password!")
	unknown := malltest.NewBrowser(t, app).SignIn("nobody@example.test", "wrong password!")
	if wrong.Status != unknown.Status || wrong.Status < 400 {
		t.Errorf("statuses differ or succeed: wrong password %d, unknown email %d", wrong.Status, unknown.Status)
	}
	a, b := wrong.Text(`[data-testid="sign-in-error"]`), unknown.Text(`[data-testid="sign-in-error"]`)
	if a == "" || a != b {
		t.Errorf("messages differ: %q vs %q", a, b)
	}
	if v, _ := wrong.Doc.Find(`input[name="email"]`).Attr("value"); v != "ada@example.test" {
		t.Errorf("email not kept: %q", v)
	}
}

func TestSignInIsLimitedAfterFailedAttempts(t *testing.T) {
	app := malltest.NewApp(t)
	malltest.NewBrowser(t, app).SignUp("Ada", "ada@example.test", acctPassword)
	b := malltest.NewBrowser(t, app)
	for i := 0; i < 5; i++ {
		if p := b.SignIn("ada@example.test", "wrong password!"); p.Status != 401 {
			t.Fatalf("attempt %d: status %d, want 401", i+1, p.Status)
		}
	}
	p := b.SignIn("ada@example.test", acctPassword)
	if p.Status != 429 {
		t.Fatalf("6th attempt with the right password: status %d, want 429", p.Status)
	}
	if msg := p.Text(`[data-testid="sign-in-error"]`); !strings.Contains(msg, "Too many") {
		t.Errorf("message %q does not say too many attempts", msg)
	}
	if b.Cookies[web.SessionCookie] != "" {
		t.Error("signed in despite the limit")
	}
}

func TestSignOutEndsTheSession(t *testing.T) {
	app := malltest.NewApp(t)
	b := malltest.NewBrowser(t, app)
	b.SignUp("Ada", "ada@example.test", acctPassword)
	old := b.Cookies[web.SessionCookie]
	b.Get("/account")
	p := b.Post("/account/sign-out", nil)
	if p.Status != 303 {
		t.Fatalf("sign-out status %d", p.Status)
	}
	if b.Cookies[web.SessionCookie] != "" {
		t.Error("session cookie not cleared")
	}
	// Someone who kept the old cookie is no longer signed in.
	thief := malltest.NewBrowser(t, app)
	thief.Cookies[web.SessionCookie] = old
	p = thief.Get("/account")
	if p.Status != 303 || !strings.HasPrefix(p.Location, "/account/sign-in") {
		t.Errorf("old session still works: %d %q", p.Status, p.Location)
	}
}

func TestSignInNextStaysOnTheMall(t *testing.T) {
	app := malltest.NewApp(t)
	malltest.NewBrowser(t, app).SignUp("Ada", "ada@example.test", acctPassword)
	cases := map[string]string{
		"https://evil.example/": "/account",
		"//evil.example/":       "/account",
		"/\\evil.example":       "/account",
		"/sell":                 "/sell",
	}
	for next, want := range cases {
		b := malltest.NewBrowser(t, app)
		p := b.Get("/account/sign-in?next=" + url.QueryEscape(next))
		if v, _ := p.Doc.Find(`input[name="next"]`).Attr("value"); v != "" && v != want {
			t.Errorf("next=%q kept on the form as %q", next, v)
		}
		p = b.Post("/account/sign-in", url.Values{"email": {"ada@example.test"}, "password": {acctPassword}, "next": {next}})
		if p.Status != 303 || p.Location != want {
			t.Errorf("next=%q: %d to %q, want 303 to %q", next, p.Status, p.Location, want)
		}
	}
}

func TestAccountPageSavesLanguage(t *testing.T) {
	app := malltest.NewApp(t)
	b := malltest.NewBrowser(t, app)
	b.SignUp("Ada", "ada@example.test", acctPassword)
	b.Get("/account")
	p := b.Post("/account/locale", url.Values{"locale": {"zh-Hans"}})
	if p.Status != 303 {
		t.Fatalf("status %d", p.Status)
	}
	p = b.Get("/account")
	if lang, _ := p.Doc.Find("html").Attr("lang"); lang != "zh-Hans" {
		t.Errorf("page language %q after choosing Chinese", lang)
	}
	acct, err := app.Accounts.AccountByEmail(t.Context(), "ada@example.test")
	if err != nil {
		t.Fatal(err)
	}
	if acct.Locale != "zh-Hans" {
		t.Errorf("account locale %q", acct.Locale)
	}
}

func TestAccountNeedsSignIn(t *testing.T) {
	app := malltest.NewApp(t)
	p := malltest.NewBrowser(t, app).Get("/account")
	if p.Status != 303 || p.Location != "/account/sign-in?next=%2Faccount" {
		t.Errorf("anonymous /account: %d %q", p.Status, p.Location)
	}
}
