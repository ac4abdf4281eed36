package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

func TestClientIPIsTheRightmostAddressNoTrustedProxyWrote(t *testing.T) {
	// fiber's test connection comes from 0.0.0.0: that is the proxy here.
	trusted, err := web.ParseProxies([]string{"0.0.0.0", "10.0.0.0/8", "fd00::/8"})
	if err != nil {
		t.Fatal(err)
	}
	app := fiber.New()
	app.Use(web.ClientAddress(trusted))
	app.Get("/", func(c *fiber.Ctx) error { return c.SendString(web.ClientIP(c)) })
	untrusted := fiber.New()
	untrusted.Use(web.ClientAddress(nil))
	untrusted.Get("/", func(c *fiber.Ctx) error { return c.SendString(web.ClientIP(c)) })

	tests := []struct {
		name string
		xff  []string
		want string
	}{
		{"no header: the proxy", nil, "0.0.0.0"},
		{"one client", []string{"203.0.113.7"}, "203.0.113.7"},
		{"spoofed left end", []string{"198.51.100.1, 203.0.113.7"}, "203.0.113.7"},
		{"inner proxies skipped", []string{"198.51.100.1, 203.0.113.7, 10.1.2.3, 10.0.0.9"}, "203.0.113.7"},
		{"two headers read as one list", []string{"198.51.100.1", "203.0.113.7, 10.0.0.9"}, "203.0.113.7"},
		{"garbage is not believed", []string{"203.0.113.7, not-an-address"}, "0.0.0.0"},
		{"garbage behind an inner proxy", []string{"<script>, 10.0.0.9"}, "10.0.0.9"},
		{"an address with a port", []string{"203.0.113.7:51000"}, "203.0.113.7"},
		{"IPv6", []string{"2001:db8::1, fd00::2"}, "2001:db8::1"},
		{"IPv4 in IPv6", []string{"::ffff:203.0.113.7"}, "203.0.113.7"},
		{"empty entry", []string{"203.0.113.7, "}, "0.0.0.0"},
		{"all trusted", []string{"10.0.0.1, 10.0.0.2"}, "10.0.0.1"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		for _, v := range tt.xff {
			req.Header.Add("X-Forwarded-For", v)
		}
		if got := body(t, app, req); got != tt.want {
			t.Errorf("%s: ClientIP = %q, want %q", tt.name, got, tt.want)
		}
	}
	// A peer that is not a trusted proxy is the client, whatever it says.
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	if got := body(t, untrusted, req); got != "0.0.0.0" {
		t.Errorf("no trusted proxies: ClientIP = %q, want the peer", got)
	}
	if _, err := web.ParseProxies([]string{"10.0.0.0/33"}); err == nil {
		t.Error("a bad CIDR range was accepted")
	}
}

func body(t *testing.T, app *fiber.App, req *http.Request) string {
	t.Helper()
	resp, err := app.Test(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b := make([]byte, 100)
	n, _ := resp.Body.Read(b)
	return string(b[:n])
}
