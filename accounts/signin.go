package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// Throttle limits sign-in attempts that may fail, per account (email) and
// per client address, within a fixed window. The counters live in the
// database, so every instance of the mall sees the same ones.
type Throttle struct {
	PerAccount int
	PerIP      int
	Window     time.Duration
}

// DefaultThrottle allows 5 attempts per email and 20 per address every 15
// minutes; a successful sign-in gives the email its 5 attempts back.
var DefaultThrottle = Throttle{PerAccount: 5, PerIP: 20, Window: 15 * time.Minute}

// Authenticate checks an email and password typed at sign-in. Unknown
// emails and wrong passwords get the same error, after the same amount of
// work, and the limit on attempts applies to both alike: nothing in the
// answer tells whether an account exists.
func (s *Store) Authenticate(ctx context.Context, email, password, ip string) (*Account, error) {
	email = NormalizeEmail(email)
	badCredentials := &mall.Error{Code: mall.EUnauthorized, Key: "accounts.error.bad_credentials"}
	// What no account can have is refused before anything is counted or
	// stored: a megabyte "email" would otherwise become a counter's key, and
	// hashing a megabyte password would be a denial of service.
	if !ValidEmail(email) || len(password) > 4*MaxPasswordLen {
		return nil, badCredentials
	}
	// An attempt with no address still counts, against the one shared
	// "ip:" counter: the limit is never skipped.
	acctKey, ipKey := "acct:"+email, "ip:"+truncate(ip, 64)
	// Each attempt is counted before the password is checked, in one atomic
	// statement per counter: concurrent attempts can never check more
	// passwords than the limit allows, on any number of instances.
	if err := s.countAttempt(ctx, acctKey, s.Throttle.PerAccount); err != nil {
		return nil, err
	}
	if err := s.countAttempt(ctx, ipKey, s.Throttle.PerIP); err != nil {
		return nil, err
	}
	var a Account
	err := s.conn(ctx).First(&a, "email = ?", email).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		burnPasswordCheck(password)
		return nil, badCredentials
	}
	if err != nil {
		return nil, fmt.Errorf("accounts: sign in: %w", err)
	}
	ok, err := CheckPassword(a.PasswordHash, password)
	if err != nil {
		return nil, fmt.Errorf("accounts: sign in %d: %w", a.ID, err)
	}
	if !ok {
		return nil, badCredentials
	}

	now := s.Now()
	err = database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM login_failures WHERE subject = ?", acctKey).Error; err != nil {
			return err
		}
		// The address's counter counted this attempt; it did not fail.
		if err := tx.Exec("UPDATE login_failures SET attempts = attempts - 1 WHERE subject = ? AND attempts > 0", ipKey).Error; err != nil {
			return err
		}
		return tx.Model(&Account{}).Where("id = ?", a.ID).UpdateColumn("last_sign_in_at", now).Error
	})
	if err != nil {
		return nil, fmt.Errorf("accounts: sign in %d: %w", a.ID, err)
	}
	a.LastSignInAt = &now
	return &a, nil
}

// countAttempt adds one attempt to subject's counter, starting a new window
// when the old one has passed, and refuses the attempt over the limit.
func (s *Store) countAttempt(ctx context.Context, subject string, limit int) error {
	ok, _, err := s.CountRequest(ctx, subject, limit, s.Throttle.Window)
	if err != nil {
		return err
	}
	if !ok {
		return &mall.Error{Code: mall.ETooMany, Key: "accounts.error.too_many_attempts"}
	}
	return nil
}

// MaxCountWindow is the longest window CountRequest may be asked for: the
// counters older than that are purged.
const MaxCountWindow = time.Hour

// CountRequest adds one to subject's counter of requests in a fixed window
// and reports whether the request is within limit, and when the window
// ends. The counters are the sign-in throttle's, in the database, so every
// instance of the mall counts against the same ones; one atomic statement
// per request, so concurrent requests never get past the limit. A limit of
// 0 or less counts nothing. window is at most MaxCountWindow.
func (s *Store) CountRequest(ctx context.Context, subject string, limit int, window time.Duration) (bool, time.Time, error) {
	if limit <= 0 {
		return true, time.Time{}, nil
	}
	window = min(window, MaxCountWindow)
	now := s.Now()
	cutoff := now.Add(-window)
	var row struct {
		Attempts    int
		WindowStart time.Time
	}
	err := s.conn(ctx).Raw(`INSERT INTO login_failures (subject, attempts, window_start) VALUES (?, 1, ?)
ON CONFLICT (subject) DO UPDATE SET
	attempts = CASE WHEN login_failures.window_start < ? THEN 1 ELSE login_failures.attempts + 1 END,
	window_start = CASE WHEN login_failures.window_start < ? THEN excluded.window_start ELSE login_failures.window_start END
RETURNING attempts, window_start`, truncate(subject, 320), now, cutoff, cutoff).Scan(&row).Error
	if err != nil {
		return false, time.Time{}, fmt.Errorf("accounts: count %s: %w", subject, err)
	}
	return row.Attempts <= limit, row.WindowStart.Add(window), nil
}

// PurgeLoginFailures deletes counters whose window has passed.
func (s *Store) PurgeLoginFailures(ctx context.Context) error {
	cutoff := s.Now().Add(-max(s.Throttle.Window, MaxCountWindow))
	if err := s.conn(ctx).Exec("DELETE FROM login_failures WHERE window_start < ?", cutoff).Error; err != nil {
		return fmt.Errorf("accounts: purge login failures: %w", err)
	}
	return nil
}
