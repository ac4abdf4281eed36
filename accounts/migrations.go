package accounts

import (
	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// Migrations returns the accounts package's migrations; database/schema
// puts them on the mall's timeline.
//
// The tables are written in SQL so that a migration never changes once
// released, whatever gorm or the live models do. These three were first
// made by gorm from frozen structs; the SQL below is what gorm made of
// them, column for column, so that a fresh database and an upgraded one
// have the same schema.
func Migrations() []database.Migration {
	return []database.Migration{
		{ID: "0101_accounts", Migrate: migrate0101Accounts},
		{ID: "0102_sessions", Migrate: migrate0102Sessions},
		{ID: "0103_login_failures", Migrate: migrate0103LoginFailures},
		{ID: "20261201T2102_accounts_password_resets", Migrate: migrate0104PasswordResets},
	}
}

func migrate0101Accounts(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE accounts (
			id {{pk}},
			email VARCHAR(254) NOT NULL,
			name VARCHAR(120) NOT NULL,
			password_hash VARCHAR(255) NOT NULL,
			is_operator BOOLEAN NOT NULL DEFAULT FALSE,
			locale VARCHAR(16) NOT NULL DEFAULT '',
			created_at {{ts}},
			updated_at {{ts}},
			last_sign_in_at {{ts}}
		)`,
		`CREATE UNIQUE INDEX accounts_email ON accounts (email)`,
	)
}

func migrate0102Sessions(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE sessions (
			id_hash VARCHAR(64) PRIMARY KEY,
			account_id BIGINT NOT NULL,
			created_at {{ts}} NOT NULL,
			expires_at {{ts}} NOT NULL,
			last_seen_at {{ts}} NOT NULL,
			user_agent VARCHAR(255) NOT NULL DEFAULT '',
			ip VARCHAR(64) NOT NULL DEFAULT '',
			CONSTRAINT fk_sessions_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
		)`,
		`CREATE INDEX sessions_expires ON sessions (expires_at)`,
		`CREATE INDEX sessions_account ON sessions (account_id)`,
	)
}

// migrate0103LoginFailures: subject is "acct:<email>" or "ip:<address>".
func migrate0103LoginFailures(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE login_failures (
			subject VARCHAR(320) PRIMARY KEY,
			attempts BIGINT NOT NULL,
			window_start {{ts}} NOT NULL
		)`,
		`CREATE INDEX login_failures_window ON login_failures (window_start)`,
	)
}

// migrate0104PasswordResets: a password reset link is kept only as the
// SHA-256 of its token, used once, until it expires.
func migrate0104PasswordResets(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE password_resets (
			token_hash VARCHAR(64) PRIMARY KEY,
			account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
			created_at {{ts}} NOT NULL,
			expires_at {{ts}} NOT NULL,
			used_at {{ts}}
		)`,
		`CREATE INDEX password_resets_account ON password_resets (account_id)`,
		`CREATE INDEX password_resets_expires ON password_resets (expires_at)`,
	)
}
