package reviews

import "slices"

// Statuses lists every review status.
func Statuses() []Status { return []Status{StatusPublished, StatusRemoved} }

// Valid reports whether s is one of the declared review statuses.
func (s Status) Valid() bool { return slices.Contains(Statuses(), s) }

// AppealStatuses lists every appeal status, AppealNone first.
func AppealStatuses() []AppealStatus {
	return []AppealStatus{AppealNone, AppealPending, AppealUpheld, AppealRestored}
}

// Valid reports whether s is one of the declared appeal statuses
// (AppealNone included).
func (s AppealStatus) Valid() bool { return slices.Contains(AppealStatuses(), s) }

// ReportStatuses lists every report status.
func ReportStatuses() []ReportStatus {
	return []ReportStatus{ReportOpen, ReportUpheld, ReportDismissed}
}

// Valid reports whether s is one of the declared report statuses.
func (s ReportStatus) Valid() bool { return slices.Contains(ReportStatuses(), s) }

// CaseStatuses lists every review-for-reward case status.
func CaseStatuses() []CaseStatus { return []CaseStatus{CaseOpen, CaseFounded, CaseUnfounded} }

// Valid reports whether s is one of the declared case statuses.
func (s CaseStatus) Valid() bool { return slices.Contains(CaseStatuses(), s) }
