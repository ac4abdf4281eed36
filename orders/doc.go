// Package orders owns what a shopper buys: carts (guest and signed-in),
// merchants' shipping methods, checkouts that reserve stock and make one
// order per merchant, the orders' forward-only state machine, and refunds.
//
// Stock is taken inside the checkout transaction by a conditional
// decrement (stock >= quantity) on the variants in ascending id order, so
// nothing is oversold and two checkouts never wait on each other in a
// circle, on SQLite and PostgreSQL alike. An unpaid checkout gives its
// stock back exactly once: the release rides on a conditional status
// update that only one caller can win.
package orders
