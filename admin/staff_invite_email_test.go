package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/internal/smtptest"
	"github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/server"
)

// mailedApp is the mall on a fresh database sending its email to a real
// SMTP server inside the test.
func mailedApp(t *testing.T) (*server.App, *smtptest.Server) {
	t.Helper()
	srv := smtptest.Start(t, smtptest.Options{})
	sender, err := mail.NewSMTPSender(srv.URL(), "Test Mall <mall@mall.test>")
	if err != nil {
		t.Fatal(err)
	}
	return malltest.NewAppOn(t, dbtest.Open(t), func(o *server.Options) { o.Mail = sender }), srv
}

// inboxOf returns the messages that reached to.
func inboxOf(srv *smtptest.Server, to string) []smtptest.Message {
	var out []smtptest.Message
	for _, m := range srv.Messages() {
		for _, rcpt := range m.To {
			if rcpt == to {
				out = append(out, m)
			}
		}
	}
	return out
}

// TestStaffInvitationIsEmailed: inviting someone emails them the link,
// through the outbox, once; the link in the email lets them join with the
// role the email names, and an invitation replaced before the email went
// out is not sent.
func TestStaffInvitationIsEmailed(t *testing.T) {
	app, srv := mailedApp(t)
	ctx := t.Context()
	m, _, b := malltest.Shop(t, app, "oscar", true)
	b.Get("/admin/staff")
	p := b.Post("/admin/staff/invitations", url.Values{"email": {"Kim@Example.test"}, "role": {"clerk"}})
	if p.Status != 201 || !strings.Contains(p.Text(`[role="status"]`), "Invitation sent by email") {
		t.Fatalf("invite: %d %q", p.Status, p.Text(`[role="status"]`))
	}
	shown := p.Attr(`[data-testid="invite-link"]`, "value")
	if _, err := app.Outbox.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Outbox.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	got := inboxOf(srv, "kim@example.test")
	if len(got) != 1 {
		t.Fatalf("kim got %d emails", len(got))
	}
	e := got[0]
	if e.Subject != "You are invited to join "+m.Name {
		t.Errorf("subject %q", e.Subject)
	}
	for _, want := range []string{
		"Owner of oscar invites you to join the team of Shop oscar as Clerk.",
		"Orders and their fulfilment only",
		"Accept the invitation: " + shown,
		"(kim@example.test)",
	} {
		if !strings.Contains(e.Text, want) {
			t.Errorf("email lacks %q:\n%s", want, e.Text)
		}
	}
	if e.Header.Get("Reply-To") != m.ContactEmail {
		t.Errorf("Reply-To %q", e.Header.Get("Reply-To"))
	}
	// The link in the email works for the invited person.
	kim := malltest.Account(t, app, "kim@example.test", "Kim")
	token := shown[strings.LastIndex(shown, "/")+1:]
	if err := app.Merchants.AcceptInvitation(ctx, token, kim.ID); err != nil {
		t.Fatal(err)
	}

	// Two invitations for the same person before the worker runs: only
	// the newer one is emailed, as only its link works.
	b.Get("/admin/staff")
	b.Post("/admin/staff/invitations", url.Values{"email": {"lee@example.test"}, "role": {"clerk"}})
	b.Get("/admin/staff")
	b.Post("/admin/staff/invitations", url.Values{"email": {"lee@example.test"}, "role": {"manager"}})
	if _, err := app.Outbox.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	got = inboxOf(srv, "lee@example.test")
	if len(got) != 1 || !strings.Contains(got[0].Text, "as Manager") {
		t.Fatalf("lee got %d emails", len(got))
	}
}
