// Package stripetest gives tests a local stripe-mock (the version pinned in
// go.mod, started with -strict-version-check so a client speaking another API
// version fails loudly) and signed webhook payloads for incoming events.
//
// One mock serves a whole test binary: it is started on first use and
// stopped by Stop, which the package's TestMain calls after m.Run.
package stripetest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76/webhook"

	"github.com/mall-project/mall/mall"
)

// APIKey is a test secret key the mock accepts.
const APIKey = "sk_test_mall"

// WebhookAPIVersion is the API version of the events the mall's webhook
// endpoint is created with: the one stripe-go v76 speaks, which
// webhook.ConstructEvent insists on.
const WebhookAPIVersion = "2023-10-16"

var (
	mu      sync.Mutex
	started bool
	mockURL string
	mockErr error
	cmd     *exec.Cmd
	binDir  string
)

// URL returns the base URL of the test binary's stripe-mock, starting it on
// the first call. The test fails when the mock cannot be built or started.
func URL(t testing.TB) string {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	if !started {
		started = true
		mockURL, mockErr = start()
	}
	if mockErr != nil {
		t.Fatalf("stripetest: %v", mockErr)
	}
	return mockURL
}

// Main runs the tests of a package and stops the mock afterwards; call it
// from TestMain: func TestMain(m *testing.M) { os.Exit(stripetest.Main(m)) }.
func Main(m *testing.M) int {
	code := m.Run()
	Stop()
	return code
}

// Stop kills the mock (if one was started) and removes its binary.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if cmd != nil && cmd.Process != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		cmd = nil
	}
	if binDir != "" {
		os.RemoveAll(binDir)
		binDir = ""
	}
	started, mockURL, mockErr = false, "", nil
}

func start() (string, error) {
	dir, err := os.MkdirTemp("", "stripe-mock-")
	if err != nil {
		return "", err
	}
	binDir = dir
	bin := filepath.Join(dir, "stripe-mock")
	// go build reuses the build cache, so after the first time this is
	// only a link step; `go tool stripe-mock` would do the same on every
	// start and leave a go process between the test and the mock.
	build := exec.Command("go", "build", "-o", bin, "github.com/stripe/stripe-mock")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build stripe-mock: %v\n%s", err, out)
	}
	// Port 0 on both listeners: the kernel picks free ports (so parallel
	// test binaries never collide) and the mock prints the one it got.
	// Without -https-addr the mock would also open :12112 on every
	// interface.
	c := exec.Command(bin, "-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0", "-strict-version-check")
	c.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	stdout, err := c.StdoutPipe()
	if err != nil {
		return "", err
	}
	c.Stderr = c.Stdout
	if err := c.Start(); err != nil {
		return "", fmt.Errorf("start stripe-mock: %w", err)
	}
	cmd = c
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			if !sent && strings.HasPrefix(line, "Listening for HTTP at address: ") {
				addr <- strings.TrimPrefix(line, "Listening for HTTP at address: ")
				sent = true
			}
		}
		if !sent {
			close(addr)
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	var url string
	select {
	case a, ok := <-addr:
		if !ok {
			return "", fmt.Errorf("stripe-mock exited before listening")
		}
		url = "http://" + a
	case <-time.After(60 * time.Second):
		return "", fmt.Errorf("stripe-mock did not start listening")
	}
	if err := waitReady(url); err != nil {
		return "", err
	}
	return url, nil
}

func waitReady(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"/v1/balance", nil)
		req.Header.Set("Authorization", "Bearer "+APIKey)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("stripe-mock at %s did not answer: %v", url, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// EventID returns a fresh event id like Stripe's.
func EventID() string {
	return "evt_" + randomHex(12)
}

// SignedEvent builds a webhook event of eventType around object (a struct
// or map that becomes data.object), with a fresh event id, and signs it with
// secret the way Stripe does. It returns the raw body and the
// Stripe-Signature header.
func SignedEvent(t testing.TB, secret, eventType string, object any) (payload []byte, header string) {
	t.Helper()
	return SignedEventWithID(t, secret, EventID(), eventType, object)
}

// SignedEventWithID is SignedEvent with a given event id, to replay one
// event.
func SignedEventWithID(t testing.TB, secret, id, eventType string, object any) (payload []byte, header string) {
	t.Helper()
	obj, err := json.Marshal(object)
	if err != nil {
		t.Fatalf("stripetest: encode event object: %v", err)
	}
	payload, err = json.Marshal(map[string]any{
		"id":               id,
		"object":           "event",
		"api_version":      WebhookAPIVersion,
		"created":          time.Now().Unix(),
		"livemode":         false,
		"pending_webhooks": 1,
		"type":             eventType,
		"data":             map[string]json.RawMessage{"object": obj},
		"request":          map[string]any{"id": nil, "idempotency_key": nil},
	})
	if err != nil {
		t.Fatalf("stripetest: encode event: %v", err)
	}
	signed := webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret})
	return payload, signed.Header
}

func randomHex(n int) string { return mall.RandomHex(n) }
