package accounts

import (
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// Migrations returns the accounts package's numbered migrations.
func Migrations() []database.Migration {
	return []database.Migration{
		{ID: "0101_accounts", Migrate: migrate0101Accounts},
		{ID: "0102_sessions", Migrate: migrate0102Sessions},
		{ID: "0103_login_failures", Migrate: migrate0103LoginFailures},
		{ID: "0104_password_resets", Migrate: migrate0104PasswordResets},
	}
}

// The structs below are frozen copies of the tables as each migration
// created them; the live models may move on.

type account0101 struct {
	ID           int64  `gorm:"primaryKey"`
	Email        string `gorm:"size:254;not null;uniqueIndex:accounts_email"`
	Name         string `gorm:"size:120;not null"`
	PasswordHash string `gorm:"size:255;not null"`
	IsOperator   bool   `gorm:"not null;default:false"`
	Locale       string `gorm:"size:16;not null;default:''"`
	CreatedAt    time.Time
	UpdatedAt    time.Time
	LastSignInAt *time.Time
}

func (account0101) TableName() string { return "accounts" }

func migrate0101Accounts(tx *gorm.DB) error {
	return tx.Migrator().CreateTable(&account0101{})
}

type session0102 struct {
	IDHash     string       `gorm:"primaryKey;size:64"`
	AccountID  int64        `gorm:"not null;index:sessions_account"`
	Account    *account0101 `gorm:"constraint:OnDelete:CASCADE"`
	CreatedAt  time.Time    `gorm:"not null"`
	ExpiresAt  time.Time    `gorm:"not null;index:sessions_expires"`
	LastSeenAt time.Time    `gorm:"not null"`
	UserAgent  string       `gorm:"size:255;not null;default:''"`
	IP         string       `gorm:"size:64;not null;default:''"`
}

func (session0102) TableName() string { return "sessions" }

func migrate0102Sessions(tx *gorm.DB) error {
	return tx.Migrator().CreateTable(&session0102{})
}

type loginFailure0103 struct {
	// Subject is "acct:<email>" or "ip:<address>".
	Subject     string    `gorm:"primaryKey;size:320"`
	Attempts    int       `gorm:"not null"`
	WindowStart time.Time `gorm:"not null;index:login_failures_window"`
}

func (loginFailure0103) TableName() string { return "login_failures" }

func migrate0103LoginFailures(tx *gorm.DB) error {
	return tx.Migrator().CreateTable(&loginFailure0103{})
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
