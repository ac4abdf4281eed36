package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"time"
)

// SMTPSender hands messages to an SMTP server (a relay such as Postmark,
// SES or the host's own Postfix). It opens one connection per message: the
// outbox sends few, and a connection kept open would go stale between them.
type SMTPSender struct {
	addr     string // host:port
	host     string
	implicit bool // smtps: TLS from the first byte
	user     string
	pass     string
	from     *mail.Address

	// TLSConfig verifies the server for smtps and STARTTLS; nil checks the
	// certificate against the system roots for the URL's host name.
	TLSConfig *tls.Config
	// LocalName is the name sent with EHLO; "localhost" when empty.
	LocalName string
	// Timeout bounds one delivery when ctx has no deadline; 60 s when zero.
	Timeout time.Duration
}

// NewSMTPSender returns a sender for smtp://user:pass@host:port (STARTTLS
// whenever the server offers it; port 587 when none is given) or
// smtps://user:pass@host:port (implicit TLS; port 465), with from as the
// From address of every message.
func NewSMTPSender(u *url.URL, from string) (*SMTPSender, error) {
	if u == nil || u.Hostname() == "" {
		return nil, errors.New("mail: SMTP URL needs a host, like smtp://user:pass@smtp.example:587")
	}
	s := &SMTPSender{host: u.Hostname()}
	port := u.Port()
	switch u.Scheme {
	case "smtp":
		if port == "" {
			port = "587"
		}
	case "smtps":
		s.implicit = true
		if port == "" {
			port = "465"
		}
	default:
		return nil, fmt.Errorf("mail: SMTP URL scheme must be smtp or smtps, got %q", u.Scheme)
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.pass, _ = u.User.Password()
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: From address %q: %v", from, err)
	}
	s.from = a
	return s, nil
}

// From is the sender address of every message.
func (s *SMTPSender) From() string { return s.from.String() }

// Send delivers m. It returns an error wrapping ErrInvalid when m can never
// be sent, and another error when the server could not be reached or
// refused it (worth retrying later).
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	to, err := m.check()
	if err != nil {
		return err
	}
	body, err := compose(s.from, to, m, time.Now())
	if err != nil {
		return fmt.Errorf("mail: compose: %w", err)
	}
	if err := s.deliver(ctx, to.Address, body); err != nil {
		return fmt.Errorf("mail: send to %s via %s: %w", to.Address, s.addr, err)
	}
	return nil
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	if s.TLSConfig != nil {
		c := s.TLSConfig.Clone()
		if c.ServerName == "" {
			c.ServerName = s.host
		}
		return c
	}
	return &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
}

func (s *SMTPSender) deliver(ctx context.Context, to string, body []byte) error {
	if _, ok := ctx.Deadline(); !ok {
		timeout := s.Timeout
		if timeout == 0 {
			timeout = 60 * time.Second
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	// net/smtp knows no context: the deadline stands in for it, and a
	// cancelled ctx closes the connection.
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline); err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if s.implicit {
		tc := tls.Client(conn, s.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			return err
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return err
	}
	defer c.Close()
	local := s.LocalName
	if local == "" {
		local = "localhost"
	}
	if err := c.Hello(local); err != nil {
		return err
	}
	if !s.implicit {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return fmt.Errorf("starttls: %w", err)
			}
		}
	}
	if s.user != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("the server offers no AUTH, but the SMTP URL has a user")
		}
		// PlainAuth refuses to send the password unencrypted to any host
		// but localhost.
		if err := c.Auth(smtp.PlainAuth("", s.user, s.pass, s.host)); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(to); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// LogSender writes messages to the log instead of sending them: the mall's
// mode when MALL_SMTP_URL is not set, so that `make run` needs no mail
// server and a developer still sees every email (and its links).
type LogSender struct {
	log *slog.Logger
}

// NewLogSender returns a sender that only logs.
func NewLogSender(log *slog.Logger) *LogSender {
	if log == nil {
		log = slog.Default()
	}
	return &LogSender{log: log}
}

// Send logs m.
func (s *LogSender) Send(ctx context.Context, m Message) error {
	to, err := m.check()
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "email not sent: MALL_SMTP_URL is not set, so it is only logged",
		"to", to.Address, "subject", m.Subject, "text", m.Text)
	return nil
}

// NewSender returns the SMTP sender for smtpURL, or the log sender when
// smtpURL is nil.
func NewSender(smtpURL *url.URL, from string, log *slog.Logger) (Sender, error) {
	if smtpURL == nil {
		return NewLogSender(log), nil
	}
	return NewSMTPSender(smtpURL, from)
}
