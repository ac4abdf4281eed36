package reviews

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// LogSource is a review log as a verifier reads it: from a mall over HTTP
// or from an exported file.
type LogSource interface {
	VerifierKey(ctx context.Context) (string, error)
	Checkpoint(ctx context.Context) ([]byte, error)
	// Leaves lists up to limit leaves from index start.
	Leaves(ctx context.Context, start int64, limit int) ([]LogEntry, error)
	// ReviewStates lists reviews by id after after.
	ReviewStates(ctx context.Context, after int64, limit int) ([]ReviewState, error)
	ConsistencyProof(ctx context.Context, old, new int64) (tlog.TreeProof, error)
}

// Seen is what a verifier remembers of a log from last time: its key and
// the signed checkpoint it checked.
type Seen struct {
	VerifierKey string
	Checkpoint  []byte
}

// VerifyResult is what a verification found.
type VerifyResult struct {
	Origin  string
	Size    int64
	Root    tlog.Hash
	Reviews int
	// Erased is how many of them were erased (their leaves verify; their
	// text is gone).
	Erased int
	// PreviousSize is the size of the checkpoint seen last time (-1 when
	// none was given).
	PreviousSize int64
	// Signed is the checkpoint just checked, to remember for next time.
	Signed []byte
	// Problems says where the log does not hold together; empty when it
	// verifies.
	Problems []string
}

// OK reports whether the log verified.
func (r *VerifyResult) OK() bool { return len(r.Problems) == 0 }

// memHashes is a tree's stored hashes in memory, as tlog lays them out.
type memHashes []tlog.Hash

func (m memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		if idx < 0 || idx >= int64(len(m)) {
			return nil, fmt.Errorf("hash %d not computed", idx)
		}
		out[i] = m[idx]
	}
	return out, nil
}

type lastLeaf struct {
	index int64
	leaf  Leaf
}

// maxProblems bounds the report: past it, the log is plainly broken.
const maxProblems = 50

// Verify checks a review log from outside: the checkpoint's signature,
// every leaf against its hash, the leaves against the signed root, every
// review's current state against its last leaf, and, given what was seen
// last time, that the old tree is a prefix of the new one (a consistency
// proof from the log, and the same recomputed from the leaves).
func Verify(ctx context.Context, src LogSource, prev *Seen) (*VerifyResult, error) {
	res := &VerifyResult{PreviousSize: -1}
	problem := func(format string, args ...any) {
		if len(res.Problems) < maxProblems {
			res.Problems = append(res.Problems, fmt.Sprintf(format, args...))
		}
	}
	vkey, err := src.VerifierKey(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the log's key: %w", err)
	}
	vkey = strings.TrimSpace(vkey)
	if prev != nil && prev.VerifierKey != "" && prev.VerifierKey != vkey {
		problem("the log's key changed since last time (was %s, now %s)", prev.VerifierKey, vkey)
		return res, nil
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("the log's key %q: %w", vkey, err)
	}
	signed, err := src.Checkpoint(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the checkpoint: %w", err)
	}
	n, err := note.Open(signed, note.VerifierList(verifier))
	if err != nil {
		problem("checkpoint: the signature does not verify with the log's key: %v", err)
		return res, nil
	}
	cp, err := ParseCheckpoint(n.Text)
	if err != nil {
		problem("checkpoint: %v", err)
		return res, nil
	}
	if cp.Origin != verifier.Name() {
		problem("checkpoint: origin %q is not the key's name %q", cp.Origin, verifier.Name())
	}
	res.Origin, res.Size, res.Root, res.Signed = cp.Origin, cp.Size, cp.Root, signed

	stored := make(memHashes, 0, tlog.StoredHashCount(cp.Size))
	last := map[int64]lastLeaf{}
	next := int64(0)
	for next < cp.Size {
		page, err := src.Leaves(ctx, next, MaxLeavesPage)
		if err != nil {
			return nil, fmt.Errorf("read leaves from %d: %w", next, err)
		}
		if len(page) == 0 {
			problem("leaves %d to %d are missing: the checkpoint counts %d", next, cp.Size-1, cp.Size)
			return res, nil
		}
		for _, e := range page {
			if e.Index >= cp.Size {
				break
			}
			if e.Index != next {
				problem("leaf %d is missing (the log goes on at %d)", next, e.Index)
				return res, nil
			}
			data := []byte(e.Data)
			if h := tlog.RecordHash(data); h != e.Hash {
				problem("leaf %d: its data does not match its hash in the tree (rewritten after it was logged)", e.Index)
			}
			var leaf Leaf
			if err := json.Unmarshal(data, &leaf); err != nil {
				problem("leaf %d: not a review leaf: %v", e.Index, err)
			} else {
				// Once erased, a review's leaves carry no text hash and
				// no commitment: its text cannot come back.
				prevLeaf, seen := last[leaf.Review]
				if (leaf.Action == ActionErased || seen && prevLeaf.leaf.Content == ErasedContent) &&
					(leaf.Content != ErasedContent || leaf.Line != "") {
					problem("leaf %d: review %d was erased but the leaf carries a content hash or a line commitment", e.Index, leaf.Review)
				}
				last[leaf.Review] = lastLeaf{index: e.Index, leaf: leaf}
			}
			hs, err := tlog.StoredHashesForRecordHash(e.Index, e.Hash, stored)
			if err != nil {
				return nil, fmt.Errorf("hash leaf %d: %w", e.Index, err)
			}
			stored = append(stored, hs...)
			next++
		}
	}
	root, err := tlog.TreeHash(cp.Size, stored)
	if err != nil {
		return nil, fmt.Errorf("root of %d leaves: %w", cp.Size, err)
	}
	if root != cp.Root {
		problem("the %d leaves do not add up to the signed root %s (they give %s)", cp.Size, cp.Root, root)
	}

	after := int64(0)
	for {
		states, err := src.ReviewStates(ctx, after, MaxLeavesPage)
		if err != nil {
			return nil, fmt.Errorf("read reviews after %d: %w", after, err)
		}
		if len(states) == 0 {
			break
		}
		for _, st := range states {
			after = st.Review
			if st.Leaf >= cp.Size {
				continue // logged after the checkpoint
			}
			res.Reviews++
			if st.Content == ErasedContent {
				res.Erased++
			}
			ll, ok := last[st.Review]
			if !ok {
				problem("review %d: shown but has no leaf in the log", st.Review)
				continue
			}
			if ll.index != st.Leaf {
				problem("review %d: points at leaf %d but its last leaf is %d", st.Review, st.Leaf, ll.index)
			}
			l := ll.leaf
			if l.Rating != st.Rating || l.Version != st.Version || l.Content != st.Content || l.Verified != st.Verified {
				problem("review %d: shows %d stars (version %d, verified %t) but its last leaf %d says %d stars (version %d, verified %t)%s",
					st.Review, st.Rating, st.Version, st.Verified, ll.index, l.Rating, l.Version, l.Verified,
					map[bool]string{true: "", false: " and other text"}[l.Content == st.Content])
			}
		}
	}

	if prev != nil && len(prev.Checkpoint) > 0 {
		pn, err := note.Open(prev.Checkpoint, note.VerifierList(verifier))
		if err != nil {
			problem("the checkpoint seen last time does not verify: %v", err)
			return res, nil
		}
		old, err := ParseCheckpoint(pn.Text)
		if err != nil {
			problem("the checkpoint seen last time: %v", err)
			return res, nil
		}
		res.PreviousSize = old.Size
		if old.Size > cp.Size {
			problem("the log shrank from %d leaves (seen last time) to %d", old.Size, cp.Size)
			return res, nil
		}
		proof, err := src.ConsistencyProof(ctx, old.Size, cp.Size)
		if err != nil {
			problem("no consistency proof from %d to %d leaves: %v", old.Size, cp.Size, err)
		} else if err := tlog.CheckTree(proof, cp.Size, cp.Root, old.Size, old.Root); err != nil {
			problem("the log of %d leaves is not an extension of the %d seen last time: %v", cp.Size, old.Size, err)
		}
		if h, err := tlog.TreeHash(old.Size, stored); err == nil && h != old.Root {
			problem("the first %d leaves were changed since last time (root %s, was %s)", old.Size, h, old.Root)
		}
	}
	return res, nil
}

// ErrNotVerified is returned (wrapped) when a log does not verify.
var ErrNotVerified = errors.New("the review log does not verify")
