// Package accounts owns the people who sign in to the mall: shoppers, merchant
// staff and operators; their passwords (Argon2id), their sessions (stored in
// the database so any instance can serve them) and the failed-login limits.
package accounts
