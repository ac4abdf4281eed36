package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/mall"
)

// Session lengths: a session lives SessionIdle past its last use, and never
// longer than SessionMax after sign-in.
const (
	SessionIdle = 30 * 24 * time.Hour
	SessionMax  = 90 * 24 * time.Hour
	// touchEvery bounds how often a request writes LastSeenAt.
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

// SessionAccount returns the account signed in with token and its session.
// An unknown, deleted or expired session is an EUnauthorized error. The
// session slides forward at most once a minute, so most requests do not
// write.
func (s *Store) SessionAccount(ctx context.Context, token string) (*Account, *Session, error) {
	if token == "" || len(token) > 128 {
		return nil, nil, errSignedOut
	}
	var sess Session
	err := s.conn(ctx).First(&sess, "id_hash = ?", mall.HashToken(token)).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, errSignedOut
	}
	if err != nil {
		return nil, nil, fmt.Errorf("accounts: read session: %w", err)
	}
	now := s.Now()
	if !now.Before(sess.ExpiresAt) {
		s.conn(ctx).Where("id_hash = ?", sess.IDHash).Delete(&Session{})
		return nil, nil, errSignedOut
	}
	var a Account
	err = s.conn(ctx).First(&a, "id = ?", sess.AccountID).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil, errSignedOut
	}
	if err != nil {
		return nil, nil, fmt.Errorf("accounts: read session account: %w", err)
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		expires := now.Add(SessionIdle)
		if limit := sess.CreatedAt.Add(SessionMax); expires.After(limit) {
			expires = limit
		}
		err := s.conn(ctx).Model(&Session{}).Where("id_hash = ?", sess.IDHash).
			Updates(map[string]any{"last_seen_at": now, "expires_at": expires}).Error
		if err != nil {
			return nil, nil, fmt.Errorf("accounts: touch session: %w", err)
		}
		sess.LastSeenAt, sess.ExpiresAt = now, expires
	}
	return &a, &sess, nil
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
