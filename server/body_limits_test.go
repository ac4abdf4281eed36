package server_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/internal/stripetest"
	"github.com/mall-project/mall/server"
)

// gzipBomb is a small gzip body that inflates to n zero bytes.
func gzipBomb(t *testing.T, n int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zero := make([]byte, 1<<20)
	for written := 0; written < n; written += len(zero) {
		zw.Write(zero)
	}
	zw.Close()
	return buf.Bytes()
}

// allocatedDuring is how many bytes the process allocated while fn ran.
func allocatedDuring(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestCompressedBodiesAreRefusedUndecoded(t *testing.T) {
	app, _ := newStripeApp(t)
	const inflated = 96 << 20
	bomb := gzipBomb(t, inflated)
	if len(bomb) > 100<<10 {
		t.Fatalf("the bomb is %d bytes; it should fit within every route's limit", len(bomb))
	}
	payload, sig := stripetest.SignedEvent(t, webhookSecret, "invoice.paid", map[string]any{"id": "in_1", "object": "invoice"})
	_, owner, _ := malltest.Shop(t, app, "bombs", true)
	staff := malltest.SignedIn(t, app, owner)
	staff.Get("/admin/products/new")

	tests := []struct {
		name, path, contentType string
		b                       *malltest.Browser
		extra                   string
	}{
		{"stripe webhook", "/webhooks/stripe", "application/json", malltest.NewBrowser(t, app), sig},
		{"sign-in form", "/account/sign-in", "application/x-www-form-urlencoded", malltest.NewBrowser(t, app), ""},
		{"product upload", "/admin/products", "multipart/form-data; boundary=x", staff, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p *malltest.Page
			took := allocatedDuring(func() {
				req := httptest.NewRequest(http.MethodPost, tt.path, bytes.NewReader(bomb))
				req.Header.Set("Content-Type", tt.contentType)
				req.Header.Set("Content-Encoding", "gzip")
				if tt.extra != "" {
					req.Header.Set("Stripe-Signature", tt.extra)
				}
				p = tt.b.Do(req)
			})
			if p.Status != http.StatusUnsupportedMediaType {
				t.Errorf("gzip body = %d, want 415", p.Status)
			}
			// The request itself, its copy in the test and the answer are a
			// few hundred kilobytes; decoding would be the whole 96 MiB.
			if took > 16<<20 {
				t.Errorf("the request allocated %d MiB: the body was decoded", took>>20)
			}
		})
	}

	// The same event uncompressed still arrives.
	req := httptest.NewRequest(http.MethodPost, "/webhooks/stripe", bytes.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Stripe-Signature", sig)
	if p := malltest.NewBrowser(t, app).Do(req); p.Status != http.StatusOK {
		t.Errorf("plain event = %d, want 200", p.Status)
	}
	// A second Content-Encoding header is what fiber would decode by.
	req = httptest.NewRequest(http.MethodPost, "/webhooks/stripe", bytes.NewReader(bomb))
	req.Header.Add("Content-Encoding", "identity")
	req.Header.Add("Content-Encoding", "gzip")
	req.Header.Set("Stripe-Signature", sig)
	if p := malltest.NewBrowser(t, app).Do(req); p.Status != http.StatusUnsupportedMediaType {
		t.Errorf("identity then gzip = %d, want 415", p.Status)
	}
}

func TestStripeWebhookIsNotFoundWithoutStripe(t *testing.T) {
	app := malltest.NewApp(t)
	payload, sig := stripetest.SignedEvent(t, webhookSecret, "invoice.paid", map[string]any{"id": "in_1", "object": "invoice"})
	if p := postWebhook(malltest.NewBrowser(t, app), payload, sig); p.Status != http.StatusNotFound {
		t.Errorf("webhook on a mall without Stripe = %d, want 404", p.Status)
	}
}

// serve runs the app on a real listener on 127.0.0.1.
func serve(t *testing.T, app *server.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- app.Fiber.Listener(ln) }()
	t.Cleanup(func() {
		app.Fiber.ShutdownWithTimeout(2 * time.Second)
		<-done
	})
	return ln.Addr().String()
}

// statusBeforeBody sends only the headers of a POST announcing a body of
// size bytes and returns the status the mall answers with before any of
// the body is sent, or 0 when it waits for the body.
func statusBeforeBody(t *testing.T, addr, path string, size int) int {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	head := "POST " + path + " HTTP/1.1\r\nHost: mall.test\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
		"Content-Length: " + strconv.Itoa(size) + "\r\n\r\n"
	if _, err := conn.Write([]byte(head)); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestBodyLimitsArePerRouteAndCheckedBeforeTheBody(t *testing.T) {
	app, _ := newStripeApp(t)
	addr := serve(t, app)
	tests := []struct {
		path string
		size int
	}{
		// 31 MiB fitted the old mall-wide limit on every route.
		{"/account/sign-in", 31 << 20},
		{"/account/sign-in", 1 << 20},
		{"/webhooks/stripe", 1 << 20},
		{"/cart/add", 512 << 10},
		{"/admin/settings", 4 << 20},
		// A path that only cleans up to an upload route is still an upload
		// route, and one that cleans up to a form is a form.
		{"/admin/products/1/../../settings", 4 << 20},
		{"/admin/products", 64 << 20},
		// The review forms take up to five photos, and no more.
		{"/account/reviews", 64 << 20},
		{"/account/reviews/7", 64 << 20},
		{"/reviews/write/7", 64 << 20},
	}
	for _, tt := range tests {
		if got := statusBeforeBody(t, addr, tt.path, tt.size); got != http.StatusRequestEntityTooLarge {
			t.Errorf("POST %s of %d KiB: answered %d before the body, want 413", tt.path, tt.size>>10, got)
		}
	}

	// Five phone photos fit the review form's limit.
	if got := statusBeforeBody(t, addr, "/account/reviews", 30<<20); got == http.StatusRequestEntityTooLarge {
		t.Errorf("POST /account/reviews of 30 MiB: answered 413, want the body read")
	}

	// A chunked body, with no length to refuse it by, is cut off at the
	// limit.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	go func() {
		fmt.Fprint(conn, "POST /account/sign-in HTTP/1.1\r\nHost: mall.test\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n")
		chunk := strings.Repeat("a", 16<<10)
		for range 64 { // 1 MiB in all
			if _, err := fmt.Fprintf(conn, "%x\r\n%s\r\n", len(chunk), chunk); err != nil {
				return
			}
		}
		fmt.Fprint(conn, "0\r\n\r\n")
	}()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if resp, err := http.ReadResponse(bufio.NewReader(conn), nil); err != nil || resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("1 MiB chunked to the sign-in form: %v %v, want 413", resp, err)
	}

	// Within its limit, an upload route takes a body far above a form's.
	_, owner, _ := malltest.Shop(t, app, "uploads", true)
	b := malltest.SignedIn(t, app, owner)
	b.Get("/admin/products/new")
	big := make([]byte, 3<<20)
	rand.Read(big)
	p := b.PostMultipart("/admin/products", url.Values{"title": {"Big"}}, malltest.File{Field: "image", Name: "big.png", Type: "image/png", Data: big})
	if p.Status == http.StatusRequestEntityTooLarge {
		t.Errorf("a 3 MiB image on the product form = 413, want the form's own answer")
	}
	conn, err = net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /admin/settings HTTP/1.1\r\nHost: mall.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", 3<<20)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(page), "larger than this form accepts") {
		t.Errorf("3 MiB to the settings form = %d %q, want 413 saying why", resp.StatusCode, page)
	}
}
