// Package smtptest runs a real SMTP server inside a test, on 127.0.0.1, and
// keeps every message it accepted, decoded, so a test can assert what a
// person would have found in their inbox. It speaks EHLO, STARTTLS (or TLS
// from the start), AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options choose what the server demands and offers.
type Options struct {
	// User and Password, when set, are required through AUTH PLAIN before
	// MAIL FROM.
	User, Password string
	// StartTLS offers the STARTTLS extension.
	StartTLS bool
	// ImplicitTLS speaks TLS from the first byte (smtps).
	ImplicitTLS bool
}

// Message is one accepted message.
type Message struct {
	// From and To are the envelope addresses.
	From string
	To   []string
	// User is who authenticated, "" when nobody did.
	User string
	// TLS tells whether the message travelled encrypted.
	TLS bool
	// Raw is the message as received (LF line ends).
	Raw    []byte
	Header mail.Header
	// Subject is the decoded subject.
	Subject string
	// Text and HTML are the decoded bodies ("" when absent).
	Text, HTML string
}

// Server is a running SMTP server.
type Server struct {
	// Addr is host:port the server listens on.
	Addr string

	opts      Options
	ln        net.Listener
	serverTLS *tls.Config
	clientTLS *tls.Config

	mu       sync.Mutex
	msgs     []Message
	rejectN  int
	sessions sync.WaitGroup
	conns    map[net.Conn]bool
	closed   bool
}

// Start starts a server on 127.0.0.1:0; it stops when the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("smtptest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// New starts a server; Close stops it.
func New(opts Options) (*Server, error) {
	serverTLS, clientTLS, err := selfSigned()
	if err != nil {
		return nil, err
	}
	var ln net.Listener
	if opts.ImplicitTLS {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", serverTLS)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		return nil, err
	}
	s := &Server{Addr: ln.Addr().String(), opts: opts, ln: ln, serverTLS: serverTLS, clientTLS: clientTLS, conns: map[net.Conn]bool{}}
	go s.accept()
	return s, nil
}

// URL is the smtp:// (or smtps://) URL of the server, with the user and
// password of Options, as MALL_SMTP_URL would name it.
func (s *Server) URL() *url.URL {
	u := &url.URL{Scheme: "smtp", Host: s.Addr}
	if s.opts.ImplicitTLS {
		u.Scheme = "smtps"
	}
	if s.opts.User != "" {
		u.User = url.UserPassword(s.opts.User, s.opts.Password)
	}
	return u
}

// ClientTLS is a client configuration that trusts the server's certificate.
func (s *Server) ClientTLS() *tls.Config { return s.clientTLS.Clone() }

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// RejectNext makes the next n messages fail at DATA with a temporary error
// (451), as a busy server would.
func (s *Server) RejectNext(n int) {
	s.mu.Lock()
	s.rejectN = n
	s.mu.Unlock()
}

// Close stops the server and waits for its sessions to end.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.ln.Close()
	s.sessions.Wait()
}

func (s *Server) accept() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = true
		s.sessions.Add(1)
		s.mu.Unlock()
		go func() {
			defer s.sessions.Done()
			s.serve(c)
			s.mu.Lock()
			delete(s.conns, c)
			s.mu.Unlock()
			c.Close()
		}()
	}
}

type session struct {
	tp        *textproto.Conn
	encrypted bool
	greeted   bool
	user      string
	from      string
	to        []string
}

func (s *Server) serve(c net.Conn) {
	_ = c.SetDeadline(time.Now().Add(time.Minute))
	ss := &session{tp: textproto.NewConn(c), encrypted: s.opts.ImplicitTLS}
	reply := func(code int, msg string) { _ = ss.tp.PrintfLine("%d %s", code, msg) }
	reply(220, "smtptest ESMTP ready")
	for {
		line, err := ss.tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			ss.greeted = true
			ss.from, ss.to = "", nil
			ext := []string{"smtptest", "8BITMIME"}
			if s.opts.StartTLS && !ss.encrypted {
				ext = append(ext, "STARTTLS")
			}
			if s.opts.User != "" {
				ext = append(ext, "AUTH PLAIN")
			}
			for i, e := range ext {
				sep := "-"
				if i == len(ext)-1 {
					sep = " "
				}
				_ = ss.tp.PrintfLine("250%s%s", sep, e)
			}
		case "HELO":
			ss.greeted = true
			reply(250, "smtptest")
		case "STARTTLS":
			if !s.opts.StartTLS || ss.encrypted {
				reply(502, "STARTTLS not offered")
				continue
			}
			reply(220, "go ahead")
			tc := tls.Server(c, s.serverTLS)
			if err := tc.Handshake(); err != nil {
				return
			}
			c = tc
			ss = &session{tp: textproto.NewConn(tc), encrypted: true}
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			if s.opts.User == "" || !strings.EqualFold(mech, "PLAIN") {
				reply(504, "unrecognized authentication type")
				continue
			}
			if initial == "" {
				_ = ss.tp.PrintfLine("334 ")
				if initial, err = ss.tp.ReadLine(); err != nil {
					return
				}
			}
			raw, err := base64.StdEncoding.DecodeString(initial)
			parts := strings.Split(string(raw), "\x00")
			if err != nil || len(parts) != 3 || parts[1] != s.opts.User || parts[2] != s.opts.Password {
				reply(535, "authentication failed")
				continue
			}
			ss.user = parts[1]
			reply(235, "authenticated")
		case "MAIL":
			switch {
			case !ss.greeted:
				reply(503, "say EHLO first")
			case s.opts.User != "" && ss.user == "":
				reply(530, "authentication required")
			default:
				ss.from = address(arg, "FROM:")
				ss.to = nil
				reply(250, "ok")
			}
		case "RCPT":
			if ss.from == "" {
				reply(503, "need MAIL first")
				continue
			}
			ss.to = append(ss.to, address(arg, "TO:"))
			reply(250, "ok")
		case "DATA":
			if len(ss.to) == 0 {
				reply(503, "need RCPT first")
				continue
			}
			reply(354, "end with <CRLF>.<CRLF>")
			raw, err := ss.tp.ReadDotBytes()
			if err != nil {
				return
			}
			s.mu.Lock()
			reject := s.rejectN > 0
			if reject {
				s.rejectN--
			}
			s.mu.Unlock()
			if reject {
				reply(451, "try again later")
			} else {
				m := Message{From: ss.from, To: ss.to, User: ss.user, TLS: ss.encrypted, Raw: raw}
				if err := m.decode(); err != nil {
					reply(554, "cannot parse message: "+strings.ReplaceAll(err.Error(), "\n", " "))
					ss.from, ss.to = "", nil
					continue
				}
				s.mu.Lock()
				s.msgs = append(s.msgs, m)
				s.mu.Unlock()
				reply(250, "queued")
			}
			ss.from, ss.to = "", nil
		case "RSET":
			ss.from, ss.to = "", nil
			reply(250, "ok")
		case "NOOP":
			reply(250, "ok")
		case "QUIT":
			reply(221, "bye")
			return
		default:
			reply(502, "command not implemented")
		}
	}
}

// address takes the address out of "FROM:<a@b> SIZE=12".
func address(arg, prefix string) string {
	arg = strings.TrimSpace(arg)
	if len(arg) >= len(prefix) && strings.EqualFold(arg[:len(prefix)], prefix) {
		arg = strings.TrimSpace(arg[len(prefix):])
	}
	if i := strings.IndexByte(arg, '>'); strings.HasPrefix(arg, "<") && i > 0 {
		return arg[1:i]
	}
	return arg
}

func (m *Message) decode() error {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return err
	}
	m.Header = msg.Header
	var dec mime.WordDecoder
	if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return err
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return err
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(msg.Body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			// NextPart already undoes quoted-printable.
			body, err := io.ReadAll(p)
			if err != nil {
				return err
			}
			m.setBody(p.Header.Get("Content-Type"), body)
		}
	}
	var r io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m.setBody(mediaType, body)
	return nil
}

func (m *Message) setBody(contentType string, body []byte) {
	text := strings.ReplaceAll(string(body), "\r\n", "\n")
	if strings.HasPrefix(contentType, "text/html") {
		m.HTML = text
	} else if strings.HasPrefix(contentType, "text/plain") {
		m.Text = text
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a client configuration
// that trusts it.
func selfSigned() (server, client *tls.Config, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "smtptest"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:     []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("smtptest: certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}, MinVersion: tls.VersionTLS12}
	client = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return server, client, nil
}
