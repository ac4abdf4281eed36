package accounts

import (
	"context"
	"fmt"
	"time"

	"github.com/mall-project/mall/mall"
)

// Session lengths: a session lives SessionIdle past its last use, and never
// longer than SessionMax after sign-in.
const (
	SessionIdle = 30 * 24 * time.Hour
	SessionMax  = 90 * 24 * time.Hour
	// touchEvery bounds how often TouchSession writes LastSeenAt.
	touchEvery = time.Minute
)

// Session is a signed-in browser. Only the SHA-256 of its token is stored:
// a copy of the table cannot be replayed as cookies.
type Session struct {
	IDHash     string `gorm:"primaryKey;size:64"`
	AccountID  int64  `gorm:"not null"`
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
	UserAgent  string `gorm:"size:255"`
	IP         string `gorm:"size:64"`
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Cut on a rune boundary.
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// CreateSession signs accountID in: a new random token on every sign-in
// (no session fixation). The token goes in the cookie; only its hash is
// kept.
func (s *Store) CreateSession(ctx context.Context, accountID int64, userAgent, ip string) (string, *Session, error) {
	token := mall.NewToken(32)
	now := s.Now()
	sess := &Session{
		IDHash: mall.HashToken(token), AccountID: accountID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(SessionIdle),
		UserAgent: truncate(userAgent, 255), IP: truncate(ip, 64),
	}
	if err := s.conn(ctx).Create(sess).Error; err != nil {
		return "", nil, fmt.Errorf("accounts: create session for %d: %w", accountID, err)
	}
	return token, sess, nil
}

var errSignedOut = &mall.Error{Code: mall.EUnauthorized, Key: "accounts.error.signed_out"}

// SessionAccount returns the account signed in with token and its session,
// in one indexed read and without writing: it answers every request of a
// signed-in visitor, and a read request must not write. An unknown, deleted
// or expired session is an EUnauthorized error (expired rows are left to
// PurgeExpired). TouchSession slides the session forward.
func (s *Store) SessionAccount(ctx context.Context, token string) (*Account, *Session, error) {
	if token == "" || len(token) > 128 {
		return nil, nil, errSignedOut
	}
	var rows []struct {
		SessIDHash     string
		SessAccountID  int64
		SessCreatedAt  time.Time
		SessExpiresAt  time.Time
		SessLastSeenAt time.Time
		SessUserAgent  string
		SessIP         string
		Account
	}
	err := s.conn(ctx).Raw(`SELECT s.id_hash AS sess_id_hash, s.account_id AS sess_account_id,
		s.created_at AS sess_created_at, s.expires_at AS sess_expires_at, s.last_seen_at AS sess_last_seen_at,
		s.user_agent AS sess_user_agent, s.ip AS sess_ip,
		a.id, a.email, a.name, a.password_hash, a.is_operator, a.locale, a.created_at, a.updated_at, a.last_sign_in_at
		FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id_hash = ?`, mall.HashToken(token)).Scan(&rows).Error
	if err != nil {
		return nil, nil, fmt.Errorf("accounts: read session: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil, errSignedOut
	}
	r := rows[0]
	sess := &Session{IDHash: r.SessIDHash, AccountID: r.SessAccountID, CreatedAt: r.SessCreatedAt,
		ExpiresAt: r.SessExpiresAt, LastSeenAt: r.SessLastSeenAt, UserAgent: r.SessUserAgent, IP: r.SessIP}
	if !s.Now().Before(sess.ExpiresAt) {
		return nil, nil, errSignedOut
	}
	acct := r.Account
	return &acct, sess, nil
}

// TouchSession slides sess forward (SessionIdle past now, never past
// SessionMax after sign-in) when it was last seen over a minute ago, and
// returns it as stored; otherwise it writes nothing and returns sess.
// Callers touch on the requests that change something, not on every read.
func (s *Store) TouchSession(ctx context.Context, sess *Session) (*Session, error) {
	now := s.Now()
	if now.Sub(sess.LastSeenAt) < touchEvery {
		return sess, nil
	}
	expires := now.Add(SessionIdle)
	if limit := sess.CreatedAt.Add(SessionMax); expires.After(limit) {
		expires = limit
	}
	err := s.conn(ctx).Model(&Session{}).Where("id_hash = ?", sess.IDHash).
		Updates(map[string]any{"last_seen_at": now, "expires_at": expires}).Error
	if err != nil {
		return nil, fmt.Errorf("accounts: touch session: %w", err)
	}
	touched := *sess
	touched.LastSeenAt, touched.ExpiresAt = now, expires
	return &touched, nil
}

// DeleteSession signs the browser holding token out. Deleting an unknown
// session is not an error.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	if err := s.conn(ctx).Where("id_hash = ?", mall.HashToken(token)).Delete(&Session{}).Error; err != nil {
		return fmt.Errorf("accounts: delete session: %w", err)
	}
	return nil
}

// DeleteAccountSessions signs the account out everywhere.
func (s *Store) DeleteAccountSessions(ctx context.Context, accountID int64) error {
	if err := s.conn(ctx).Where("account_id = ?", accountID).Delete(&Session{}).Error; err != nil {
		return fmt.Errorf("accounts: delete sessions of %d: %w", accountID, err)
	}
	s.changed(accountID)
	return nil
}

// PurgeExpired deletes expired sessions and reset links and finished
// failed-login windows.
func (s *Store) PurgeExpired(ctx context.Context) error {
	if err := s.conn(ctx).Where("expires_at <= ?", s.Now()).Delete(&Session{}).Error; err != nil {
		return fmt.Errorf("accounts: purge sessions: %w", err)
	}
	if err := s.conn(ctx).Where("expires_at <= ?", s.Now()).Delete(&passwordReset{}).Error; err != nil {
		return fmt.Errorf("accounts: purge password resets: %w", err)
	}
	return s.PurgeLoginFailures(ctx)
}
