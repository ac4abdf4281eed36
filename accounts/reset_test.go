package accounts_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/mall"
)

const newPassword = "a brand new passphrase"

func TestPasswordResetIsSingleUseAndEndsEverySession(t *testing.T) {
	ctx := t.Context()
	db := dbtest.Open(t)
	s := accounts.NewStore(db)
	a := mustSignUp(t, s, "mei@example.test")
	sess1, _, _ := s.CreateSession(ctx, a.ID, "phone", "203.0.113.1")
	sess2, _, _ := s.CreateSession(ctx, a.ID, "laptop", "203.0.113.2")

	// An unknown email gets no link and no error: the caller answers alike.
	if token, acct, err := s.RequestPasswordReset(ctx, "nobody@example.test", "203.0.113.9"); token != "" || acct != nil || err != nil {
		t.Fatalf("unknown email: %q %v %v", token, acct, err)
	}
	if _, _, err := s.RequestPasswordReset(ctx, "not an email", ""); mall.Fields(err)["email"] == nil {
		t.Fatalf("bad email: %v", err)
	}
	token, acct, err := s.RequestPasswordReset(ctx, " MEI@example.test ", "203.0.113.9")
	if err != nil || token == "" || acct == nil || acct.ID != a.ID {
		t.Fatalf("request: %q %v %v", token, acct, err)
	}
	var stored int64
	db.Raw(`SELECT COUNT(*) FROM password_resets WHERE token_hash = ?`, token).Scan(&stored)
	if stored != 0 {
		t.Fatal("the token is stored as it is, not hashed")
	}
	if err := s.CheckPasswordReset(ctx, token); err != nil {
		t.Fatalf("fresh link: %v", err)
	}
	// A password that breaks the rules uses nothing up.
	if _, err := s.ResetPassword(ctx, token, "short"); mall.Fields(err)["password"] == nil {
		t.Fatalf("short password: %v", err)
	}
	if err := s.CheckPasswordReset(ctx, token); err != nil {
		t.Fatalf("link after a refused password: %v", err)
	}
	other, _, _ := s.RequestPasswordReset(ctx, "mei@example.test", "203.0.113.9")

	// Two submits at once: one sets the password.
	var won atomic.Int64
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := s.ResetPassword(ctx, token, newPassword); err == nil {
				won.Add(1)
			} else if errKey(err) != "invalid/accounts.error.reset_link_invalid" {
				t.Errorf("losing submit: %v", err)
			}
		})
	}
	wg.Wait()
	if won.Load() != 1 {
		t.Fatalf("%d submits reset the password, want 1", won.Load())
	}
	for _, tok := range []string{sess1, sess2} {
		if _, _, err := s.SessionAccount(ctx, tok); mall.ErrorCode(err) != mall.EUnauthorized {
			t.Errorf("a session survived the reset: %v", err)
		}
	}
	if _, err := s.Authenticate(ctx, "mei@example.test", password, ""); err == nil {
		t.Error("the old password still works")
	}
	if _, err := s.Authenticate(ctx, "mei@example.test", newPassword, ""); err != nil {
		t.Errorf("the new password: %v", err)
	}
	// The link is used up, and the other link of the account went with it.
	for _, tok := range []string{token, other} {
		if err := s.CheckPasswordReset(ctx, tok); errKey(err) != "invalid/accounts.error.reset_link_invalid" {
			t.Errorf("used link: %v", err)
		}
		if _, err := s.ResetPassword(ctx, tok, "yet another passphrase"); errKey(err) != "invalid/accounts.error.reset_link_invalid" {
			t.Errorf("reuse: %v", err)
		}
	}

	// An expired link does nothing.
	late, _, _ := s.RequestPasswordReset(ctx, "mei@example.test", "")
	if err := db.Exec(`UPDATE password_resets SET expires_at = ?`, time.Now().UTC().Add(-time.Second)).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := s.ResetPassword(ctx, late, "yet another passphrase"); errKey(err) != "invalid/accounts.error.reset_link_invalid" {
		t.Errorf("expired link: %v", err)
	}
	if _, err := s.Authenticate(ctx, "mei@example.test", newPassword, ""); err != nil {
		t.Errorf("an expired link changed the password: %v", err)
	}
}

func TestPasswordResetRequestsAreThrottledAlikeForEveryEmail(t *testing.T) {
	s := mustOpenStore(t)
	mustSignUp(t, s, "mei@example.test")
	for _, email := range []string{"mei@example.test", "nobody@example.test"} {
		for i := range 3 {
			if _, _, err := s.RequestPasswordReset(t.Context(), email, ""); err != nil {
				t.Fatalf("%s request %d: %v", email, i, err)
			}
		}
		if _, _, err := s.RequestPasswordReset(t.Context(), email, ""); mall.ErrorCode(err) != mall.ETooMany {
			t.Errorf("%s: fourth request %v, want too many", email, err)
		}
	}
	// Per address too, across emails.
	for i := range 10 {
		if _, _, err := s.RequestPasswordReset(t.Context(), "x"+string(rune('a'+i))+"@example.test", "198.51.100.7"); err != nil {
			t.Fatalf("address request %d: %v", i, err)
		}
	}
	if _, _, err := s.RequestPasswordReset(t.Context(), "fresh@example.test", "198.51.100.7"); mall.ErrorCode(err) != mall.ETooMany {
		t.Errorf("eleventh from one address: %v", err)
	}
}
