// Package reviews will own verified-purchase reviews: eligibility (one review
// per delivered, paid, unrefunded order line), replies, reports, moderation,
// aggregates kept in the same transaction, and integrity signals. It is built
// in its own issue; the storefront shows no ratings until then.
package reviews
