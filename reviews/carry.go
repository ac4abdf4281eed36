package reviews

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// CarriedLog is what of the review log travels with a merchant's archive:
// the origin's verifier key and signed checkpoint, and the merchant's
// reviews, each with its last leaf and the leaf's inclusion proof against
// that checkpoint. Anyone can check it offline (CheckCarried).
type CarriedLog struct {
	VerifierKey string
	Checkpoint  string
	Reviews     []CarriedReview
}

// CarriedReview is one review as it travels: what the buyer wrote and the
// leaf that logged it. ProductID is the origin's product id when
// exported; the importer sets it to its own product before ImportCarried.
type CarriedReview struct {
	ProductID    int64
	VariantTitle string
	Rating       int
	Title        string
	Body         string
	Incentivized bool
	Verified     bool
	ReviewedAt   time.Time
	LeafIndex    int64
	Leaf         string
	Proof        tlog.RecordProof
	// Photos are the content keys of the version's photos, which its
	// leaf's content hash covers. The files stay in the origin mall.
	Photos []string
}

// CarryReviews is the merchant's published reviews (erased and removed
// ones stay behind) with their proofs against the current checkpoint.
func (s *Store) CarryReviews(ctx context.Context, merchantID int64) (*CarriedLog, error) {
	var list []Review
	err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).
		Where("status = ? AND erased_at IS NULL", StatusPublished).Order("id").Find(&list).Error
	if err != nil {
		return nil, fmt.Errorf("reviews: reviews of merchant %d to carry: %w", merchantID, err)
	}
	photos, err := currentPhotoKeys(s.conn(ctx).Scopes(database.InMerchant(merchantID)), list)
	if err != nil {
		return nil, err
	}
	// The checkpoint is taken after the reviews: every leaf they name is
	// in it, and a review changed meanwhile travels as it was read.
	signed, cp, err := s.ownCheckpoint(ctx)
	if err != nil {
		return nil, err
	}
	out := &CarriedLog{VerifierKey: s.opts.Key.VerifierKey(), Checkpoint: string(signed), Reviews: []CarriedReview{}}
	for i := range list {
		r := &list[i]
		if r.LeafIndex < 0 || r.LeafIndex >= cp.Size {
			continue
		}
		leaves, err := s.Leaves(ctx, r.LeafIndex, 1)
		if err != nil {
			return nil, err
		}
		if len(leaves) != 1 || leaves[0].Index != r.LeafIndex {
			return nil, fmt.Errorf("reviews: leaf %d of review %d is missing", r.LeafIndex, r.ID)
		}
		proof, err := s.InclusionProof(ctx, r.LeafIndex, cp.Size)
		if err != nil {
			return nil, err
		}
		out.Reviews = append(out.Reviews, CarriedReview{
			ProductID: r.ProductID, VariantTitle: r.VariantTitle, Rating: r.Rating, Title: r.Title, Body: r.Body,
			Incentivized: r.Incentivized, Verified: r.Verified, ReviewedAt: r.CreatedAt.UTC(),
			LeafIndex: r.LeafIndex, Leaf: leaves[0].Data, Proof: proof, Photos: photos[r.ID],
		})
	}
	return out, nil
}

// CheckedLog is a carried log that verified: its origin and checkpoint,
// and each review's leaf decoded.
type CheckedLog struct {
	Origin string
	Size   int64
	Leaves []Leaf
}

// CheckCarried verifies a carried log without trusting anything in it
// but the key: the checkpoint's signature with the carried key, each
// leaf's inclusion proof against the signed root, and each review's
// rating, verified mark and text against its leaf. The error says which
// review does not hold and why.
func CheckCarried(l *CarriedLog) (*CheckedLog, error) {
	verifier, err := note.NewVerifier(l.VerifierKey)
	if err != nil {
		return nil, fmt.Errorf("the origin's key %q is not a verifier key: %v", l.VerifierKey, err)
	}
	n, err := note.Open([]byte(l.Checkpoint), note.VerifierList(verifier))
	if err != nil {
		return nil, fmt.Errorf("the origin's checkpoint is not signed by the carried key (a wrong key, or a changed checkpoint): %v", err)
	}
	cp, err := ParseCheckpoint(n.Text)
	if err != nil {
		return nil, fmt.Errorf("the origin's checkpoint: %v", err)
	}
	if cp.Origin != verifier.Name() {
		return nil, fmt.Errorf("the checkpoint's origin %q is not the key's name %q", cp.Origin, verifier.Name())
	}
	out := &CheckedLog{Origin: cp.Origin, Size: cp.Size}
	seen := map[int64]bool{}
	merchant := int64(-1)
	for i, r := range l.Reviews {
		where := fmt.Sprintf("review %d", i+1)
		if r.LeafIndex < 0 || r.LeafIndex >= cp.Size {
			return nil, fmt.Errorf("%s: leaf %d is outside the signed log of %d leaves", where, r.LeafIndex, cp.Size)
		}
		if err := tlog.CheckRecord(r.Proof, cp.Size, cp.Root, r.LeafIndex, tlog.RecordHash([]byte(r.Leaf))); err != nil {
			return nil, fmt.Errorf("%s: its leaf %d is not in the origin's signed log (the leaf or its proof was changed): %v", where, r.LeafIndex, err)
		}
		var leaf Leaf
		if err := json.Unmarshal([]byte(r.Leaf), &leaf); err != nil {
			return nil, fmt.Errorf("%s: leaf %d is not a review leaf: %v", where, r.LeafIndex, err)
		}
		if leaf.Content == ErasedContent || leaf.Action == ActionRemoved {
			return nil, fmt.Errorf("%s: leaf %d records a review that was erased or removed", where, r.LeafIndex)
		}
		if leaf.Rating != r.Rating || leaf.Verified != r.Verified || leaf.Content != ContentHash(r.Title, r.Body, r.Incentivized, r.Photos...) {
			return nil, fmt.Errorf("%s: its rating (%d), verified mark or text is not what leaf %d logged (%d stars)", where, r.Rating, r.LeafIndex, leaf.Rating)
		}
		if seen[leaf.Review] {
			return nil, fmt.Errorf("%s: review %d of the origin appears twice", where, leaf.Review)
		}
		seen[leaf.Review] = true
		if merchant >= 0 && leaf.Merchant != merchant {
			return nil, fmt.Errorf("%s: leaf %d is another shop's review", where, r.LeafIndex)
		}
		merchant = leaf.Merchant
		out.Leaves = append(out.Leaves, leaf)
	}
	return out, nil
}

// ImportedReview is a review that came with the merchant's archive from
// another mall: read-only, shown as verified at its origin with the
// proof it was checked with, and not in this mall's rating or log.
type ImportedReview struct {
	ID             int64
	MerchantID     int64
	ProductID      int64
	Origin         string
	OriginReviewID int64
	VerifierKey    string
	Checkpoint     string
	LeafIndex      int64
	Leaf           string
	Proof          string
	Rating         int
	Title          string
	Body           string
	VariantTitle   string
	Verified       bool
	Incentivized   bool
	Erased         bool
	ReviewedAt     time.Time
	VerifiedAt     time.Time
}

// TableName is the imported_reviews table.
func (ImportedReview) TableName() string { return "imported_reviews" }

// Receipt is the imported review's proof, in the shape of the origin's
// own receipts, for checking offline.
func (r *ImportedReview) Receipt() (*Receipt, error) {
	var proof tlog.RecordProof
	if err := json.Unmarshal([]byte(r.Proof), &proof); err != nil {
		return nil, fmt.Errorf("reviews: proof of imported review %d: %w", r.ID, err)
	}
	n, err := note.Open([]byte(r.Checkpoint), note.VerifierList(mustVerifier(r.VerifierKey)))
	if err != nil {
		return nil, fmt.Errorf("reviews: checkpoint of imported review %d: %w", r.ID, err)
	}
	cp, err := ParseCheckpoint(n.Text)
	if err != nil {
		return nil, err
	}
	return &Receipt{Index: r.LeafIndex, Data: r.Leaf, Hash: tlog.RecordHash([]byte(r.Leaf)), Size: cp.Size, Proof: proof,
		Checkpoint: r.Checkpoint, Key: r.VerifierKey}, nil
}

// ImportCarried checks the carried log again (CheckCarried) and keeps its
// reviews as the merchant's imported reviews, in one transaction. Their
// ProductID must be the merchant's own products by now.
func (s *Store) ImportCarried(ctx context.Context, merchantID int64, l *CarriedLog) (int, error) {
	checked, err := CheckCarried(l)
	if err != nil {
		return 0, &mall.Error{Code: mall.EInvalid, Message: "reviews: " + err.Error()}
	}
	if len(l.Reviews) == 0 {
		return 0, nil
	}
	now := s.now()
	rows := make([]ImportedReview, len(l.Reviews))
	for i, r := range l.Reviews {
		proof, err := json.Marshal(r.Proof)
		if err != nil {
			return 0, err
		}
		rows[i] = ImportedReview{MerchantID: merchantID, ProductID: r.ProductID, Origin: checked.Origin,
			OriginReviewID: checked.Leaves[i].Review, VerifierKey: l.VerifierKey, Checkpoint: l.Checkpoint,
			LeafIndex: r.LeafIndex, Leaf: r.Leaf, Proof: string(proof), Rating: r.Rating, Title: r.Title, Body: r.Body,
			VariantTitle: r.VariantTitle, Verified: r.Verified, Incentivized: r.Incentivized,
			ReviewedAt: r.ReviewedAt.UTC(), VerifiedAt: now}
	}
	err = database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.CreateInBatches(&rows, 200).Error; err != nil {
			return err
		}
		// Each product with imported reviews gets its (empty) aggregate
		// row: ProductPage reads a product's reviews, imported ones too,
		// only when the row is there.
		seen := map[int64]bool{}
		for _, r := range rows {
			if seen[r.ProductID] {
				continue
			}
			seen[r.ProductID] = true
			if err := tx.Exec(`INSERT INTO review_aggregates (merchant_id, product_id) VALUES (?, ?)
				ON CONFLICT (merchant_id, product_id) DO NOTHING`, merchantID, r.ProductID).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("reviews: import reviews of merchant %d: %w", merchantID, err)
	}
	s.changed(merchantID)
	return len(rows), nil
}

// DeleteImportedReviews removes a merchant's imported reviews (an import
// undone half-way).
func (s *Store) DeleteImportedReviews(ctx context.Context, merchantID int64) error {
	return s.conn(ctx).Scopes(database.InMerchant(merchantID)).Delete(&ImportedReview{}).Error
}

// ImportedReviewsOfProduct lists a product's imported reviews, newest
// first (at most 100).
func (s *Store) ImportedReviewsOfProduct(ctx context.Context, merchantID, productID int64) ([]ImportedReview, error) {
	var out []ImportedReview
	err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).Where("product_id = ?", productID).
		Order("reviewed_at DESC, id DESC").Limit(100).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("reviews: imported reviews of product %d: %w", productID, err)
	}
	return out, nil
}

// ImportedReviewInMerchant is one of the merchant's imported reviews.
func (s *Store) ImportedReviewInMerchant(ctx context.Context, merchantID, id int64) (*ImportedReview, error) {
	var r ImportedReview
	if err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).First(&r, "id = ?", id).Error; err != nil {
		return nil, database.NotFound(err, "imported review")
	}
	return &r, nil
}
