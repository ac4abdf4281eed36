package templates

// ReviewReasonKeys name the listed grounds on which a review is reported
// or removed (reviews.RemovalReasons), in that order.
var ReviewReasonKeys = []struct{ Reason, Key string }{
	{"personal_data", "reviews.reason.personal_data"},
	{"harassment", "reviews.reason.harassment"},
	{"obscene", "reviews.reason.obscene"},
	{"unrelated", "reviews.reason.unrelated"},
	{"spam_fake", "reviews.reason.spam_fake"},
	{"confidential", "reviews.reason.confidential"},
}

// ReviewReasonKey is the i18n key of one reason ("" for none).
func ReviewReasonKey(reason string) string {
	for _, r := range ReviewReasonKeys {
		if r.Reason == reason {
			return r.Key
		}
	}
	return ""
}
