package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/server"
)

func TestSignInLimitPerAddressHoldsBehindAProxy(t *testing.T) {
	db := dbtest.Open(t)
	// fiber's test connection comes from 0.0.0.0: the load balancer.
	app := malltest.NewAppOn(t, db, func(o *server.Options) { o.TrustedProxies = []string{"0.0.0.0"} })
	app.Accounts.Throttle.PerIP = 3
	acct := malltest.Account(t, app, "shopper@proxy.test", "Shopper")

	tests := []struct {
		name string
		xff  func(i int) string
	}{
		{"a new spoofed left-most entry each time", func(i int) string { return fmt.Sprintf("198.51.100.%d, 203.0.113.7", i) }},
		{"garbage each time", func(i int) string { return fmt.Sprintf("garbage-%d", i) }},
		{"no header at all", func(int) string { return "" }},
	}
	for n, tt := range tests {
		var last *malltest.Page
		for i := range 4 {
			b := malltest.NewBrowser(t, app)
			if h := tt.xff(i); h != "" {
				b.Header.Set("X-Forwarded-For", h)
			}
			// A different email each time: only the address limit can stop it.
			last = b.SignIn(fmt.Sprintf("nobody%d-%d@proxy.test", n, i), "wrong password 123")
		}
		if last.Status != http.StatusTooManyRequests {
			t.Errorf("%s: the 4th failed sign-in from one address = %d, want 429", tt.name, last.Status)
		}
		if err := db.Exec("DELETE FROM login_failures").Error; err != nil {
			t.Fatal(err)
		}
	}

	// The session remembers the address the right-most hop saw.
	b := malltest.NewBrowser(t, app)
	b.Header.Set("X-Forwarded-For", "198.51.100.1, 203.0.113.9")
	if p := b.SignIn(acct.Email, malltest.Password); p.Status != http.StatusSeeOther {
		t.Fatalf("sign-in = %d", p.Status)
	}
	var ip string
	if err := db.Raw("SELECT ip FROM sessions WHERE account_id = ?", acct.ID).Scan(&ip).Error; err != nil {
		t.Fatal(err)
	}
	if ip != "203.0.113.9" {
		t.Errorf("session address = %q, want 203.0.113.9", ip)
	}
}
