// Package reviewseed writes many reviews at once, for benchmarks and load
// tests only (`mall bench-reviews`, the storefront's benchmarks): the rows
// a real submit writes (the review, its first version, its leaf and the
// hashes tlog stores for it, the product's and shop's aggregates), in
// batches of thousands per transaction instead of one transaction each.
//
// The reviews are guests' and stand on order lines that do not exist
// (ids from FirstLine up), so no shopper can reach them from an order;
// nothing in the mall's serving code imports this package.
package reviewseed

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"golang.org/x/mod/sumdb/tlog"
	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/reviews"
)

// FirstLine is the first order line id the seeded reviews stand on: far
// above any real line, so that real reviews of real lines never collide.
const FirstLine int64 = 1 << 40

// Batch is how many reviews go in one transaction.
const Batch = 2000

// Target is a product to give reviews to.
type Target struct {
	MerchantID int64
	ProductID  int64
	VariantID  int64
	// Count is how many reviews it gets.
	Count int
}

// Options tune what is written.
type Options struct {
	// End is when the last review was written (default now); the reviews
	// are spread over Span before it (default a year), oldest first, as
	// the log would have taken them.
	End  time.Time
	Span time.Duration
	// ReplyEvery gives every n-th review a reply from the shop (0: none).
	ReplyEvery int
	// Progress, when set, is told after each batch how many were written.
	Progress func(n int)
}

// Write gives each target its Count reviews, interleaved in the log in
// the order of the targets' shares, and returns how many it wrote.
func Write(ctx context.Context, db *gorm.DB, targets []Target, opts Options) (int, error) {
	total := 0
	for _, t := range targets {
		total += t.Count
	}
	if total == 0 {
		return 0, nil
	}
	if opts.End.IsZero() {
		opts.End = time.Now().UTC()
	}
	if opts.Span <= 0 {
		opts.Span = 365 * 24 * time.Hour
	}
	w := &writer{ctx: ctx, db: db, opts: opts, rng: rand.New(rand.NewPCG(2026, 15)), step: opts.Span / time.Duration(total)}
	if err := w.start(); err != nil {
		return 0, err
	}
	// Interleave the targets: each takes its turn while it has reviews
	// left, so a busy product's reviews are spread over the whole log.
	left := make([]int, len(targets))
	for i, t := range targets {
		left[i] = t.Count
	}
	plan := make([]*Target, 0, Batch)
	written := 0
	for written < total {
		plan = plan[:0]
		for len(plan) < Batch && written+len(plan) < total {
			for i := range targets {
				if left[i] > 0 && len(plan) < Batch {
					left[i]--
					plan = append(plan, &targets[i])
				}
			}
		}
		if err := w.batch(plan, written, total); err != nil {
			return written, err
		}
		written += len(plan)
		if opts.Progress != nil {
			opts.Progress(len(plan))
		}
	}
	return written, nil
}

type writer struct {
	ctx context.Context
	db  *gorm.DB
	// tx is the batch's transaction, which ReadHashes reads through.
	tx   *gorm.DB
	opts Options
	rng  *rand.Rand
	step time.Duration
	line int64
	// mem holds the stored hashes from memStart on, as they are made;
	// older ones are read from the database once (old).
	memStart int64
	mem      []tlog.Hash
	old      map[int64]tlog.Hash
}

type leafRow struct {
	Idx       int64
	ReviewID  int64
	Data      string
	CreatedAt time.Time
}

func (leafRow) TableName() string { return "review_log_leaves" }

type hashRow struct {
	Idx  int64
	Hash string
}

func (hashRow) TableName() string { return "review_log_hashes" }

func (w *writer) start() error {
	var maxLine int64
	if err := w.db.WithContext(w.ctx).Raw(`SELECT COALESCE(MAX(order_line_id), 0) FROM reviews`).Scan(&maxLine).Error; err != nil {
		return fmt.Errorf("reviewseed: lines: %w", err)
	}
	w.line = max(FirstLine, maxLine+1)
	var size int64
	if err := w.db.WithContext(w.ctx).Raw(`SELECT size FROM review_log_state WHERE id = 1`).Scan(&size).Error; err != nil {
		return fmt.Errorf("reviewseed: log size: %w", err)
	}
	w.memStart = tlog.StoredHashIndex(0, size)
	w.old = map[int64]tlog.Hash{}
	return nil
}

// ReadHashes is tlog's view of the stored hashes: the ones this run made
// from memory, earlier ones from the table.
func (w *writer) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, idx := range indexes {
		if idx >= w.memStart {
			if idx-w.memStart >= int64(len(w.mem)) {
				return nil, fmt.Errorf("reviewseed: hash %d not made yet", idx)
			}
			out[i] = w.mem[idx-w.memStart]
			continue
		}
		h, ok := w.old[idx]
		if !ok {
			var s string
			if err := w.tx.Raw(`SELECT hash FROM review_log_hashes WHERE idx = ?`, idx).Scan(&s).Error; err != nil {
				return nil, err
			}
			b, err := hex.DecodeString(s)
			if err != nil || len(b) != tlog.HashSize {
				return nil, fmt.Errorf("reviewseed: log hash %d is missing or damaged", idx)
			}
			copy(h[:], b)
			w.old[idx] = h
		}
		out[i] = h
	}
	return out, nil
}

var words = strings.Fields(`fresh smooth strong mild fragrant bitter sweet well packed arrived quickly
	as described good value would buy again a little small the colour is lovely a gift for my mother
	brews well keeps warm sturdy light heavy cheap solid nice`)

func (w *writer) text(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[w.rng.IntN(len(words))])
	}
	return b.String()
}

// rating is a shop's usual spread: mostly fours and fives.
func (w *writer) rating() int {
	switch n := w.rng.IntN(100); {
	case n < 5:
		return 1
	case n < 10:
		return 2
	case n < 20:
		return 3
	case n < 50:
		return 4
	}
	return 5
}

// rowsPerInsert is how many rows of cols columns one INSERT carries: the
// SQLite driver binds parameters in time that grows with the square of
// their number, so a few hundred per statement is fastest.
func rowsPerInsert(cols int) int { return max(1, paramsPerInsert/cols) }

const paramsPerInsert = 256

type aggKey struct{ merchant, product int64 }

type aggDelta struct {
	reviews, rated, sum int64
	stars               [6]int64
}

func (w *writer) batch(plan []*Target, done, total int) error {
	return database.InTx(w.ctx, w.db, func(tx *gorm.DB) error {
		w.tx = tx
		n := int64(len(plan))
		// Take the indexes first, as every append does: a real review
		// submitted meanwhile waits, then goes after the batch.
		var size int64
		if err := tx.Raw(`UPDATE review_log_state SET size = size + ? WHERE id = 1 RETURNING size`, n).Scan(&size).Error; err != nil {
			return fmt.Errorf("reviewseed: grow the log: %w", err)
		}
		first := size - n
		if got := tlog.StoredHashIndex(0, first); got != w.memStart+int64(len(w.mem)) {
			return fmt.Errorf("reviewseed: the log grew meanwhile (leaf %d, expected %d)", first, w.memStart+int64(len(w.mem)))
		}
		list := make([]reviews.Review, len(plan))
		for i, t := range plan {
			at := w.opts.End.Add(-time.Duration(total-done-i) * w.step).UTC().Truncate(time.Second)
			r := &list[i]
			*r = reviews.Review{
				MerchantID: t.MerchantID, ProductID: t.ProductID, VariantID: t.VariantID, OrderID: w.line, OrderLineID: w.line,
				Rating: w.rating(), Title: w.text(3), Body: w.text(12 + w.rng.IntN(30)), Incentivized: w.rng.IntN(25) == 0,
				Verified: true, Status: reviews.StatusPublished, Version: 1, LineSalt: mall.RandomHex(32), LeafIndex: first + int64(i),
				PurchasedAt: at.Add(-5 * 24 * time.Hour), DeliveredAt: at.Add(-2 * 24 * time.Hour), CreatedAt: at, UpdatedAt: at,
			}
			w.line++
		}
		if err := tx.Omit("Versions", "Reply").CreateInBatches(&list, rowsPerInsert(31)).Error; err != nil {
			return fmt.Errorf("reviewseed: reviews: %w", err)
		}
		versions := make([]reviews.Version, len(list))
		leaves := make([]leafRow, len(list))
		var hashes []hashRow
		var replies []reviews.Reply
		var replyVersions []reviews.ReplyVersion
		aggs := map[aggKey]*aggDelta{}
		for i := range list {
			r := &list[i]
			versions[i] = reviews.Version{MerchantID: r.MerchantID, ReviewID: r.ID, Version: 1, Rating: r.Rating,
				Title: r.Title, Body: r.Body, Incentivized: r.Incentivized, CreatedAt: r.CreatedAt}
			// The leaf a publish appends (reviews' leafOf).
			data, err := json.Marshal(reviews.Leaf{
				Review: r.ID, Version: r.Version, Merchant: r.MerchantID, Product: r.ProductID, Rating: r.Rating,
				Verified: r.Verified, Content: reviews.ContentHash(r.Title, r.Body, r.Incentivized),
				Line: reviews.LineCommitment(r.LineSalt, r.OrderLineID), Time: r.CreatedAt.UTC().Format(time.RFC3339),
				Action: reviews.ActionPublished,
			})
			if err != nil {
				return err
			}
			hs, err := tlog.StoredHashes(r.LeafIndex, data, w)
			if err != nil {
				return fmt.Errorf("reviewseed: hash leaf %d: %w", r.LeafIndex, err)
			}
			from := w.memStart + int64(len(w.mem))
			for j, h := range hs {
				hashes = append(hashes, hashRow{Idx: from + int64(j), Hash: hex.EncodeToString(h[:])})
			}
			w.mem = append(w.mem, hs...)
			leaves[i] = leafRow{Idx: r.LeafIndex, ReviewID: r.ID, Data: string(data), CreatedAt: r.CreatedAt}
			for _, k := range []aggKey{{r.MerchantID, r.ProductID}, {r.MerchantID, 0}} {
				d := aggs[k]
				if d == nil {
					d = &aggDelta{}
					aggs[k] = d
				}
				d.reviews++
				if r.Counted() {
					d.rated++
					d.sum += int64(r.Rating)
					d.stars[r.Rating]++
				}
			}
			if w.opts.ReplyEvery > 0 && (done+i)%w.opts.ReplyEvery == 0 {
				at := r.CreatedAt.Add(time.Hour)
				body := "Thank you: " + w.text(8)
				replies = append(replies, reviews.Reply{MerchantID: r.MerchantID, ReviewID: r.ID, Body: body, Version: 1, CreatedAt: at, UpdatedAt: at})
				replyVersions = append(replyVersions, reviews.ReplyVersion{MerchantID: r.MerchantID, ReviewID: r.ID, Version: 1, Body: body, CreatedAt: at})
			}
		}
		if err := tx.CreateInBatches(&versions, rowsPerInsert(9)).Error; err != nil {
			return fmt.Errorf("reviewseed: versions: %w", err)
		}
		if err := tx.CreateInBatches(&leaves, rowsPerInsert(4)).Error; err != nil {
			return fmt.Errorf("reviewseed: leaves: %w", err)
		}
		if err := tx.CreateInBatches(&hashes, rowsPerInsert(2)).Error; err != nil {
			return fmt.Errorf("reviewseed: hashes: %w", err)
		}
		if len(replies) > 0 {
			if err := tx.Omit("Versions").CreateInBatches(&replies, rowsPerInsert(8)).Error; err != nil {
				return fmt.Errorf("reviewseed: replies: %w", err)
			}
			if err := tx.CreateInBatches(&replyVersions, rowsPerInsert(7)).Error; err != nil {
				return fmt.Errorf("reviewseed: reply versions: %w", err)
			}
		}
		for k, d := range aggs {
			err := tx.Exec(`INSERT INTO review_aggregates (merchant_id, product_id, review_count, rated_count, rating_sum,
				stars1, stars2, stars3, stars4, stars5) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (merchant_id, product_id) DO UPDATE SET
				review_count = review_aggregates.review_count + excluded.review_count,
				rated_count = review_aggregates.rated_count + excluded.rated_count,
				rating_sum = review_aggregates.rating_sum + excluded.rating_sum,
				stars1 = review_aggregates.stars1 + excluded.stars1, stars2 = review_aggregates.stars2 + excluded.stars2,
				stars3 = review_aggregates.stars3 + excluded.stars3, stars4 = review_aggregates.stars4 + excluded.stars4,
				stars5 = review_aggregates.stars5 + excluded.stars5`,
				k.merchant, k.product, d.reviews, d.rated, d.sum,
				d.stars[1], d.stars[2], d.stars[3], d.stars[4], d.stars[5]).Error
			if err != nil {
				return fmt.Errorf("reviewseed: aggregate of product %d: %w", k.product, err)
			}
			// The product's rating in the catalog follows its aggregate,
			// as a real submit keeps it.
			var agg struct{ RatedCount, RatingSum int64 }
			if err := tx.Raw(`SELECT rated_count, rating_sum FROM review_aggregates WHERE merchant_id = ? AND product_id = ?`,
				k.merchant, k.product).Scan(&agg).Error; err != nil {
				return fmt.Errorf("reviewseed: aggregate of product %d: %w", k.product, err)
			}
			if err := catalog.SetProductRating(tx, k.merchant, k.product, agg.RatingSum, agg.RatedCount); err != nil {
				return err
			}
		}
		return nil
	})
}
