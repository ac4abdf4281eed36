// Package browsertest runs tests in a real headless Chromium, driven with
// chromedp (classic API), for what only a browser shows: pages that work
// with JavaScript on and off, forms that submit, layouts that render.
//
// A test starts a browser, points it at a server on 127.0.0.1 and runs
// chromedp actions; a failed test leaves a full-page screenshot in
// testdata/screenshots/<TestName>.png beside the test:
//
//	b := browsertest.New(t)
//	var heading string
//	b.Run(
//		chromedp.Navigate(srv.URL+"/"),
//		chromedp.Text("h1", &heading, chromedp.ByQuery),
//	)
//
// Chromium comes from Debian (`make chromium`). Set MALL_SKIP_BROWSER=1 to
// skip these tests on a machine without it; otherwise a missing browser
// fails the test, so a CI run cannot pass by quietly testing nothing.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Timeout bounds everything one test does in its browser, so a page that
// never shows the awaited element fails the test instead of hanging CI.
const Timeout = 60 * time.Second

// SkipEnv names the environment variable that skips browser tests when "1".
const SkipEnv = "MALL_SKIP_BROWSER"

// browserPaths are tried in order: Debian's real binary first, which skips
// the /usr/bin/chromium wrapper script and its shell noise.
var browserPaths = []string{"/usr/lib/chromium/chromium", "/usr/bin/chromium"}

// Browser is one headless Chromium with one tab, owned by one test.
type Browser struct {
	t   testing.TB
	tab context.Context // the tab; lives until the test's cleanup
	ctx context.Context // the tab with the test's deadline
}

// New starts a headless Chromium for t with a fresh profile and closes it
// when t ends. It skips t when MALL_SKIP_BROWSER=1 and fails it when
// Chromium is not installed.
func New(t testing.TB) *Browser {
	t.Helper()
	if os.Getenv(SkipEnv) == "1" {
		t.Skipf("browser test skipped: %s=1", SkipEnv)
	}
	exe, err := findChromium()
	if err != nil {
		t.Fatalf("browsertest: %v; run `make chromium` to install it (or set %s=1 to skip browser tests)", err, SkipEnv)
	}

	// Not t.TempDir: Chromium's helper processes may still write to the
	// profile for a moment after the browser exits, which fails its check.
	profile, err := os.MkdirTemp("", "mall-browsertest-")
	if err != nil {
		t.Fatalf("browsertest: profile dir: %v", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	// chromedp reports protocol events it cannot decode (newer Chromium
	// than cdproto knows); they are noise, and logging them from its
	// goroutines after the test ends would panic.
	quiet := func(string, ...any) {}
	tab, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithLogf(quiet), chromedp.WithErrorf(quiet))
	ctx, cancelDeadline := context.WithTimeout(tab, Timeout)
	t.Cleanup(func() {
		cancelDeadline()
		cancelTab()
		cancelAlloc()
		removeProfile(t, profile)
	})

	b := &Browser{t: t, tab: tab, ctx: ctx}
	start := time.Now()
	// Started on the tab, not on ctx: the context of the first Run owns the
	// browser, and a deadline there would kill it before the failure
	// screenshot could be taken.
	if err := chromedp.Run(tab); err != nil {
		t.Fatalf("browsertest: start %s: %v", exe, err)
	}
	t.Logf("browsertest: %s started in %v", filepath.Base(exe), time.Since(start).Round(time.Millisecond))

	// Registered last, so it runs first: the browser is still open.
	t.Cleanup(func() {
		if t.Failed() {
			if path, err := b.save(t.Name()); err != nil {
				t.Logf("browsertest: no screenshot of the failure: %v", err)
			} else {
				t.Logf("browsertest: screenshot of the failure: %s", path)
			}
		}
	})
	return b
}

// removeProfile retries a few times while the last Chromium processes let
// go of the profile; a leftover temp dir is logged, not a test failure.
func removeProfile(t testing.TB, dir string) {
	var err error
	for range 20 {
		if err = os.RemoveAll(dir); err == nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("browsertest: could not remove profile %s: %v", dir, err)
}

func findChromium() (string, error) {
	for _, p := range browserPaths {
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("chromium not found (looked for %v)", browserPaths)
}

// Context is the tab's context with the test's deadline, for chromedp
// calls the helpers do not cover (chromedp.Run, ListenTarget).
func (b *Browser) Context() context.Context { return b.ctx }

// Run runs the actions in the tab and fails the test at the first error.
func (b *Browser) Run(actions ...chromedp.Action) {
	b.t.Helper()
	if err := chromedp.Run(b.ctx, actions...); err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(b.ctx.Err(), context.DeadlineExceeded) {
			b.t.Fatalf("browsertest: gave up after the test's %v in the browser: %v", Timeout, err)
		}
		b.t.Fatalf("browsertest: %v", err)
	}
}

// DisableJavaScript turns scripts off in the tab for the pages loaded
// after it, to check that a page works for visitors without JavaScript.
func (b *Browser) DisableJavaScript() {
	b.t.Helper()
	b.Run(emulation.SetScriptExecutionDisabled(true))
}

// AnswerDialogs makes the tab answer every alert, confirm and prompt
// (accept or dismiss) instead of waiting for a person who never comes.
// Call it before the action that opens the dialog.
func (b *Browser) AnswerDialogs(accept bool) {
	var mu sync.Mutex
	chromedp.ListenTarget(b.tab, func(ev any) {
		if _, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			go func() {
				mu.Lock()
				defer mu.Unlock()
				_ = chromedp.Run(b.tab, page.HandleJavaScriptDialog(accept))
			}()
		}
	})
}

// Screenshot saves a full-page PNG of the tab as
// testdata/screenshots/<name>.png (in the test's package directory) and
// returns its path. The test fails if it cannot.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	path, err := b.save(name)
	if err != nil {
		b.t.Fatalf("browsertest: screenshot %q: %v", name, err)
	}
	return path
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// save works even after the test's deadline has passed, so a test that
// timed out still leaves a picture of where it stood.
func (b *Browser) save(name string) (string, error) {
	ctx, cancel := context.WithTimeout(b.tab, 15*time.Second)
	defer cancel()
	var png []byte
	// Quality 100 is what makes FullScreenshot write PNG rather than JPEG.
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		return "", err
	}
	dir := filepath.Join("testdata", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	// Screenshots are for looking at, not for committing.
	ignore := filepath.Join(dir, ".gitignore")
	if _, err := os.Stat(ignore); errors.Is(err, os.ErrNotExist) {
		_ = os.WriteFile(ignore, []byte("*\n"), 0o644)
	}
	path := filepath.Join(dir, unsafeName.ReplaceAllString(name, "_")+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return "", err
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return path, nil
}
