package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/mall-project/mall/reviews"
)

// runReviews is `mall reviews verify` and `mall reviews export`.
func runReviews(ctx context.Context, cfg *config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("reviews: say verify or export")
	}
	switch args[0] {
	case "verify":
		return runReviewsVerify(ctx, args[1:], stdout)
	case "export":
		return runReviewsExport(ctx, cfg, args[1:], stdout)
	}
	return fmt.Errorf("reviews: unknown command %q (verify or export)", args[0])
}

// runReviewsVerify checks a mall's review log from outside, over HTTP or
// from an exported file, and with --state remembers the checkpoint so the
// next run proves nothing earlier was changed or dropped.
func runReviewsVerify(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("reviews verify", flag.ContinueOnError)
	base := fs.String("url", "", "the mall's address, like https://mall.example")
	file := fs.String("file", "", "a log written by `mall reviews export`, instead of --url")
	state := fs.String("state", "", "directory that keeps the checkpoint seen last time")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var src reviews.LogSource
	switch {
	case *base != "" && *file == "":
		u, err := url.Parse(*base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("reviews verify: --url must be an http(s) address, got %q", *base)
		}
		src = reviews.NewHTTPLog(u.String(), &http.Client{Timeout: 30 * time.Second})
	case *file != "" && *base == "":
		fl, err := readLogFile(*file)
		if err != nil {
			return err
		}
		src = fl
	default:
		return errors.New("reviews verify: give --url or --file")
	}
	var prev *reviews.Seen
	if *state != "" {
		seen, err := readSeen(*state)
		if err != nil {
			return err
		}
		prev = seen
	}
	res, err := reviews.Verify(ctx, src, prev)
	if err != nil {
		return fmt.Errorf("reviews verify: %w", err)
	}
	if !res.OK() {
		for _, p := range res.Problems {
			fmt.Fprintln(stdout, "FAIL:", p)
		}
		return fmt.Errorf("reviews verify: %w (%d problems)", reviews.ErrNotVerified, len(res.Problems))
	}
	fmt.Fprintf(stdout, "ok: %s, %d leaves, root %s, %d reviews match their last leaf\n", res.Origin, res.Size, res.Root, res.Reviews)
	if res.Erased > 0 {
		fmt.Fprintf(stdout, "%d of them erased at the reviewer's request (their leaves verify; their text is gone)\n", res.Erased)
	}
	if res.PreviousSize >= 0 {
		fmt.Fprintf(stdout, "ok: consistent with the %d leaves seen last time\n", res.PreviousSize)
	}
	if *state != "" {
		key, err := src.VerifierKey(ctx)
		if err != nil {
			return err
		}
		if err := writeSeen(*state, strings.TrimSpace(key), res.Signed); err != nil {
			return err
		}
	}
	return nil
}

func readSeen(dir string) (*reviews.Seen, error) {
	key, err := os.ReadFile(filepath.Join(dir, "key"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reviews verify: read state: %w", err)
	}
	cp, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		return nil, fmt.Errorf("reviews verify: read state: %w", err)
	}
	return &reviews.Seen{VerifierKey: strings.TrimSpace(string(key)), Checkpoint: cp}, nil
}

func writeSeen(dir, key string, signed []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "key"), []byte(key+"\n"), 0o644); err != nil {
		return err
	}
	tmp := filepath.Join(dir, ".checkpoint")
	if err := os.WriteFile(tmp, signed, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(dir, "checkpoint"))
}

// exportLine is one line of `mall reviews export`: the signed checkpoint
// and key first, then every leaf, then every review's current state.
type exportLine struct {
	Checkpoint  string               `json:"checkpoint,omitempty"`
	VerifierKey string               `json:"verifier_key,omitempty"`
	Leaf        *reviews.LogEntry    `json:"leaf,omitempty"`
	Review      *reviews.ReviewState `json:"review,omitempty"`
}

// runReviewsExport writes the mall's review log as JSON lines.
func runReviewsExport(ctx context.Context, cfg *config, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("reviews export", flag.ContinueOnError)
	out := fs.String("out", "", "file to write (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB(db)
	key, err := reviews.LoadLogKey(cfg.ReviewLogKey, cfg.DataDir, reviewLogOrigin(cfg))
	if err != nil {
		return err
	}
	store := reviews.NewStore(db, reviews.Options{Key: key})
	w := stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	signed, err := store.Checkpoint(ctx)
	if err != nil {
		return err
	}
	if err := enc.Encode(exportLine{Checkpoint: string(signed), VerifierKey: key.VerifierKey()}); err != nil {
		return err
	}
	for start := int64(0); ; {
		page, err := store.Leaves(ctx, start, reviews.MaxLeavesPage)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for i := range page {
			if err := enc.Encode(exportLine{Leaf: &page[i]}); err != nil {
				return err
			}
		}
		start = page[len(page)-1].Index + 1
	}
	for after := int64(0); ; {
		page, err := store.ReviewStates(ctx, after, reviews.MaxLeavesPage)
		if err != nil {
			return err
		}
		if len(page) == 0 {
			break
		}
		for i := range page {
			if err := enc.Encode(exportLine{Review: &page[i]}); err != nil {
				return err
			}
		}
		after = page[len(page)-1].Review
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if f != nil {
		return f.Close()
	}
	return nil
}

// fileLog is an exported log read back.
type fileLog struct {
	key        string
	checkpoint []byte
	leaves     []reviews.LogEntry
	states     []reviews.ReviewState
}

func readLogFile(path string) (*fileLog, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fl := &fileLog{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		var line exportLine
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		switch {
		case line.Checkpoint != "":
			fl.checkpoint, fl.key = []byte(line.Checkpoint), line.VerifierKey
		case line.Leaf != nil:
			fl.leaves = append(fl.leaves, *line.Leaf)
		case line.Review != nil:
			fl.states = append(fl.states, *line.Review)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if fl.checkpoint == nil {
		return nil, fmt.Errorf("%s: no checkpoint line", path)
	}
	// Export writes both in order; a file put together otherwise is read
	// in order all the same.
	slices.SortStableFunc(fl.leaves, func(a, b reviews.LogEntry) int { return cmp.Compare(a.Index, b.Index) })
	slices.SortStableFunc(fl.states, func(a, b reviews.ReviewState) int { return cmp.Compare(a.Review, b.Review) })
	return fl, nil
}

func (l *fileLog) VerifierKey(context.Context) (string, error) { return l.key, nil }
func (l *fileLog) Checkpoint(context.Context) ([]byte, error)  { return l.checkpoint, nil }

// Leaves pages through the file's leaves, which export writes in index
// order: a binary search finds the page, so reading a log of n leaves
// page by page is n log n, not n squared.
func (l *fileLog) Leaves(_ context.Context, start int64, limit int) ([]reviews.LogEntry, error) {
	i := sort.Search(len(l.leaves), func(i int) bool { return l.leaves[i].Index >= start })
	return l.leaves[i:min(len(l.leaves), i+max(limit, 0))], nil
}

// ReviewStates pages through the file's reviews, in id order as export
// writes them.
func (l *fileLog) ReviewStates(_ context.Context, after int64, limit int) ([]reviews.ReviewState, error) {
	i := sort.Search(len(l.states), func(i int) bool { return l.states[i].Review > after })
	return l.states[i:min(len(l.states), i+max(limit, 0))], nil
}

// ConsistencyProof is computed from the file's own leaves: an exported
// log carries no proofs, and the verifier recomputes the old root from
// the leaves as well.
func (l *fileLog) ConsistencyProof(_ context.Context, old, new int64) (tlog.TreeProof, error) {
	var stored memHashes
	for i, e := range l.leaves {
		if int64(i) >= new {
			break
		}
		hs, err := tlog.StoredHashesForRecordHash(int64(i), e.Hash, stored)
		if err != nil {
			return nil, err
		}
		stored = append(stored, hs...)
	}
	return tlog.ProveTree(new, old, stored)
}

type memHashes []tlog.Hash

func (m memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		if idx < 0 || idx >= int64(len(m)) {
			return nil, fmt.Errorf("hash %d not in the file", idx)
		}
		out[i] = m[idx]
	}
	return out, nil
}
