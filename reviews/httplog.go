package reviews

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/tlog"
)

// NewHTTPLog reads the log of the mall at base ("https://mall.example")
// with client.
func NewHTTPLog(base string, client *http.Client) *HTTPLog {
	return &HTTPLog{base: strings.TrimSuffix(base, "/"), client: client}
}

var _ LogSource = (*HTTPLog)(nil)

// HTTPLog reads a mall's review log over HTTP, from the paths the mall
// publishes it at: what `mall reviews verify --url` checks.
type HTTPLog struct {
	base   string
	client *http.Client
}

func (l *HTTPLog) get(ctx context.Context, path string, limit int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, l.base+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := l.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
	}
	return body, nil
}

// VerifierKey reads /reviews/log/key.
func (l *HTTPLog) VerifierKey(ctx context.Context) (string, error) {
	b, err := l.get(ctx, "/reviews/log/key", 4<<10)
	return string(b), err
}

// Checkpoint reads the signed checkpoint.
func (l *HTTPLog) Checkpoint(ctx context.Context) ([]byte, error) {
	return l.get(ctx, "/reviews/log/checkpoint", 16<<10)
}

// Leaves reads a page of leaves.
func (l *HTTPLog) Leaves(ctx context.Context, start int64, limit int) ([]LogEntry, error) {
	b, err := l.get(ctx, "/reviews/log/leaves?start="+strconv.FormatInt(start, 10)+"&limit="+strconv.Itoa(limit), 32<<20)
	if err != nil {
		return nil, err
	}
	var page struct{ Leaves []LogEntry }
	if err := json.Unmarshal(b, &page); err != nil {
		return nil, fmt.Errorf("leaves from %d: %w", start, err)
	}
	return page.Leaves, nil
}

// ReviewStates reads a page of the reviews' current states.
func (l *HTTPLog) ReviewStates(ctx context.Context, after int64, limit int) ([]ReviewState, error) {
	b, err := l.get(ctx, "/reviews/log/reviews?after="+strconv.FormatInt(after, 10)+"&limit="+strconv.Itoa(limit), 32<<20)
	if err != nil {
		return nil, err
	}
	var page struct{ Reviews []ReviewState }
	if err := json.Unmarshal(b, &page); err != nil {
		return nil, fmt.Errorf("reviews after %d: %w", after, err)
	}
	return page.Reviews, nil
}

// ConsistencyProof reads the proof from old to new leaves.
func (l *HTTPLog) ConsistencyProof(ctx context.Context, old, new int64) (tlog.TreeProof, error) {
	b, err := l.get(ctx, "/reviews/log/proof/consistency?old="+strconv.FormatInt(old, 10)+"&new="+strconv.FormatInt(new, 10), 1<<20)
	if err != nil {
		return nil, err
	}
	var p struct{ Proof tlog.TreeProof }
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	return p.Proof, nil
}
