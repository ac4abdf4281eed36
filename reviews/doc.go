// Package reviews owns verified-purchase reviews: who may review an order
// line (its buyer, after delivery, while the purchase stands), the reviews
// and every version of them, the merchant's reply, the aggregates kept in
// the same transaction as each change, and the review log, a public,
// append-only Merkle tree (golang.org/x/mod/sumdb/tlog) with signed
// checkpoints (golang.org/x/mod/sumdb/note) that lets anyone check that no
// review was bought back, hidden or rewritten.
//
// Reviews depend on orders, never the other way: a refund or chargeback
// reaches reviews through orders.Store.OnPurchaseWithdrawn, a hook that
// runs inside the refund's own transaction (see Register).
package reviews
