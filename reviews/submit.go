package reviews

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/orders"
)

// Input is what a reviewer writes.
type Input struct {
	Rating int
	Title  string
	Body   string
	// Incentivized is "I received something for this review".
	Incentivized bool
	// Photos are the files attached with this version (at most
	// MaxPhotos with those kept); Keep, on an edit, the media keys of
	// the current version's photos that stay.
	Photos []PhotoUpload
	Keep   []string
}

func (in *Input) clean() error {
	in.Title = strings.TrimSpace(in.Title)
	in.Body = strings.TrimSpace(strings.ReplaceAll(in.Body, "\r\n", "\n"))
	fe := mall.FieldErrors{}
	if in.Rating < 1 || in.Rating > 5 {
		fe.Add("rating", "reviews.error.rating")
	}
	if !utf8.ValidString(in.Title) || utf8.RuneCountInString(in.Title) > MaxTitle {
		fe.Add("title", "reviews.error.title_too_long")
	}
	if !utf8.ValidString(in.Body) || utf8.RuneCountInString(in.Body) > MaxBody {
		fe.Add("body", "reviews.error.body_too_long")
	}
	if len(in.Photos)+len(in.Keep) > MaxPhotos {
		fe.Add("photos", "reviews.error.too_many_photos")
	}
	return fe.Err()
}

func conflict(key, msg string) error {
	return &mall.Error{Code: mall.EConflict, Key: key, Message: msg}
}

// errNotYours is the answer for a line or review of someone else: for
// them it does not exist.
func errNotYours(what string) error { return mall.NotFound(what) }

// checkLine applies the rules of who may review a line: its buyer, once
// paid and delivered, while neither refunded nor charged back. Staff of
// the line's merchant are refused (staff says whether the account is).
func checkLine(l *orders.PurchasedLine, accountID int64, staff bool) error {
	if l.AccountID == nil || *l.AccountID != accountID {
		return errNotYours("order line")
	}
	if staff {
		return &mall.Error{Code: mall.EForbidden, Key: "reviews.error.staff", Message: "staff cannot review their own shop"}
	}
	return checkPurchase(l)
}

// checkPurchase says whether the purchase behind a line may be reviewed
// now: paid, delivered, neither refunded nor charged back.
func checkPurchase(l *orders.PurchasedLine) error {
	if l.PaidAt == nil {
		return conflict("reviews.error.not_paid", "the line is not paid")
	}
	if l.Refunded() || l.DisputedAt != nil {
		return conflict("reviews.error.refunded", "the line was refunded or charged back")
	}
	if l.DeliveredAt == nil || l.Status != orders.StatusDelivered {
		return conflict("reviews.error.not_delivered", "the line is not delivered yet")
	}
	return nil
}

// isStaff reports whether accountID is on merchantID's team.
func (s *Store) isStaff(ctx context.Context, merchantID, accountID int64) (bool, error) {
	if s.opts.Merchants == nil {
		return false, nil
	}
	_, err := s.opts.Merchants.StaffRole(ctx, merchantID, accountID)
	if err == nil {
		return true, nil
	}
	if mall.ErrorCode(err) == mall.ENotFound {
		return false, nil
	}
	return false, err
}

// deepDiscount reports whether a line was bought for nothing or at half
// its variant's compare-at price or less. The compare-at price is the
// variant's at the time of the review: order lines keep only what was
// paid.
func (s *Store) deepDiscount(ctx context.Context, l *orders.PurchasedLine) (bool, error) {
	if l.UnitPrice <= 0 {
		return true, nil
	}
	if s.opts.Catalog == nil {
		return false, nil
	}
	p, err := s.opts.Catalog.ProductInMerchant(ctx, l.MerchantID, l.ProductID)
	if mall.ErrorCode(err) == mall.ENotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, v := range p.Variants {
		if v.ID == l.VariantID {
			return v.CompareAtPrice > 0 && l.UnitPrice*2 <= v.CompareAtPrice, nil
		}
	}
	return false, nil
}

// Eligible tells whether accountID may review lineID now: nil, or the
// error Submit would answer.
func (s *Store) Eligible(ctx context.Context, accountID, lineID int64) error {
	l, err := s.opts.Orders.PurchasedLine(ctx, lineID)
	if err != nil {
		return err
	}
	_, err = s.eligibleLine(ctx, l, accountID)
	return err
}

func (s *Store) eligibleLine(ctx context.Context, l *orders.PurchasedLine, accountID int64) (bool, error) {
	staff, err := s.isStaff(ctx, l.MerchantID, accountID)
	if err != nil {
		return false, err
	}
	if err := checkLine(l, accountID, staff); err != nil {
		return staff, err
	}
	return staff, s.notReviewed(ctx, l.LineID)
}

func (s *Store) notReviewed(ctx context.Context, lineID int64) error {
	var n int64
	if err := s.conn(ctx).Model(&Review{}).Where("order_line_id = ?", lineID).Count(&n).Error; err != nil {
		return fmt.Errorf("reviews: review of line %d: %w", lineID, err)
	}
	if n > 0 {
		return conflict("reviews.error.already_reviewed", "the line has a review")
	}
	return nil
}

// Submit publishes accountID's review of one order line. The line is read
// and held in the same transaction that writes the review, its first
// version, its leaf in the log and the aggregates, so a refund cannot
// slip in between the check and the write.
func (s *Store) Submit(ctx context.Context, accountID, lineID int64, in Input) (*Review, error) {
	if err := in.clean(); err != nil {
		return nil, err
	}
	pre, err := s.opts.Orders.PurchasedLine(ctx, lineID)
	if err != nil {
		return nil, err
	}
	staff, err := s.eligibleLine(ctx, pre, accountID)
	if err != nil {
		return nil, err
	}
	check := func(l *orders.PurchasedLine) error { return checkLine(l, accountID, staff) }
	imgs, err := s.storePhotos(ctx, in.Photos)
	if err != nil {
		return nil, err
	}
	return s.submit(ctx, pre, &accountID, check, in, imgs)
}

// SubmitAsGuest publishes the review of a guest's line, written through
// the signed link the review request carried (CheckGuestLink): the link
// is the proof of who bought it, and works once, since a line has one
// review.
func (s *Store) SubmitAsGuest(ctx context.Context, lineID int64, in Input) (*Review, error) {
	if err := in.clean(); err != nil {
		return nil, err
	}
	pre, err := s.opts.Orders.PurchasedLine(ctx, lineID)
	if err != nil {
		return nil, err
	}
	if err := s.EligibleGuest(ctx, pre); err != nil {
		return nil, err
	}
	check := func(l *orders.PurchasedLine) error {
		if l.AccountID != nil {
			return errNotYours("order line")
		}
		return checkPurchase(l)
	}
	imgs, err := s.storePhotos(ctx, in.Photos)
	if err != nil {
		return nil, err
	}
	return s.submit(ctx, pre, nil, check, in, imgs)
}

// EligibleGuest tells whether a guest's line may be reviewed now.
func (s *Store) EligibleGuest(ctx context.Context, l *orders.PurchasedLine) error {
	if l.AccountID != nil {
		return errNotYours("order line")
	}
	if err := checkPurchase(l); err != nil {
		return err
	}
	return s.notReviewed(ctx, l.LineID)
}

func (s *Store) submit(ctx context.Context, pre *orders.PurchasedLine, accountID *int64, check func(*orders.PurchasedLine) error, in Input, imgs []media.Image) (*Review, error) {
	lineID := pre.LineID
	deep, err := s.deepDiscount(ctx, pre)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var r *Review
	err = database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		l, err := orders.PurchasedLineIn(tx, lineID, true)
		if err != nil {
			return err
		}
		if err := check(l); err != nil {
			return err
		}
		r = &Review{
			MerchantID: l.MerchantID, ProductID: l.ProductID, VariantID: l.VariantID, OrderID: l.OrderID,
			OrderLineID: l.LineID, AccountID: accountID, VariantTitle: l.VariantTitle,
			Rating: in.Rating, Title: in.Title, Body: in.Body, Incentivized: in.Incentivized, DeepDiscount: deep,
			Verified: true, Status: StatusPublished, Version: 1, LineSalt: newSalt(), LeafIndex: -1,
			PurchasedAt: l.PlacedAt, DeliveredAt: *l.DeliveredAt, CreatedAt: now, UpdatedAt: now,
			PhotoCount: len(imgs),
		}
		if err := tx.Omit("Versions", "Reply", "AllPhotos").Create(r).Error; err != nil {
			if database.IsUniqueViolation(err) {
				return conflict("reviews.error.already_reviewed", "the line has a review")
			}
			return fmt.Errorf("reviews: create review of line %d: %w", lineID, err)
		}
		r.AllPhotos = photoSet(r, 1, nil, imgs, now)
		if err := s.record(tx, r, ActionPublished, "", now); err != nil {
			return err
		}
		if err := s.signalsDue(tx, r.MerchantID, fmt.Sprintf("review:%d:1", r.ID)); err != nil {
			return err
		}
		return moveAggregates(tx, r.MerchantID, r.ProductID, contribution{}, contributionOf(r))
	})
	if err != nil {
		return nil, err
	}
	s.changed(r.MerchantID)
	return r, nil
}

// record keeps the review's current version (for a publish or an edit)
// with its photos (those of r.AllPhotos not yet stored) and appends its
// leaf to the log, whose content hash covers the version's photos.
func (s *Store) record(tx *gorm.DB, r *Review, action, reason string, now time.Time) error {
	if action == ActionPublished || action == ActionEdited {
		v := Version{MerchantID: r.MerchantID, ReviewID: r.ID, Version: r.Version, Rating: r.Rating,
			Title: r.Title, Body: r.Body, Incentivized: r.Incentivized, CreatedAt: now}
		if err := tx.Create(&v).Error; err != nil {
			return fmt.Errorf("reviews: keep version %d of review %d: %w", r.Version, r.ID, err)
		}
		var fresh []Photo
		for _, p := range r.AllPhotos {
			if p.ID == 0 && p.Version == r.Version {
				fresh = append(fresh, p)
			}
		}
		if err := writePhotos(tx, r, fresh); err != nil {
			return err
		}
	}
	photos, err := photoKeys(tx, r.ID, r.Version)
	if err != nil {
		return err
	}
	idx, err := appendLeaf(tx, leafOf(r, photos, action, reason, now), now)
	if err != nil {
		return err
	}
	r.LeafIndex = idx
	return tx.Model(&Review{}).Scopes(database.InMerchant(r.MerchantID)).Where("id = ?", r.ID).
		Update("leaf_index", idx).Error
}

// Edit replaces accountID's review with a new version, within EditWindow
// of publishing; every earlier version is kept.
func (s *Store) Edit(ctx context.Context, accountID, reviewID int64, in Input) (*Review, error) {
	if err := in.clean(); err != nil {
		return nil, err
	}
	now := s.now()
	// The edit window and ownership are checked before any photo is
	// stored, and again in the transaction.
	cur, err := s.ReviewOfAccount(ctx, accountID, reviewID)
	if err != nil {
		return nil, err
	}
	if !cur.Editable(now) {
		return nil, conflict("reviews.error.edit_window", "the review can no longer be edited")
	}
	imgs, err := s.storePhotos(ctx, in.Photos)
	if err != nil {
		return nil, err
	}
	var r Review
	err = database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.Preload("AllPhotos").Where("account_id = ?", accountID).First(&r, "id = ?", reviewID).Error; err != nil {
			return database.NotFound(err, "review")
		}
		if !r.Editable(now) {
			return conflict("reviews.error.edit_window", "the review can no longer be edited")
		}
		photos := photoSet(&r, r.Version+1, in.Keep, imgs, now)
		if r.Rating == in.Rating && r.Title == in.Title && r.Body == in.Body && r.Incentivized == in.Incentivized &&
			samePhotos(r.Photos(), photos) {
			return nil
		}
		before := contributionOf(&r)
		r.Rating, r.Title, r.Body, r.Incentivized = in.Rating, in.Title, in.Body, in.Incentivized
		r.Version++
		r.UpdatedAt = now
		r.PhotoCount = len(photos)
		r.AllPhotos = append(r.AllPhotos, photos...)
		res := tx.Model(&Review{}).Scopes(database.InMerchant(r.MerchantID)).
			Where("id = ? AND version = ?", r.ID, r.Version-1).
			Updates(map[string]any{"rating": r.Rating, "title": r.Title, "body": r.Body,
				"incentivized": r.Incentivized, "version": r.Version, "updated_at": now, "photo_count": r.PhotoCount})
		if res.Error != nil {
			return fmt.Errorf("reviews: edit review %d: %w", r.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return conflict("reviews.error.edited_meanwhile", "the review changed meanwhile")
		}
		if err := s.record(tx, &r, ActionEdited, "", now); err != nil {
			return err
		}
		if err := s.signalsDue(tx, r.MerchantID, fmt.Sprintf("review:%d:%d", r.ID, r.Version)); err != nil {
			return err
		}
		return moveAggregates(tx, r.MerchantID, r.ProductID, before, contributionOf(&r))
	})
	if err != nil {
		return nil, err
	}
	s.changed(r.MerchantID)
	return &r, nil
}

// purchaseWithdrawn runs inside the transaction of a refund or a
// chargeback (orders.Store.OnPurchaseWithdrawn): the reviews of those
// lines leave the verified set and the rating, each with a leaf saying
// why.
func (s *Store) purchaseWithdrawn(tx *gorm.DB, ev orders.PurchaseWithdrawn) error {
	reason := UnverifiedRefund
	if ev.Reason == orders.WithdrawnChargeback {
		reason = UnverifiedChargeback
	}
	var list []Review
	if err := tx.Scopes(database.InMerchant(ev.MerchantID)).
		Where("order_line_id IN ? AND verified = ?", ev.LineIDs, true).Order("id").Find(&list).Error; err != nil {
		return fmt.Errorf("reviews: reviews of order %d: %w", ev.OrderID, err)
	}
	now := ev.At.UTC()
	if now.IsZero() {
		now = s.now()
	}
	for i := range list {
		r := &list[i]
		before := contributionOf(r)
		res := tx.Model(&Review{}).Scopes(database.InMerchant(r.MerchantID)).
			Where("id = ? AND verified = ?", r.ID, true).
			Updates(map[string]any{"verified": false, "unverified_reason": reason, "unverified_at": now, "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("reviews: de-verify review %d: %w", r.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			continue
		}
		r.Verified, r.UnverifiedReason, r.UnverifiedAt = false, reason, &now
		if err := s.record(tx, r, ActionUnverified, reason, now); err != nil {
			return err
		}
		if err := moveAggregates(tx, r.MerchantID, r.ProductID, before, contributionOf(r)); err != nil {
			return err
		}
	}
	if len(list) > 0 {
		if err := s.signalsDue(tx, ev.MerchantID, fmt.Sprintf("withdrawn:%d:%s:%d", ev.OrderID, reason, now.UnixNano())); err != nil {
			return err
		}
		// Dropped before the commit; pages rebuilt in between expire
		// within the page cache's lifetime.
		s.changed(ev.MerchantID)
	}
	return nil
}
