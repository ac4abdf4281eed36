package reviews

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/mall-project/mall/mall"
)

// MaxLeavesPage is the most leaves one request lists.
const MaxLeavesPage = 1000

// LogSize is how many leaves the log holds.
func (s *Store) LogSize(ctx context.Context) (int64, error) {
	var size int64
	if err := s.conn(ctx).Raw(`SELECT size FROM review_log_state WHERE id = 1`).Scan(&size).Error; err != nil {
		return 0, fmt.Errorf("reviews: log size: %w", err)
	}
	return size, nil
}

// Head is the log's current size and root hash. Stored hashes below a
// committed size never change, so the two agree.
func (s *Store) Head(ctx context.Context) (int64, tlog.Hash, error) {
	size, err := s.LogSize(ctx)
	if err != nil {
		return 0, tlog.Hash{}, err
	}
	root, err := tlog.TreeHash(size, dbHashes{s.conn(ctx)})
	if err != nil {
		return 0, tlog.Hash{}, fmt.Errorf("reviews: root of %d leaves: %w", size, err)
	}
	return size, root, nil
}

// Checkpoint is the log's current size and root, signed: a note whose
// text is FormatCheckpoint's. Ed25519 signs deterministically, so one
// tree gives one checkpoint.
func (s *Store) Checkpoint(ctx context.Context) ([]byte, error) {
	if s.opts.Key == nil {
		return nil, errors.New("reviews: no review log key")
	}
	size, root, err := s.Head(ctx)
	if err != nil {
		return nil, err
	}
	signed, err := note.Sign(&note.Note{Text: FormatCheckpoint(s.opts.Key.Origin(), size, root)}, s.opts.Key.signer)
	if err != nil {
		return nil, fmt.Errorf("reviews: sign checkpoint: %w", err)
	}
	return signed, nil
}

// Leaves lists up to limit leaves from index start.
func (s *Store) Leaves(ctx context.Context, start int64, limit int) ([]LogEntry, error) {
	if start < 0 {
		start = 0
	}
	if limit <= 0 || limit > MaxLeavesPage {
		limit = MaxLeavesPage
	}
	var rows []logLeafRow
	if err := s.conn(ctx).Where("idx >= ?", start).Order("idx").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("reviews: leaves from %d: %w", start, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	idx := make([]int64, len(rows))
	for i, r := range rows {
		idx[i] = tlog.StoredHashIndex(0, r.Idx)
	}
	hashes, err := dbHashes{s.conn(ctx)}.ReadHashes(idx)
	if err != nil {
		return nil, err
	}
	out := make([]LogEntry, len(rows))
	for i, r := range rows {
		out[i] = LogEntry{Index: r.Idx, Data: r.Data, Hash: hashes[i]}
	}
	return out, nil
}

func badProof(msg string) error {
	return &mall.Error{Code: mall.EInvalid, Key: "reviews.error.proof_range", Message: msg}
}

// InclusionProof proves that leaf index is in the tree of size leaves.
func (s *Store) InclusionProof(ctx context.Context, index, size int64) (tlog.RecordProof, error) {
	cur, err := s.LogSize(ctx)
	if err != nil {
		return nil, err
	}
	if size <= 0 || size > cur || index < 0 || index >= size {
		return nil, badProof(fmt.Sprintf("no leaf %d in a tree of %d (the log has %d)", index, size, cur))
	}
	p, err := tlog.ProveRecord(size, index, dbHashes{s.conn(ctx)})
	if err != nil {
		return nil, fmt.Errorf("reviews: prove leaf %d in %d: %w", index, size, err)
	}
	return p, nil
}

// ConsistencyProof proves that the tree of size old is a prefix of the
// tree of size new.
func (s *Store) ConsistencyProof(ctx context.Context, old, new int64) (tlog.TreeProof, error) {
	cur, err := s.LogSize(ctx)
	if err != nil {
		return nil, err
	}
	if old < 0 || new > cur || old > new {
		return nil, badProof(fmt.Sprintf("no proof from %d to %d leaves (the log has %d)", old, new, cur))
	}
	p, err := tlog.ProveTree(new, old, dbHashes{s.conn(ctx)})
	if err != nil {
		return nil, fmt.Errorf("reviews: prove %d in %d: %w", old, new, err)
	}
	return p, nil
}

// ReviewStates lists what reviews show now, by id after after, for
// checking each against its last leaf.
func (s *Store) ReviewStates(ctx context.Context, after int64, limit int) ([]ReviewState, error) {
	if limit <= 0 || limit > MaxLeavesPage {
		limit = MaxLeavesPage
	}
	var list []Review
	err := s.conn(ctx).Select("id, merchant_id, version, rating, verified, title, body, incentivized, leaf_index, erased_at").
		Where("id > ?", after).Order("id").Limit(limit).Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("reviews: review states: %w", err)
	}
	photos, err := currentPhotoKeys(s.conn(ctx), list)
	if err != nil {
		return nil, err
	}
	out := make([]ReviewState, len(list))
	for i, r := range list {
		out[i] = stateOf(&r, photos[r.ID])
	}
	return out, nil
}

func stateOf(r *Review, photos []string) ReviewState {
	st := ReviewState{Review: r.ID, Version: r.Version, Rating: r.Rating, Verified: r.Verified,
		Content: ContentHash(r.Title, r.Body, r.Incentivized, photos...), Leaf: r.LeafIndex}
	if r.Erased() {
		st.Content = ErasedContent
	}
	return st
}

// ownCheckpoint is the current signed checkpoint and what it says, read
// back through the mall's own key.
func (s *Store) ownCheckpoint(ctx context.Context) ([]byte, *Checkpoint, error) {
	signed, err := s.Checkpoint(ctx)
	if err != nil {
		return nil, nil, err
	}
	n, err := note.Open(signed, note.VerifierList(mustVerifier(s.opts.Key.VerifierKey())))
	if err != nil {
		return nil, nil, fmt.Errorf("reviews: open own checkpoint: %w", err)
	}
	cp, err := ParseCheckpoint(n.Text)
	if err != nil {
		return nil, nil, err
	}
	return signed, cp, nil
}

// Receipt is the proof of one leaf against the current checkpoint.
func (s *Store) Receipt(ctx context.Context, index int64) (*Receipt, error) {
	signed, cp, err := s.ownCheckpoint(ctx)
	if err != nil {
		return nil, err
	}
	if index < 0 || index >= cp.Size {
		return nil, mall.NotFound("review log leaf")
	}
	leaves, err := s.Leaves(ctx, index, 1)
	if err != nil {
		return nil, err
	}
	if len(leaves) != 1 || leaves[0].Index != index {
		return nil, mall.NotFound("review log leaf")
	}
	proof, err := s.InclusionProof(ctx, index, cp.Size)
	if err != nil {
		return nil, err
	}
	return &Receipt{Index: index, Data: leaves[0].Data, Hash: leaves[0].Hash, Size: cp.Size, Proof: proof,
		Checkpoint: string(signed), Key: s.opts.Key.VerifierKey()}, nil
}

func mustVerifier(vkey string) note.Verifier {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		panic(err)
	}
	return v
}

// VerifierKey is the log's public key (a LogSource method, so a Store can
// be verified directly).
func (s *Store) VerifierKey(context.Context) (string, error) {
	if s.opts.Key == nil {
		return "", errors.New("reviews: no review log key")
	}
	return s.opts.Key.VerifierKey(), nil
}
