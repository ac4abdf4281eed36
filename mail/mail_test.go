package mail_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/smtptest"
	"github.com/mall-project/mall/mail"
)

const from = "Acme Mall <orders@mall.example>"

func sender(t *testing.T, srv *smtptest.Server) *mail.SMTPSender {
	t.Helper()
	s, err := mail.NewSMTPSender(srv.URL(), from)
	if err != nil {
		t.Fatal(err)
	}
	s.TLSConfig = srv.ClientTLS()
	return s
}

func TestSMTPSenderDeliversOverSTARTTLSWithAuth(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: "mall", Password: "p@ss:word", StartTLS: true})
	text := "您好，王小明：\n\n.a line starting with a dot\n" + strings.Repeat("长", 120) + "\nTotal: ¥128.00\n"
	err := sender(t, srv).Send(context.Background(), mail.Message{
		To:      "王小明 <ming@example.cn>",
		Subject: "订单 ACME-1001 已确认",
		Text:    text,
		Headers: map[string]string{"X-Mall-Checkout": "abc123"},
	})
	if err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("server got %d messages", len(msgs))
	}
	m := msgs[0]
	if !m.TLS || m.User != "mall" {
		t.Errorf("TLS %v, user %q: want STARTTLS and AUTH", m.TLS, m.User)
	}
	if m.From != "orders@mall.example" || len(m.To) != 1 || m.To[0] != "ming@example.cn" {
		t.Errorf("envelope from %q to %v", m.From, m.To)
	}
	if m.Subject != "订单 ACME-1001 已确认" {
		t.Errorf("subject %q", m.Subject)
	}
	if m.Text != text {
		t.Errorf("text arrived as\n%q\nwant\n%q", m.Text, text)
	}
	if got := m.Header.Get("X-Mall-Checkout"); got != "abc123" {
		t.Errorf("X-Mall-Checkout %q", got)
	}
	if a, err := m.Header.AddressList("From"); err != nil || a[0].Address != "orders@mall.example" || a[0].Name != "Acme Mall" {
		t.Errorf("From header %v %v", a, err)
	}
	if m.Header.Get("Message-Id") == "" || m.Header.Get("Date") == "" {
		t.Errorf("no Message-ID or Date: %v", m.Header)
	}
}

func TestSMTPSenderImplicitTLSWithHTML(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{ImplicitTLS: true, User: "u", Password: "p"})
	if srv.URL().Scheme != "smtps" {
		t.Fatalf("URL %v", srv.URL())
	}
	err := sender(t, srv).Send(context.Background(), mail.Message{
		To: "ann@example.com", Subject: "Shipped", Text: "Your parcel is on its way.", HTML: "<p>Your parcel is on its <b>way</b>.</p>",
	})
	if err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || !msgs[0].TLS {
		t.Fatalf("messages %+v", msgs)
	}
	if msgs[0].Text != "Your parcel is on its way.\n" || msgs[0].HTML != "<p>Your parcel is on its <b>way</b>.</p>\n" {
		t.Errorf("text %q html %q", msgs[0].Text, msgs[0].HTML)
	}
}

func TestSMTPSenderWithoutTLSOrAuth(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	if err := sender(t, srv).Send(context.Background(), mail.Message{To: "ann@example.com", Subject: "Hi", Text: "hello"}); err != nil {
		t.Fatal(err)
	}
	if msgs := srv.Messages(); len(msgs) != 1 || msgs[0].TLS || msgs[0].Text != "hello\n" {
		t.Errorf("messages %+v", msgs)
	}
}

func TestSMTPSenderFailures(t *testing.T) {
	ctx := context.Background()
	msg := mail.Message{To: "ann@example.com", Subject: "Hi", Text: "hello"}

	t.Run("wrong password", func(t *testing.T) {
		srv := smtptest.Start(t, smtptest.Options{User: "mall", Password: "right", StartTLS: true})
		u := srv.URL()
		u.User = userinfo("mall", "wrong")
		s, err := mail.NewSMTPSender(u, from)
		if err != nil {
			t.Fatal(err)
		}
		s.TLSConfig = srv.ClientTLS()
		if err := s.Send(ctx, msg); err == nil || !strings.Contains(err.Error(), "535") {
			t.Errorf("Send = %v, want the 535 refusal", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages arrived", n)
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		srv := smtptest.Start(t, smtptest.Options{StartTLS: true})
		s, err := mail.NewSMTPSender(srv.URL(), from)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Send(ctx, msg); err == nil {
			t.Error("sent over TLS to a server whose certificate nobody trusts")
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages arrived", n)
		}
	})
	t.Run("server busy", func(t *testing.T) {
		srv := smtptest.Start(t, smtptest.Options{})
		srv.RejectNext(1)
		s := sender(t, srv)
		if err := s.Send(ctx, msg); err == nil || errors.Is(err, mail.ErrInvalid) {
			t.Errorf("Send = %v, want a temporary failure", err)
		}
		if err := s.Send(ctx, msg); err != nil {
			t.Errorf("second try: %v", err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("%d messages arrived, want 1", n)
		}
	})
	t.Run("nobody listening", func(t *testing.T) {
		srv := smtptest.Start(t, smtptest.Options{})
		s := sender(t, srv)
		srv.Close()
		if err := s.Send(ctx, msg); err == nil {
			t.Error("Send to a closed server succeeded")
		}
	})
}

func TestInvalidMessagesAreRefusedBeforeSending(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	s := sender(t, srv)
	cases := map[string]mail.Message{
		"bad recipient":       {To: "not an address", Subject: "Hi", Text: "x"},
		"injected recipient":  {To: "ann@example.com\r\nBcc: eve@example.com", Subject: "Hi", Text: "x"},
		"injected subject":    {To: "ann@example.com", Subject: "Hi\r\nBcc: eve@example.com", Text: "x"},
		"injected header":     {To: "ann@example.com", Subject: "Hi", Text: "x", Headers: map[string]string{"X-A": "1\nBcc: eve@example.com"}},
		"overridden envelope": {To: "ann@example.com", Subject: "Hi", Text: "x", Headers: map[string]string{"bcc": "eve@example.com"}},
		"no body":             {To: "ann@example.com", Subject: "Hi"},
	}
	for name, m := range cases {
		if err := s.Send(context.Background(), m); !errors.Is(err, mail.ErrInvalid) {
			t.Errorf("%s: Send = %v, want ErrInvalid", name, err)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages arrived", n)
	}
}

func TestNewSenderWithoutSMTPURLOnlyLogs(t *testing.T) {
	var buf bytes.Buffer
	s, err := mail.NewSender(nil, from, slog.New(slog.NewTextHandler(&buf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), mail.Message{To: "ann@example.com", Subject: "Order ACME-1001", Text: "Thanks"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"MALL_SMTP_URL is not set", "ann@example.com", "Order ACME-1001", "Thanks"} {
		if !strings.Contains(out, want) {
			t.Errorf("log %q lacks %q", out, want)
		}
	}
}

func TestNewSMTPSenderRejectsBadSettings(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	if _, err := mail.NewSMTPSender(srv.URL(), "not an address"); err == nil {
		t.Error("accepted a malformed From")
	}
	u := srv.URL()
	u.Scheme = "http"
	if _, err := mail.NewSMTPSender(u, from); err == nil {
		t.Error("accepted an http URL")
	}
}

func userinfo(user, pass string) *url.Userinfo { return url.UserPassword(user, pass) }
