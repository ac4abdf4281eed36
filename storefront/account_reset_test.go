package storefront_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/server"
)

// mailbox keeps the emails the mall sends.
type mailbox struct {
	mu   sync.Mutex
	sent []mail.Message
}

func (m *mailbox) Send(_ context.Context, msg mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, msg)
	return nil
}

func (m *mailbox) messages() []mail.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]mail.Message(nil), m.sent...)
}

// waitFor waits until n messages were sent (the reset link goes out after
// the answer) and returns them.
func (m *mailbox) waitFor(t *testing.T, n int) []mail.Message {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if got := m.messages(); len(got) >= n {
			return got
		}
	}
	t.Fatalf("%d emails sent, want %d", len(m.messages()), n)
	return nil
}

var resetLink = regexp.MustCompile(`https?://\S+/account/reset-password/[A-Za-z0-9_-]+`)

func TestPasswordResetByEmailedLink(t *testing.T) {
	box := &mailbox{}
	app := malltest.NewAppOn(t, dbtest.Open(t), func(o *server.Options) { o.Mail = box })
	malltest.Account(t, app, "ada@example.test", "Ada")
	elsewhere := malltest.NewBrowser(t, app)
	if p := elsewhere.SignIn("ada@example.test", malltest.Password); p.Status != http.StatusSeeOther {
		t.Fatalf("sign in elsewhere: %d", p.Status)
	}

	b := malltest.NewBrowser(t, app)
	if href := b.Get("/account/sign-in").Attr(`[data-testid="forgot-link"]`, "href"); href != "/account/forgot-password" {
		t.Fatalf("sign-in page links to %q", href)
	}
	b.Get("/account/forgot-password")
	unknown := b.Post("/account/forgot-password", url.Values{"email": {"nobody@example.test"}})
	known := b.Post("/account/forgot-password", url.Values{"email": {"ADA@example.test"}})
	if unknown.Status != http.StatusSeeOther || known.Status != unknown.Status || known.Location != unknown.Location {
		t.Fatalf("answers differ: %d %q and %d %q", unknown.Status, unknown.Location, known.Status, known.Location)
	}
	if p := b.Get(known.Location); p.Status != http.StatusOK || p.Doc.Find(`[data-testid="reset-sent"]`).Length() != 1 {
		t.Fatalf("sent page %d", p.Status)
	}
	box.waitFor(t, 1)
	time.Sleep(50 * time.Millisecond)
	msgs := box.messages()
	if len(msgs) != 1 || msgs[0].To != "ada@example.test" {
		t.Fatalf("emails %+v, want one to ada", msgs)
	}
	link := resetLink.FindString(msgs[0].Text)
	if link == "" || msgs[0].Subject != "Reset your password at Test Mall" {
		t.Fatalf("email %q:\n%s", msgs[0].Subject, msgs[0].Text)
	}
	u, _ := url.Parse(link)

	form := b.Get(u.Path)
	if form.Status != http.StatusOK || form.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("reset page %d, referrer policy %q", form.Status, form.Header.Get("Referrer-Policy"))
	}
	if p := b.Post(u.Path, url.Values{"password": {"short"}}); p.Status != http.StatusUnprocessableEntity || p.Text(`#field-password-error`) == "" {
		t.Fatalf("short password: %d %q", p.Status, p.Text(`#field-password-error`))
	}
	done := b.Post(u.Path, url.Values{"password": {"a brand new passphrase"}})
	if done.Status != http.StatusSeeOther || done.Location != "/account/sign-in" {
		t.Fatalf("reset: %d to %q", done.Status, done.Location)
	}
	if p := b.Get(done.Location); p.Text(`[data-testid="flash"]`) != "Your password was changed and you were signed out everywhere. Sign in with your new password." {
		t.Errorf("flash %q", p.Text(`[data-testid="flash"]`))
	}
	// The other browser was signed out; the old password no longer works.
	if p := elsewhere.Get("/account"); p.Status != http.StatusSeeOther {
		t.Errorf("the other session still opens /account: %d", p.Status)
	}
	if p := b.SignIn("ada@example.test", malltest.Password); p.Status == http.StatusSeeOther {
		t.Error("the old password signed in")
	}
	if p := b.SignIn("ada@example.test", "a brand new passphrase"); p.Status != http.StatusSeeOther {
		t.Errorf("the new password: %d", p.Status)
	}
	// The link works once.
	for _, p := range []*malltest.Page{b.Get(u.Path), b.Post(u.Path, url.Values{"password": {"another long passphrase"}})} {
		if p.Status != http.StatusNotFound || p.Doc.Find(`[data-testid="reset-invalid"]`).Length() != 1 {
			t.Errorf("used link: %d", p.Status)
		}
	}
}

func TestForgotPasswordChecksTheEmailAndIsThrottled(t *testing.T) {
	app := malltest.NewAppOn(t, dbtest.Open(t), func(o *server.Options) { o.Mail = &mailbox{} })
	b := malltest.NewBrowser(t, app)
	b.Get("/account/forgot-password")
	p := b.Post("/account/forgot-password", url.Values{"email": {"not an email"}})
	if p.Status != http.StatusUnprocessableEntity || p.Text(`#field-email-error`) == "" || p.Attr(`#field-email`, "value") != "not an email" {
		t.Fatalf("bad email: %d %q", p.Status, p.Text(`#field-email-error`))
	}
	for i := range 3 {
		if p := b.Post("/account/forgot-password", url.Values{"email": {"mei@example.test"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("request %d: %d", i, p.Status)
		}
	}
	p = b.Post("/account/forgot-password", url.Values{"email": {"mei@example.test"}})
	if p.Status != http.StatusTooManyRequests || p.Text(`[data-testid="forgot-error"]`) != "Too many reset requests. Wait a quarter of an hour and try again." {
		t.Errorf("fourth request: %d %q", p.Status, p.Text(`[data-testid="forgot-error"]`))
	}
}

func TestSignUpWithATakenEmailLinksToTheReset(t *testing.T) {
	app := malltest.NewApp(t)
	malltest.Account(t, app, "ada@example.test", "Ada")
	b := malltest.NewBrowser(t, app)
	p := b.SignUp("Ada", "ada@example.test", "another long passphrase")
	if p.Status != http.StatusUnprocessableEntity || p.Attr(`[data-testid="forgot-link"]`, "href") != "/account/forgot-password" {
		t.Fatalf("taken email: %d, link %q", p.Status, p.Attr(`[data-testid="forgot-link"]`, "href"))
	}
}
