package reviews_test

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/mall-project/mall/reviews"
)

// benchLog fills the log tables with n leaves at once (as n reviews would
// have), the hashes computed by tlog in memory. REVIEW_LOG_BENCH_LEAVES
// sets n (default 100000).
func benchLog(b *testing.B) (*fixture, int64) {
	b.Helper()
	n := int64(100000)
	if s := os.Getenv("REVIEW_LOG_BENCH_LEAVES"); s != "" {
		n, _ = strconv.ParseInt(s, 10, 64)
	}
	f := newFixture(b)
	var stored memHashes
	type leafRow struct {
		Idx       int64
		ReviewID  int64
		Data      string
		CreatedAt time.Time
	}
	type hashRow struct {
		Idx  int64
		Hash string
	}
	var leaves []leafRow
	var hashes []hashRow
	flush := func() {
		if len(leaves) > 0 {
			if err := f.db.Table("review_log_leaves").CreateInBatches(leaves, 500).Error; err != nil {
				b.Fatal(err)
			}
		}
		if len(hashes) > 0 {
			if err := f.db.Table("review_log_hashes").CreateInBatches(hashes, 1000).Error; err != nil {
				b.Fatal(err)
			}
		}
		leaves, hashes = leaves[:0], hashes[:0]
	}
	now := time.Now().UTC()
	for i := range n {
		data, _ := json.Marshal(reviews.Leaf{Review: i + 1, Version: 1, Merchant: 1, Product: 1 + i%100, Rating: 1 + int(i%5),
			Verified: true, Content: reviews.ContentHash("", "", false), Line: reviews.LineCommitment("salt", i), Time: now.Format(time.RFC3339), Action: reviews.ActionPublished})
		hs, err := tlog.StoredHashes(i, data, stored)
		if err != nil {
			b.Fatal(err)
		}
		first := int64(len(stored))
		stored = append(stored, hs...)
		leaves = append(leaves, leafRow{Idx: i, ReviewID: i + 1, Data: string(data), CreatedAt: now})
		for j, h := range hs {
			hashes = append(hashes, hashRow{Idx: first + int64(j), Hash: hex.EncodeToString(h[:])})
		}
		if len(leaves) >= 5000 {
			flush()
		}
	}
	flush()
	if err := f.db.Exec(`UPDATE review_log_state SET size = ?`, n).Error; err != nil {
		b.Fatal(err)
	}
	return f, n
}

type memHashes []tlog.Hash

func (m memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		out[i] = m[idx]
	}
	return out, nil
}

// BenchmarkReviewLog: an inclusion proof, a signed checkpoint and a
// whole verification against a large log.
func BenchmarkReviewLog(b *testing.B) {
	f, n := benchLog(b)
	b.Run("inclusion_proof", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := f.reviews.InclusionProof(ctx, int64(i)%n, n); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("checkpoint", func(b *testing.B) {
		for b.Loop() {
			if _, err := f.reviews.Checkpoint(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("verify_all", func(b *testing.B) {
		for b.Loop() {
			res, err := reviews.Verify(ctx, f.reviews, nil)
			if err != nil || res.Size != n {
				b.Fatal(err, res)
			}
		}
	})
}
