package storefront

import (
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

// flightServer serves renderCached at /page over a real listener, with
// build as the page's builder; each request's CSRF token is its
// X-Visitor header, so a response shows whose splice it got.
func flightServer(t *testing.T, build func(*pageTag) (templ.Component, error)) (*Handler, string) {
	t.Helper()
	h := &Handler{pages: newPageCache()}
	app := fiber.New()
	app.Get("/page", func(c *fiber.Ctx) error {
		web.VisitorOf(c).CSRFToken = c.Get("X-Visitor")
		return h.renderCached(c, 1, build)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.ShutdownWithTimeout(time.Second) })
	return h, "http://" + ln.Addr().String() + "/page"
}

// holdBuilds returns a channel builders wait on and a func that closes it
// (once; also when the test ends early, so no request hangs).
func holdBuilds(t *testing.T) (<-chan struct{}, func()) {
	ch := make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(ch) }) }
	t.Cleanup(release)
	return ch, release
}

// waitForWaiters waits until n requests wait on a build of some page.
func waitForWaiters(t *testing.T, pc *pageCache, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		pc.buildMu.Lock()
		waiting := 0
		for _, b := range pc.building {
			waiting += b.waiting
		}
		pc.buildMu.Unlock()
		if waiting == n {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatalf("%d requests never came to wait on the build", n)
}

func TestConcurrentRequestsForAMissingPageBuildItOnce(t *testing.T) {
	const n = 32
	var builds atomic.Int64
	held, release := holdBuilds(t)
	h, url := flightServer(t, func(*pageTag) (templ.Component, error) {
		builds.Add(1)
		<-held // hold the build until every other request waits on it
		return templ.Join(templ.Raw("<p>built page</p>"), templates.CSRF()), nil
	})

	bodies := make([]string, n)
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
			req.Header.Set("X-Visitor", "visitor-"+strconv.Itoa(i))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			bodies[i], statuses[i] = string(b), resp.StatusCode
		}()
	}
	waitForWaiters(t, h.pages, n-1)
	release()
	wg.Wait()

	if got := builds.Load(); got != 1 {
		t.Fatalf("%d concurrent requests for a missing page built it %d times, want 1", n, got)
	}
	for i := range n {
		if statuses[i] != http.StatusOK || !strings.Contains(bodies[i], "built page") {
			t.Fatalf("request %d: status %d, body %q", i, statuses[i], bodies[i])
		}
		// Each waiter still gets its own per-visitor parts.
		if want := `value="visitor-` + strconv.Itoa(i) + `"`; !strings.Contains(bodies[i], want) {
			t.Fatalf("request %d: body %q lacks its own token %s", i, bodies[i], want)
		}
	}
	// The page is now cached: another request does not build it again.
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := builds.Load(); got != 1 {
		t.Fatalf("a request after the build rebuilt the page (%d builds)", got)
	}
}

func TestRequestsWaitingOnAFailedBuildGetItsErrorAndTheNextBuildsAgain(t *testing.T) {
	const n = 8
	var builds atomic.Int64
	held, release := holdBuilds(t)
	h, url := flightServer(t, func(*pageTag) (templ.Component, error) {
		if builds.Add(1) == 1 {
			<-held
			return nil, fiber.NewError(fiber.StatusNotFound, "no such page")
		}
		return templ.Raw("<p>second build</p>"), nil
	})

	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(url)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			statuses[i] = resp.StatusCode
		}()
	}
	waitForWaiters(t, h.pages, n-1)
	release()
	wg.Wait()
	for i, st := range statuses {
		if st != http.StatusNotFound {
			t.Fatalf("request %d got status %d, want the failed build's 404", i, st)
		}
	}
	if got := builds.Load(); got != 1 {
		t.Fatalf("%d builds for %d requests, want 1", got, n)
	}
	// Nothing was kept, so the next request builds the page anew.
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "second build") || builds.Load() != 2 {
		t.Fatalf("after a failed build: body %q, %d builds", b, builds.Load())
	}
}
