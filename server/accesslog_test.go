package server_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/server"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

// lockedBuffer is a log output the access log's writer and the test share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestAccessLogKeepsEveryFieldOfEveryRequest: the access log is written
// off the request path, and nothing is lost for it: once the app is closed
// every request has its line with the same fields as ever.
func TestAccessLogKeepsEveryFieldOfEveryRequest(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelWarn} {
		db := dbtest.Open(t)
		store, err := media.NewDiskStore(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		var out lockedBuffer
		base, _ := url.Parse(malltest.BaseURL)
		app, err := server.New(server.Options{
			DB: db, Media: store, Logger: slog.New(slog.NewTextHandler(&out, &slog.HandlerOptions{Level: level})),
			Web:  web.Config{Secret: malltest.Secret, BaseURL: base},
			Site: templates.Site{Name: "Test Mall", BaseURL: malltest.BaseURL, Currency: "USD"},
		})
		if err != nil {
			t.Fatal(err)
		}
		const n = 50
		for i := range n {
			path := "/"
			if i%2 == 1 {
				path = "/no-such-page"
			}
			resp, err := app.Fiber.Test(httptest.NewRequest(http.MethodGet, path, nil), -1)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
		}
		app.Close()
		lines := strings.Split(strings.TrimSpace(out.String()), "\n")
		var requests []string
		for _, l := range lines {
			if strings.Contains(l, "msg=request") {
				requests = append(requests, l)
			}
		}
		want := n
		if level > slog.LevelInfo {
			want = 0 // only 5xx are logged above info
		}
		if len(requests) != want {
			t.Fatalf("level %v: %d request lines, want %d:\n%s", level, len(requests), want, out.String())
		}
		for i, l := range requests {
			status := "status=200"
			if i%2 == 1 {
				status = "status=404"
			}
			for _, field := range []string{"level=INFO", "method=GET", "host=", "path=/", status, "took=", "ip=0.0.0.0", "request_id="} {
				if !strings.Contains(l, field) {
					t.Errorf("line %d has no %s: %s", i, field, l)
				}
			}
		}
	}
}
