// Package mail sends the mall's emails: through an SMTP server named by
// MALL_SMTP_URL, or, with none configured, into the log.
package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"sort"
	"strings"
	"time"

	"github.com/mall-project/mall/mall"
)

// Message is one email to one person.
type Message struct {
	// To is the recipient's address, optionally with a name
	// ("Ann Lee <ann@example.com>").
	To      string
	Subject string
	// Text is the plain-text body; every message has one.
	Text string
	// HTML is an optional HTML alternative of Text.
	HTML string
	// Headers are extra headers (Reply-To, X-Mall-Order, ...).
	Headers map[string]string
}

// Sender delivers messages. Send returns once the message was handed over
// (accepted by the SMTP server, or logged).
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// ErrInvalid marks a message that can never be sent as it is (a malformed
// address, a header with a line break). Retrying it is useless.
var ErrInvalid = errors.New("mail: invalid message")

// check validates the addresses and headers of m and returns the bare
// recipient address.
func (m Message) check() (*mail.Address, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("%w: recipient %q: %v", ErrInvalid, m.To, err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, fmt.Errorf("%w: subject has a line break", ErrInvalid)
	}
	if m.Text == "" {
		return nil, fmt.Errorf("%w: no text body", ErrInvalid)
	}
	for k, v := range m.Headers {
		if k == "" || strings.ContainsAny(k, "\r\n: ") || strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("%w: header %q", ErrInvalid, k)
		}
		switch textproto.CanonicalMIMEHeaderKey(k) {
		case "From", "To", "Subject", "Date", "Message-Id", "Mime-Version", "Content-Type", "Content-Transfer-Encoding", "Bcc", "Cc":
			return nil, fmt.Errorf("%w: header %s is set by the sender", ErrInvalid, k)
		}
	}
	return to, nil
}

// compose writes m as an RFC 5322 message from from, UTF-8, quoted-printable,
// multipart/alternative when it has an HTML part.
func compose(from *mail.Address, to *mail.Address, m Message, now time.Time) ([]byte, error) {
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", messageID(from.Address))
	header("MIME-Version", "1.0")
	keys := make([]string, 0, len(m.Headers))
	for k := range m.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		header(textproto.CanonicalMIMEHeaderKey(k), mime.QEncoding.Encode("utf-8", m.Headers[k]))
	}
	if m.HTML == "" {
		header("Content-Type", "text/plain; charset=utf-8")
		header("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		if err := writeQP(&b, m.Text); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	mw := multipart.NewWriter(&b)
	header("Content-Type", "multipart/alternative; boundary="+mw.Boundary())
	b.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		if err := writeQP(w, part.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type writer interface{ Write([]byte) (int, error) }

func writeQP(w writer, s string) error {
	qp := quotedprintable.NewWriter(w)
	// Line ends become CRLF as SMTP wants.
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
	if !strings.HasSuffix(s, "\r\n") {
		// A body ends with a line end; SMTP would add one anyway.
		s += "\r\n"
	}
	if _, err := qp.Write([]byte(s)); err != nil {
		return err
	}
	return qp.Close()
}

func messageID(fromAddr string) string {
	domain := "mall.invalid"
	if i := strings.LastIndexByte(fromAddr, '@'); i >= 0 && i < len(fromAddr)-1 {
		domain = fromAddr[i+1:]
	}
	return "<" + mall.RandomHex(12) + "@" + domain + ">"
}
