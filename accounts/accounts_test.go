package accounts_test

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/mall"
)

const password = "correct horse battery"

func TestMain(m *testing.M) {
	// Argon2id at 19 MiB is slow under -race; the tests that are about the
	// hash itself use DefaultParams explicitly.
	accounts.Params = accounts.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	os.Exit(m.Run())
}

func mustOpenStore(t *testing.T) *accounts.Store {
	t.Helper()
	return accounts.NewStore(dbtest.Open(t))
}

func mustSignUp(t *testing.T, s *accounts.Store, email string) *accounts.Account {
	t.Helper()
	a, err := s.SignUp(t.Context(), accounts.SignUpInput{Email: email, Name: "Mei", Password: password})
	if err != nil {
		t.Fatalf("sign up %s: %v", email, err)
	}
	return a
}

func errKey(err error) string {
	if e := mall.AsError(err); e != nil {
		return e.Code + "/" + e.Key
	}
	if err != nil {
		return "other: " + err.Error()
	}
	return ""
}

func TestSignUpValidates(t *testing.T) {
	s := mustOpenStore(t)
	mustSignUp(t, s, "taken@example.test")
	cases := []struct {
		name  string
		in    accounts.SignUpInput
		field string
		key   string
	}{
		{"bad email", accounts.SignUpInput{Email: "not-an-email", Name: "A", Password: password}, "email", "accounts.error.email_invalid"},
		{"display name", accounts.SignUpInput{Email: "A <a@example.test>", Name: "A", Password: password}, "email", "accounts.error.email_invalid"},
		{"no name", accounts.SignUpInput{Email: "a@example.test", Name: "  ", Password: password}, "name", "accounts.error.name_required"},
		{"short password", accounts.SignUpInput{Email: "a@example.test", Name: "A", Password: "123456789"}, "password", "accounts.error.password_too_short"},
		{"long password", accounts.SignUpInput{Email: "a@example.test", Name: "A", Password: strings.Repeat("x", 129)}, "password", "accounts.error.password_too_long"},
		{"taken, other case", accounts.SignUpInput{Email: " Taken@Example.TEST ", Name: "A", Password: password}, "email", "accounts.error.email_unavailable"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.SignUp(t.Context(), tc.in)
			fields := mall.Fields(err)
			if fields[tc.field] == nil || fields[tc.field].Key != tc.key {
				t.Fatalf("got %v, want %s on %s", err, tc.key, tc.field)
			}
		})
	}
	a, err := s.SignUp(t.Context(), accounts.SignUpInput{Email: "  New@Example.test", Name: " Li ", Password: strings.Repeat("密", 10)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Email != "new@example.test" || a.Name != "Li" || a.IsOperator {
		t.Errorf("stored %q %q operator=%v", a.Email, a.Name, a.IsOperator)
	}
	if strings.Contains(a.PasswordHash, strings.Repeat("密", 10)) {
		t.Error("password stored in clear")
	}
}

func TestDefaultParamsAreOWASPArgon2id(t *testing.T) {
	want := accounts.Argon2Params{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
	if accounts.DefaultParams != want {
		t.Fatalf("DefaultParams = %+v, want %+v", accounts.DefaultParams, want)
	}
	saved := accounts.Params
	accounts.Params = accounts.DefaultParams
	defer func() { accounts.Params = saved }()
	hash := accounts.HashPassword(password)
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not PHC argon2id with the default parameters", hash)
	}
	// 16-byte salt and 32-byte key in unpadded base64.
	if len(parts[4]) != 22 || len(parts[5]) != 43 {
		t.Errorf("salt %q / key %q have the wrong length", parts[4], parts[5])
	}
	if ok, err := accounts.CheckPassword(hash, password); !ok || err != nil {
		t.Errorf("default hash does not verify: %v %v", ok, err)
	}
}

func TestPasswordRoundTrip(t *testing.T) {
	h1 := accounts.HashPassword(password)
	h2 := accounts.HashPassword(password)
	if h1 == h2 {
		t.Error("two hashes of one password are equal: salt not random")
	}
	cases := []struct {
		hash, password string
		ok             bool
		err            bool
	}{
		{h1, password, true, false},
		{h2, password, true, false},
		{h1, password + " ", false, false},
		{h1, "", false, false},
		{"$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5", password, false, true},
		{"plain", password, false, true},
		{strings.Replace(h1, "m=64", "m=99999999", 1), password, false, true},
	}
	for i, tc := range cases {
		ok, err := accounts.CheckPassword(tc.hash, tc.password)
		if ok != tc.ok || (err != nil) != tc.err {
			t.Errorf("case %d: ok=%v err=%v, want ok=%v err=%v", i, ok, err, tc.ok, tc.err)
		}
	}
	// A hash made with other parameters still verifies: they travel with it.
	saved := accounts.Params
	accounts.Params.Time = 3
	h3 := accounts.HashPassword(password)
	accounts.Params = saved
	if ok, _ := accounts.CheckPassword(h3, password); !ok || !strings.Contains(h3, ",t=3,") {
		t.Errorf("hash with t=3 does not verify: %s", h3)
	}
}

func TestBadCredentialsLookTheSame(t *testing.T) {
	s := mustOpenStore(t)
	mustSignUp(t, s, "mei@example.test")
	_, unknown := s.Authenticate(t.Context(), "nobody@example.test", password, "10.0.0.1")
	_, wrong := s.Authenticate(t.Context(), "mei@example.test", "wrong password!", "10.0.0.1")
	if errKey(unknown) != "unauthorized/accounts.error.bad_credentials" || errKey(unknown) != errKey(wrong) {
		t.Fatalf("unknown email: %s; wrong password: %s", errKey(unknown), errKey(wrong))
	}
	if unknown.Error() != wrong.Error() {
		t.Errorf("messages differ: %q vs %q", unknown, wrong)
	}
	a, err := s.Authenticate(t.Context(), " MEI@example.test", password, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if a.LastSignInAt == nil {
		t.Error("LastSignInAt not set")
	}
	got, _ := s.AccountByID(t.Context(), a.ID)
	if got.LastSignInAt == nil {
		t.Error("LastSignInAt not stored")
	}
}

func TestLockoutPerAccount(t *testing.T) {
	for _, exists := range []bool{true, false} {
		t.Run(fmt.Sprintf("account exists %v", exists), func(t *testing.T) {
			s := mustOpenStore(t)
			if exists {
				mustSignUp(t, s, "mei@example.test")
			}
			for i := 0; i < 5; i++ {
				// A different address each time: the account's limit counts.
				_, err := s.Authenticate(t.Context(), "mei@example.test", "wrong password!", fmt.Sprintf("10.0.0.%d", i))
				if errKey(err) != "unauthorized/accounts.error.bad_credentials" {
					t.Fatalf("attempt %d: %s", i+1, errKey(err))
				}
			}
			_, err := s.Authenticate(t.Context(), "MEI@example.test", password, "10.0.1.1")
			if errKey(err) != "too_many/accounts.error.too_many_attempts" {
				t.Fatalf("6th attempt with the right password: %s", errKey(err))
			}
		})
	}
}

func TestLockoutWindowPasses(t *testing.T) {
	db := dbtest.Open(t)
	s := accounts.NewStore(db)
	now := time.Now().UTC()
	s.SetClock(func() time.Time { return now })
	mustSignUp(t, s, "mei@example.test")
	for i := 0; i < 6; i++ {
		s.Authenticate(t.Context(), "mei@example.test", "wrong password!", "10.0.0.1")
	}
	now = now.Add(s.Throttle.Window - time.Second)
	if _, err := s.Authenticate(t.Context(), "mei@example.test", password, "10.0.0.1"); errKey(err) != "too_many/accounts.error.too_many_attempts" {
		t.Fatalf("just inside the window: %s", errKey(err))
	}
	now = now.Add(2 * time.Second)
	if _, err := s.Authenticate(t.Context(), "mei@example.test", password, "10.0.0.1"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestSuccessResetsTheAccountCounter(t *testing.T) {
	s := mustOpenStore(t)
	mustSignUp(t, s, "mei@example.test")
	fail := func(n int) {
		for i := 0; i < n; i++ {
			if _, err := s.Authenticate(t.Context(), "mei@example.test", "wrong password!", "10.0.0.1"); errKey(err) != "unauthorized/accounts.error.bad_credentials" {
				t.Fatalf("failure %d: %s", i+1, errKey(err))
			}
		}
	}
	fail(4)
	if _, err := s.Authenticate(t.Context(), "mei@example.test", password, "10.0.0.1"); err != nil {
		t.Fatalf("5th attempt, right password: %v", err)
	}
	fail(5)
	if _, err := s.Authenticate(t.Context(), "mei@example.test", password, "10.0.0.1"); errKey(err) != "too_many/accounts.error.too_many_attempts" {
		t.Fatalf("after 5 new failures: %s", errKey(err))
	}
}

func TestLockoutPerIP(t *testing.T) {
	s := mustOpenStore(t)
	s.Throttle.PerIP = 3
	mustSignUp(t, s, "mei@example.test")
	for i := 0; i < 3; i++ {
		_, err := s.Authenticate(t.Context(), fmt.Sprintf("guess%d@example.test", i), password, "10.0.0.9")
		if errKey(err) != "unauthorized/accounts.error.bad_credentials" {
			t.Fatalf("attempt %d: %s", i+1, errKey(err))
		}
	}
	if _, err := s.Authenticate(t.Context(), "mei@example.test", password, "10.0.0.9"); errKey(err) != "too_many/accounts.error.too_many_attempts" {
		t.Fatalf("4th attempt from the address: %s", errKey(err))
	}
	if _, err := s.Authenticate(t.Context(), "mei@example.test", password, "10.0.0.10"); err != nil {
		t.Fatalf("other address: %v", err)
	}
}

func TestConcurrentFailuresAreAllCounted(t *testing.T) {
	s := mustOpenStore(t)
	s.Throttle.PerIP = 1000
	mustSignUp(t, s, "mei@example.test")
	const n = 12
	var wg sync.WaitGroup
	results := make(chan string, n)
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := s.Authenticate(t.Context(), "mei@example.test", "wrong password!", "10.0.0.1")
			results <- errKey(err)
		}()
	}
	close(start)
	wg.Wait()
	close(results)
	counts := map[string]int{}
	for r := range results {
		counts[r]++
	}
	if counts["unauthorized/accounts.error.bad_credentials"] != 5 || counts["too_many/accounts.error.too_many_attempts"] != n-5 {
		t.Fatalf("results %v: want exactly 5 passwords checked, the rest refused", counts)
	}
	if _, err := s.Authenticate(t.Context(), "mei@example.test", password, "10.0.0.1"); errKey(err) != "too_many/accounts.error.too_many_attempts" {
		t.Fatalf("right password after concurrent failures: %s", errKey(err))
	}
}

func TestSessions(t *testing.T) {
	db := dbtest.Open(t)
	s := accounts.NewStore(db)
	ctx := t.Context()
	a := mustSignUp(t, s, "mei@example.test")
	t1, sess1, err := s.CreateSession(ctx, a.ID, "Firefox", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	t2, _, err := s.CreateSession(ctx, a.ID, "Firefox", "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if t1 == t2 || len(t1) < 40 {
		t.Fatalf("tokens %q and %q: want a new long token per sign-in", t1, t2)
	}
	if strings.Contains(sess1.IDHash, t1) {
		t.Error("raw token stored")
	}
	got, sess, err := s.SessionAccount(ctx, t1)
	if err != nil || got.ID != a.ID || sess.UserAgent != "Firefox" {
		t.Fatalf("SessionAccount: %v %v", got, err)
	}

	signedOut := "unauthorized/accounts.error.signed_out"
	if _, _, err := s.SessionAccount(ctx, t1+"x"); errKey(err) != signedOut {
		t.Errorf("unknown token: %s", errKey(err))
	}
	if err := s.DeleteSession(ctx, t1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionAccount(ctx, t1); errKey(err) != signedOut {
		t.Errorf("deleted session: %s", errKey(err))
	}
	if _, _, err := s.SessionAccount(ctx, t2); err != nil {
		t.Errorf("other session after deleting one: %v", err)
	}

	db.Model(&accounts.Session{}).Where("account_id = ?", a.ID).Update("expires_at", time.Now().UTC().Add(-time.Second))
	if _, _, err := s.SessionAccount(ctx, t2); errKey(err) != signedOut {
		t.Errorf("expired session: %s", errKey(err))
	}

	t3, _, _ := s.CreateSession(ctx, a.ID, "", "")
	t4, _, _ := s.CreateSession(ctx, a.ID, "", "")
	if err := s.DeleteAccountSessions(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{t3, t4} {
		if _, _, err := s.SessionAccount(ctx, tok); errKey(err) != signedOut {
			t.Errorf("session after signing out everywhere: %s", errKey(err))
		}
	}
}

func TestSessionSlidesButNotPastTheMaximum(t *testing.T) {
	db := dbtest.Open(t)
	s := accounts.NewStore(db)
	ctx := t.Context()
	a := mustSignUp(t, s, "mei@example.test")
	token, sess, _ := s.CreateSession(ctx, a.ID, "", "")
	now := time.Now().UTC()

	// Used within the minute: nothing written.
	_, got, _ := s.SessionAccount(ctx, token)
	got, _ = s.TouchSession(ctx, got)
	if !got.LastSeenAt.Equal(sess.LastSeenAt) {
		// Databases round times; compare to the second.
		if got.LastSeenAt.Sub(sess.LastSeenAt).Abs() > time.Second {
			t.Errorf("LastSeenAt moved within a minute: %v -> %v", sess.LastSeenAt, got.LastSeenAt)
		}
	}

	// Signed in 89 days ago, last seen 10 minutes ago: extended to the
	// 90-day limit only.
	created := now.Add(-89 * 24 * time.Hour)
	db.Model(&accounts.Session{}).Where("account_id = ?", a.ID).Updates(map[string]any{
		"created_at": created, "last_seen_at": now.Add(-10 * time.Minute), "expires_at": now.Add(time.Hour),
	})
	_, read, err := s.SessionAccount(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if read.LastSeenAt.Sub(now.Add(-10*time.Minute)).Abs() > time.Second {
		t.Errorf("reading the session wrote it: last seen %v", read.LastSeenAt)
	}
	if _, err := s.TouchSession(ctx, read); err != nil {
		t.Fatal(err)
	}
	_, got, err = s.SessionAccount(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if d := got.ExpiresAt.Sub(created.Add(accounts.SessionMax)).Abs(); d > time.Second {
		t.Errorf("expires %v, want %v", got.ExpiresAt, created.Add(accounts.SessionMax))
	}
	if now.Sub(got.LastSeenAt) > time.Minute {
		t.Errorf("LastSeenAt not touched: %v", got.LastSeenAt)
	}

	if err := s.PurgeExpired(ctx); err != nil {
		t.Fatal(err)
	}
	var n int64
	db.Model(&accounts.Session{}).Count(&n)
	if n != 1 {
		t.Errorf("purge removed a live session: %d left", n)
	}
	db.Model(&accounts.Session{}).Where("account_id = ?", a.ID).Update("expires_at", now.Add(-time.Minute))
	s.PurgeExpired(ctx)
	db.Model(&accounts.Session{}).Count(&n)
	if n != 0 {
		t.Errorf("purge left %d expired sessions", n)
	}
}

func TestChangePasswordSignsOutEverywhere(t *testing.T) {
	s := mustOpenStore(t)
	ctx := t.Context()
	a := mustSignUp(t, s, "mei@example.test")
	token, _, _ := s.CreateSession(ctx, a.ID, "", "")
	err := s.ChangePassword(ctx, a.ID, "not my password", "a brand new password")
	if f := mall.Fields(err); f["current_password"] == nil {
		t.Fatalf("wrong current password: %v", err)
	}
	err = s.ChangePassword(ctx, a.ID, password, "short")
	if f := mall.Fields(err); f["password"] == nil || f["password"].Key != "accounts.error.password_too_short" {
		t.Fatalf("short new password: %v", err)
	}
	if err := s.ChangePassword(ctx, a.ID, password, "a brand new password"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.SessionAccount(ctx, token); err == nil {
		t.Error("old session survives a password change")
	}
	if _, err := s.Authenticate(ctx, "mei@example.test", "a brand new password", ""); err != nil {
		t.Errorf("new password: %v", err)
	}
	if _, err := s.Authenticate(ctx, "mei@example.test", password, ""); err == nil {
		t.Error("old password still works")
	}
}

func TestOperatorAndLocale(t *testing.T) {
	s := mustOpenStore(t)
	ctx := t.Context()
	op, err := s.CreateOperator(ctx, "Op@Mall.test", "Operator", password)
	if err != nil {
		t.Fatal(err)
	}
	if !op.IsOperator || op.Email != "op@mall.test" {
		t.Fatalf("operator %+v", op)
	}
	if _, err := s.CreateOperator(ctx, "op@mall.test", "Again", password); mall.ErrorCode(err) != mall.EConflict {
		t.Errorf("second operator with the email: %v", err)
	}
	for _, tc := range []struct {
		locale string
		ok     bool
	}{{"zh-Hans", true}, {"en", true}, {"", true}, {"fr", false}, {"zh-hans", false}} {
		err := s.SetLocale(ctx, op.ID, tc.locale)
		if (err == nil) != tc.ok {
			t.Errorf("SetLocale(%q): %v", tc.locale, err)
		}
	}
	s.SetLocale(ctx, op.ID, "zh-Hans")
	got, err := s.AccountByEmail(ctx, "OP@mall.test")
	if err != nil || got.Locale != "zh-Hans" {
		t.Errorf("AccountByEmail: %+v %v", got, err)
	}
	if _, err := s.AccountByID(ctx, 9999); mall.ErrorCode(err) != mall.ENotFound {
		t.Errorf("missing account: %v", err)
	}
	if err := s.SetLocale(ctx, 9999, "en"); mall.ErrorCode(err) != mall.ENotFound {
		t.Errorf("locale of a missing account: %v", err)
	}
}

func TestSignInBoundsTheEmailBeforeCountingIt(t *testing.T) {
	db := dbtest.Open(t)
	s := accounts.NewStore(db)
	huge := strings.Repeat("a", 4<<20) + "@example.test"
	for _, email := range []string{huge, strings.Repeat("a", 250) + "@example.test", "not an email"} {
		_, err := s.Authenticate(t.Context(), email, password, "203.0.113.1")
		if mall.ErrorCode(err) != mall.EUnauthorized {
			t.Errorf("sign-in with a %d-byte email: %v, want the usual bad-credentials answer", len(email), err)
		}
	}
	var n int64
	if err := db.Table("login_failures").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d counters stored for emails no account can have, want 0", n)
	}
	// A real attempt is still counted, on both counters.
	s.Authenticate(t.Context(), "someone@example.test", "wrong password here", "")
	if err := db.Table("login_failures").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d counters after a real attempt without an address, want 2 (the email's and the address's)", n)
	}
}
