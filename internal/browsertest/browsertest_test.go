package browsertest_test

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/mall-project/mall/internal/browsertest"
)

// newSite serves a tiny page with a heading that a script rewrites, and a
// form that posts a name back; on 127.0.0.1 only.
func newSite(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!DOCTYPE html><html lang="en"><head><title>Shop</title></head><body>
<h1 id="title">Welcome to the shop</h1>
<script>document.getElementById("title").textContent = "Scripts ran";</script>
<form method="post" action="/greet" onsubmit="return confirm('Send?')">
  <label for="name">Name</label><input id="name" name="name">
  <button type="submit">Send</button>
</form></body></html>`)
	})
	mux.HandleFunc("POST /greet", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><body><h1 id="greeting">Hello, %s</h1></body></html>`,
			html.EscapeString(r.PostFormValue("name")))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("test server is not on loopback: %s", srv.URL)
	}
	return srv
}

func TestFormWorksWithJavaScriptOff(t *testing.T) {
	srv := newSite(t)
	b := browsertest.New(t)
	b.DisableJavaScript()

	var heading, greeting string
	b.Run(
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Text("h1", &heading, chromedp.ByQuery),
		chromedp.SendKeys("#name", "Mei 美", chromedp.ByQuery),
		chromedp.Click("button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible("#greeting", chromedp.ByQuery),
		chromedp.Text("#greeting", &greeting, chromedp.ByQuery),
	)
	if heading != "Welcome to the shop" {
		t.Errorf("heading = %q; the page script ran with JavaScript off", heading)
	}
	if greeting != "Hello, Mei 美" {
		t.Errorf("greeting = %q, want %q", greeting, "Hello, Mei 美")
	}
}

func TestScriptsAndDialogsWithJavaScriptOn(t *testing.T) {
	srv := newSite(t)
	b := browsertest.New(t)
	b.AnswerDialogs(true)

	var heading, greeting string
	b.Run(
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Text("h1", &heading, chromedp.ByQuery),
		chromedp.SendKeys("#name", "Ada", chromedp.ByQuery),
		chromedp.Click("button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible("#greeting", chromedp.ByQuery),
		chromedp.Text("#greeting", &greeting, chromedp.ByQuery),
	)
	if heading != "Scripts ran" {
		t.Errorf("heading = %q, want the script's text", heading)
	}
	if greeting != "Hello, Ada" {
		t.Errorf("greeting = %q after accepting the confirm dialog", greeting)
	}
}

func TestScreenshotIsPNG(t *testing.T) {
	srv := newSite(t)
	b := browsertest.New(t)
	b.Run(chromedp.Navigate(srv.URL + "/"))
	path := b.Screenshot("TestScreenshotIsPNG")
	t.Cleanup(func() { os.Remove(path) })
	assertPNG(t, path)
}

// failingT is a real subtest that reports itself failed, to see what the
// harness leaves behind for a failure without failing this test.
type failingT struct {
	testing.TB
}

func (failingT) Failed() bool { return true }
func (failingT) Name() string { return "TestHarness/failure probe" }

func TestFailureLeavesScreenshot(t *testing.T) {
	if os.Getenv(browsertest.SkipEnv) == "1" {
		t.Skipf("browser test skipped: %s=1", browsertest.SkipEnv)
	}
	srv := newSite(t)
	want := filepath.Join("testdata", "screenshots", "TestHarness_failure_probe.png")
	os.Remove(want)
	t.Cleanup(func() { os.Remove(want) })

	t.Run("probe", func(st *testing.T) {
		b := browsertest.New(failingT{st})
		b.Run(chromedp.Navigate(srv.URL + "/"))
	})
	assertPNG(t, want)
}

func assertPNG(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	if !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) || len(data) < 1000 {
		t.Fatalf("%s is not a PNG of a page (%d bytes)", path, len(data))
	}
}
