package reviews

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/mall"
)

// RemovalReasons are the only grounds on which a review is reported or
// removed: what the law allows taking down. A bad rating is not one.
var RemovalReasons = []string{"personal_data", "harassment", "obscene", "unrelated", "spam_fake", "confidential"}

// ReportStatus is where a merchant's report of a review stands
// (review_reports.status).
type ReportStatus string

// Report statuses.
const (
	ReportOpen      ReportStatus = "open"
	ReportUpheld    ReportStatus = "upheld"
	ReportDismissed ReportStatus = "dismissed"
)

// Limits on moderation texts.
const (
	MaxStatement = 3000
	MinStatement = 20
)

// Report is a merchant's report of one of its reviews to the operator.
// The review stays up until the operator decides.
type Report struct {
	ID                int64
	MerchantID        int64
	ReviewID          int64
	Reason            string
	Note              string
	ReporterAccountID *int64
	Status            ReportStatus
	CreatedAt         time.Time
	DecidedAt         *time.Time
}

// TableName is the review_reports table.
func (Report) TableName() string { return "review_reports" }

// Decision is one operator decision on a review, kept for good.
type Decision struct {
	ID         int64
	MerchantID int64
	ReviewID   int64
	Kind       string
	// Outcome is the review's status after the decision.
	Outcome           Status
	Reason            string
	Statement         string
	OperatorAccountID int64
	CreatedAt         time.Time
}

// TableName is the review_decisions table.
func (Decision) TableName() string { return "review_decisions" }

func validReason(r string) bool { return slices.Contains(RemovalReasons, r) }

// Report files the merchant's report of one of its reviews, for a listed
// reason. Nothing about the review changes.
func (s *Store) Report(ctx context.Context, merchantID, reviewID, staffAccountID int64, reason, note string) (*Report, error) {
	note = strings.TrimSpace(note)
	fe := mall.FieldErrors{}
	if !validReason(reason) {
		fe.Add("reason", "reviews.error.reason")
	}
	if utf8.RuneCountInString(note) > MaxStatement {
		fe.Add("note", "reviews.error.statement_too_long")
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	var r Review
	if err := s.conn(ctx).Scopes(database.InMerchant(merchantID)).Select("id").First(&r, "id = ?", reviewID).Error; err != nil {
		return nil, database.NotFound(err, "review")
	}
	by := staffAccountID
	rep := &Report{MerchantID: merchantID, ReviewID: reviewID, Reason: reason, Note: note, ReporterAccountID: &by,
		Status: ReportOpen, CreatedAt: s.now()}
	if err := s.conn(ctx).Create(rep).Error; err != nil {
		return nil, fmt.Errorf("reviews: report review %d: %w", reviewID, err)
	}
	return rep, nil
}

func (s *Store) requireOperator(ctx context.Context, accountID int64) error {
	if s.opts.Accounts == nil {
		return &mall.Error{Code: mall.EForbidden, Key: "reviews.error.operator_only"}
	}
	a, err := s.opts.Accounts.AccountByID(ctx, accountID)
	if err != nil || !a.IsOperator {
		return &mall.Error{Code: mall.EForbidden, Key: "reviews.error.operator_only", Message: "only the operator moderates reviews"}
	}
	return nil
}

func checkStatement(statement string) (string, error) {
	statement = strings.TrimSpace(statement)
	n := utf8.RuneCountInString(statement)
	if n < MinStatement {
		return "", mall.FieldErrors{"statement": mall.Invalid("statement", "reviews.error.statement_required")}.Err()
	}
	if n > MaxStatement {
		return "", mall.FieldErrors{"statement": mall.Invalid("statement", "reviews.error.statement_too_long")}.Err()
	}
	return statement, nil
}

// Remove takes a review off the product for a listed reason, with a
// statement of reasons shown to the reviewer and the shop. The review
// leaves the aggregates and the log records it; open reports are closed
// as upheld.
func (s *Store) Remove(ctx context.Context, operatorID, reviewID int64, reason, statement string) error {
	fe := mall.FieldErrors{}
	if !validReason(reason) {
		fe.Add("reason", "reviews.error.reason")
	}
	statement, err := checkStatement(statement)
	if err != nil {
		for k, v := range mall.Fields(err) {
			fe[k] = v
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if err := s.requireOperator(ctx, operatorID); err != nil {
		return err
	}
	now := s.now()
	var r Review
	err = database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.First(&r, "id = ?", reviewID).Error; err != nil {
			return database.NotFound(err, "review")
		}
		if r.Status != StatusPublished {
			return conflict("reviews.error.already_removed", "the review is already removed")
		}
		before := contributionOf(&r)
		op := operatorID
		res := tx.Model(&Review{}).Scopes(database.InMerchant(r.MerchantID)).Where("id = ? AND status = ?", r.ID, StatusPublished).
			Updates(map[string]any{"status": StatusRemoved, "removed_reason": reason, "removed_statement": statement,
				"removed_at": now, "removed_by": op, "updated_at": now})
		if res.Error != nil {
			return fmt.Errorf("reviews: remove review %d: %w", r.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return conflict("reviews.error.already_removed", "the review is already removed")
		}
		r.Status, r.RemovedReason, r.RemovedStatement, r.RemovedAt, r.RemovedBy = StatusRemoved, reason, statement, &now, &op
		if err := tx.Create(&Decision{MerchantID: r.MerchantID, ReviewID: r.ID, Kind: "removal", Outcome: StatusRemoved,
			Reason: reason, Statement: statement, OperatorAccountID: operatorID, CreatedAt: now}).Error; err != nil {
			return fmt.Errorf("reviews: record removal of review %d: %w", r.ID, err)
		}
		if err := tx.Model(&Report{}).Scopes(database.InMerchant(r.MerchantID)).Where("review_id = ? AND status = ?", r.ID, ReportOpen).
			Updates(map[string]any{"status": ReportUpheld, "decided_at": now}).Error; err != nil {
			return fmt.Errorf("reviews: close reports of review %d: %w", r.ID, err)
		}
		if err := s.record(tx, &r, ActionRemoved, reason, now); err != nil {
			return err
		}
		return moveAggregates(tx, r.MerchantID, r.ProductID, before, contributionOf(&r))
	})
	if err != nil {
		return err
	}
	s.changed(r.MerchantID)
	return nil
}

// DismissReports closes the open reports of a review that stays up, with
// the operator's statement.
func (s *Store) DismissReports(ctx context.Context, operatorID, reviewID int64, statement string) error {
	statement, err := checkStatement(statement)
	if err != nil {
		return err
	}
	if err := s.requireOperator(ctx, operatorID); err != nil {
		return err
	}
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var r Review
		if err := tx.Select("id, merchant_id").First(&r, "id = ?", reviewID).Error; err != nil {
			return database.NotFound(err, "review")
		}
		res := tx.Model(&Report{}).Scopes(database.InMerchant(r.MerchantID)).Where("review_id = ? AND status = ?", r.ID, ReportOpen).
			Updates(map[string]any{"status": ReportDismissed, "decided_at": now})
		if res.Error != nil {
			return fmt.Errorf("reviews: dismiss reports of review %d: %w", r.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return conflict("reviews.error.no_open_report", "no open report")
		}
		return tx.Create(&Decision{MerchantID: r.MerchantID, ReviewID: r.ID, Kind: "dismissal", Outcome: StatusPublished,
			Statement: statement, OperatorAccountID: operatorID, CreatedAt: now}).Error
	})
}

// Appeal is the reviewer's one appeal against the removal of their
// review.
func (s *Store) Appeal(ctx context.Context, accountID, reviewID int64, text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return mall.FieldErrors{"appeal": mall.Invalid("appeal", "reviews.error.appeal_required")}.Err()
	}
	if utf8.RuneCountInString(text) > MaxStatement {
		return mall.FieldErrors{"appeal": mall.Invalid("appeal", "reviews.error.statement_too_long")}.Err()
	}
	now := s.now()
	return database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		var r Review
		if err := tx.Where("account_id = ?", accountID).First(&r, "id = ?", reviewID).Error; err != nil {
			return database.NotFound(err, "review")
		}
		if r.Status != StatusRemoved {
			return conflict("reviews.error.not_removed", "the review is not removed")
		}
		res := tx.Model(&Review{}).Scopes(database.InMerchant(r.MerchantID)).
			Where("id = ? AND status = ? AND appeal_status = ?", r.ID, StatusRemoved, AppealNone).
			Updates(map[string]any{"appeal_status": AppealPending, "appeal_text": text, "appealed_at": now})
		if res.Error != nil {
			return fmt.Errorf("reviews: appeal review %d: %w", r.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return conflict("reviews.error.appealed_once", "the review was appealed already")
		}
		return nil
	})
}

// DecideAppeal decides a pending appeal: an operator other than the one
// who removed the review restores it (back in the aggregates, a
// "restored" leaf) or upholds the removal, with a statement of reasons.
func (s *Store) DecideAppeal(ctx context.Context, operatorID, reviewID int64, restore bool, statement string) error {
	statement, err := checkStatement(statement)
	if err != nil {
		return err
	}
	if err := s.requireOperator(ctx, operatorID); err != nil {
		return err
	}
	now := s.now()
	var r Review
	err = database.InTx(ctx, s.db, func(tx *gorm.DB) error {
		if err := tx.First(&r, "id = ?", reviewID).Error; err != nil {
			return database.NotFound(err, "review")
		}
		if r.Status != StatusRemoved || r.AppealStatus != AppealPending {
			return conflict("reviews.error.no_pending_appeal", "no pending appeal")
		}
		if r.RemovedBy != nil && *r.RemovedBy == operatorID {
			return &mall.Error{Code: mall.EForbidden, Key: "reviews.error.same_operator", Message: "another operator decides the appeal"}
		}
		before := contributionOf(&r)
		cols := map[string]any{"appeal_status": AppealUpheld, "updated_at": now}
		outcome := StatusRemoved
		if restore {
			cols["appeal_status"], cols["status"] = AppealRestored, StatusPublished
			outcome = StatusPublished
		}
		res := tx.Model(&Review{}).Scopes(database.InMerchant(r.MerchantID)).
			Where("id = ? AND appeal_status = ?", r.ID, AppealPending).Updates(cols)
		if res.Error != nil {
			return fmt.Errorf("reviews: decide appeal of review %d: %w", r.ID, res.Error)
		}
		if res.RowsAffected != 1 {
			return conflict("reviews.error.no_pending_appeal", "no pending appeal")
		}
		if err := tx.Create(&Decision{MerchantID: r.MerchantID, ReviewID: r.ID, Kind: "appeal", Outcome: outcome,
			Reason: r.RemovedReason, Statement: statement, OperatorAccountID: operatorID, CreatedAt: now}).Error; err != nil {
			return fmt.Errorf("reviews: record appeal decision: %w", err)
		}
		if !restore {
			r.AppealStatus = AppealUpheld
			return nil
		}
		r.Status, r.AppealStatus = StatusPublished, AppealRestored
		if err := s.record(tx, &r, ActionRestored, r.RemovedReason, now); err != nil {
			return err
		}
		return moveAggregates(tx, r.MerchantID, r.ProductID, before, contributionOf(&r))
	})
	if err != nil {
		return err
	}
	s.changed(r.MerchantID)
	return nil
}

// Decisions are a review's operator decisions, oldest first.
func (s *Store) Decisions(ctx context.Context, reviewID int64) ([]Decision, error) {
	var list []Decision
	if err := s.conn(ctx).Where("review_id = ?", reviewID).Order("id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("reviews: decisions on review %d: %w", reviewID, err)
	}
	return list, nil
}

// QueueItem is a review waiting for the operator: reported, appealed,
// or scoring QueueScore or more on the integrity signals.
type QueueItem struct {
	Review  Review
	Reports []Report
	// Signals are the review's integrity signals (nil: never computed).
	Signals *ReviewSignals
}

// Score is the item's integrity score (0 when never computed).
func (q *QueueItem) Score() int {
	if q.Signals == nil {
		return 0
	}
	return q.Signals.Score
}

// QueueAcrossMall lists the reviews with open reports, those with a
// pending appeal and the published ones scoring QueueScore or more, the
// highest score first (then the oldest): the operator's moderation
// queue, across every shop. The signals rank; they decide nothing.
func (s *Store) QueueAcrossMall(ctx context.Context, limit int) ([]QueueItem, error) {
	var reps []Report
	if err := s.conn(ctx).Where("status = ?", ReportOpen).Order("created_at, id").Find(&reps).Error; err != nil {
		return nil, fmt.Errorf("reviews: open reports: %w", err)
	}
	byReview := map[int64][]Report{}
	var ids []int64
	for _, r := range reps {
		if _, ok := byReview[r.ReviewID]; !ok {
			ids = append(ids, r.ReviewID)
		}
		byReview[r.ReviewID] = append(byReview[r.ReviewID], r)
	}
	var flagged []int64
	if err := s.conn(ctx).Model(&ReviewSignals{}).Where("score >= ?", QueueScore).
		Order("score DESC, review_id").Limit(limit).Pluck("review_id", &flagged).Error; err != nil {
		return nil, fmt.Errorf("reviews: flagged reviews: %w", err)
	}
	var list []Review
	q := s.conn(ctx).Where("appeal_status = ?", AppealPending)
	if len(ids) > 0 {
		q = q.Or("id IN ?", ids)
	}
	if len(flagged) > 0 {
		q = q.Or("id IN ? AND status = ?", flagged, StatusPublished)
	}
	if err := q.Preload("AllPhotos").Order("id").Find(&list).Error; err != nil {
		return nil, fmt.Errorf("reviews: moderation queue: %w", err)
	}
	all := make([]int64, len(list))
	for i := range list {
		all[i] = list[i].ID
	}
	sigs, err := s.SignalsAcrossMall(ctx, all)
	if err != nil {
		return nil, err
	}
	out := make([]QueueItem, len(list))
	for i := range list {
		out[i] = QueueItem{Review: list[i], Reports: byReview[list[i].ID], Signals: sigs[list[i].ID]}
	}
	slices.SortStableFunc(out, func(a, b QueueItem) int { return b.Score() - a.Score() })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// ReviewAcrossMall reads any review, for the operator.
func (s *Store) ReviewAcrossMall(ctx context.Context, reviewID int64) (*Review, error) {
	var r Review
	if err := withHistory(s.conn(ctx)).First(&r, "id = ?", reviewID).Error; err != nil {
		return nil, database.NotFound(err, "review")
	}
	return &r, nil
}

// Withheld counts a product's removed reviews by reason, so the page can
// say how many are withheld and why.
func (s *Store) Withheld(ctx context.Context, merchantID, productID int64) (map[string]int64, error) {
	var rows []struct {
		RemovedReason string
		N             int64
	}
	err := s.conn(ctx).Model(&Review{}).Scopes(database.InMerchant(merchantID)).
		Select("removed_reason, COUNT(*) AS n").Where("product_id = ? AND status = ?", productID, StatusRemoved).
		Group("removed_reason").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("reviews: withheld of product %d: %w", productID, err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.RemovedReason] = r.N
	}
	return out, nil
}

// Transparency is what the public transparency page counts, across the
// mall.
type Transparency struct {
	Received        int64
	Removed         int64
	RemovedByReason map[string]int64
	// RemovedByStars counts removed reviews by their rating (index 0 for
	// 1 star), so anyone can see whether bad reviews go more often.
	RemovedByStars  [5]int64
	Reports         int64
	ReportsByStatus map[ReportStatus]int64
	Appeals         int64
	AppealsRestored int64
	AppealsUpheld   int64
}

// TransparencyAcrossMall counts reviews, removals, reports and appeals.
func (s *Store) TransparencyAcrossMall(ctx context.Context) (*Transparency, error) {
	t := &Transparency{RemovedByReason: map[string]int64{}, ReportsByStatus: map[ReportStatus]int64{}}
	db := s.conn(ctx)
	if err := db.Model(&Review{}).Count(&t.Received).Error; err != nil {
		return nil, err
	}
	var removed []struct {
		RemovedReason string
		Rating        int
		N             int64
	}
	if err := db.Model(&Review{}).Select("removed_reason, rating, COUNT(*) AS n").Where("status = ?", StatusRemoved).
		Group("removed_reason, rating").Scan(&removed).Error; err != nil {
		return nil, err
	}
	for _, r := range removed {
		t.Removed += r.N
		t.RemovedByReason[r.RemovedReason] += r.N
		if r.Rating >= 1 && r.Rating <= 5 {
			t.RemovedByStars[r.Rating-1] += r.N
		}
	}
	var reps []struct {
		Status ReportStatus
		N      int64
	}
	if err := db.Model(&Report{}).Select("status, COUNT(*) AS n").Group("status").Scan(&reps).Error; err != nil {
		return nil, err
	}
	for _, r := range reps {
		t.Reports += r.N
		t.ReportsByStatus[r.Status] = r.N
	}
	var apps []struct {
		AppealStatus AppealStatus
		N            int64
	}
	if err := db.Model(&Review{}).Select("appeal_status, COUNT(*) AS n").Where("appeal_status <> ?", AppealNone).Group("appeal_status").Scan(&apps).Error; err != nil {
		return nil, err
	}
	for _, a := range apps {
		t.Appeals += a.N
		switch a.AppealStatus {
		case AppealRestored:
			t.AppealsRestored = a.N
		case AppealUpheld:
			t.AppealsUpheld = a.N
		}
	}
	return t, nil
}
