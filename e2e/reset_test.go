package e2e_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/internal/browsertest"
	"github.com/mall-project/mall/internal/smtptest"
	"github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/server"
)

var resetLinkIn = regexp.MustCompile(`http://\S+/account/reset-password/[A-Za-z0-9_-]+`)

// TestShopperResetsForgottenPassword: a shopper who forgot the password
// asks for a link on the sign-in page, receives it through a real SMTP
// server, sets a new password, signs in with it, and finds the link dead
// when opened again.
func TestShopperResetsForgottenPassword(t *testing.T) {
	smtp := smtptest.Start(t, smtptest.Options{User: "mall", Password: "secret", StartTLS: true})
	sender, err := mail.NewSMTPSender(smtp.URL(), "Test Mall <noreply@mall.test>")
	if err != nil {
		t.Fatal(err)
	}
	sender.TLSConfig = smtp.ClientTLS()
	m := startMall(t, func(o *server.Options) { o.Mail = sender })
	if _, err := m.app.Accounts.SignUp(t.Context(), accounts.SignUpInput{Email: "ada@example.test", Name: "Ada", Password: password}); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t)
	b.Run(
		chromedp.Navigate(m.URL+"/account/sign-in"),
		click(link(en("reset.forgot.link"))),
		waitPage("the forgot password page", `location.pathname === "/account/forgot-password"`),
		typeInto(en("account.field.email"), "ada@example.test"),
		click(`//form[@data-testid="forgot-form"]`+button(en("reset.forgot.submit"))),
		waitPage("the sent page", `location.pathname === "/account/forgot-password/sent"`),
		waitText("h1", en("reset.sent.title")),
	)
	var link string
	for deadline := time.Now().Add(15 * time.Second); link == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, msg := range smtp.Messages() {
			if len(msg.To) == 1 && msg.To[0] == "ada@example.test" && msg.TLS {
				link = resetLinkIn.FindString(msg.Text)
			}
		}
	}
	if link == "" || !strings.HasPrefix(link, m.URL) {
		t.Fatalf("no reset link reached ada over TLS: %q", link)
	}
	const newPassword = "a brand new passphrase"
	b.Run(
		chromedp.Navigate(link),
		waitText("h1", en("reset.new.title")),
		typeInto(en("reset.new.password"), newPassword),
		click(`//form[@data-testid="reset-form"]`+button(en("reset.new.submit"))),
		waitPage("the sign-in page", `location.pathname === "/account/sign-in"`),
		waitText(testid("flash"), en("reset.new.done")),
		typeInto(en("account.field.email"), "ada@example.test"),
		typeInto(en("account.field.password"), newPassword),
		click(`//form[@data-testid="sign-in-form"]`+button(en("account.sign_in.submit"))),
		waitPage("the account page", `location.pathname === "/account"`),
		chromedp.Navigate(link),
		waitText(testid("reset-invalid"), en("accounts.error.reset_link_invalid")),
	)
	b.Screenshot(t.Name())
}
