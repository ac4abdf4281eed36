// Package database opens the mall's database (embedded SQLite by default,
// PostgreSQL when DATABASE_URL names one), runs the numbered migrations, and
// holds the few helpers every store shares: transactions, the tenancy scope
// and the translation of gorm's not-found error into the mall's.
package database

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"

	"github.com/mall-project/mall/mall"
)

// Dialect names the database engine behind a DB.
type Dialect string

// The two engines the mall runs on.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Config says which database to open.
type Config struct {
	// URL is a postgres:// URL; empty means SQLite in DataDir.
	URL string
	// DataDir holds mall.db when URL is empty.
	DataDir string
	// SQLitePath overrides the SQLite file path (tests).
	SQLitePath string
	// MaxOpenConns bounds the pool; 0 picks a default per dialect.
	MaxOpenConns int
	// LogQueries logs every SQL statement (debugging).
	LogQueries bool
}

// Open connects, tunes the pool and, for SQLite, checks that the pragmas the
// mall depends on (WAL, busy_timeout, foreign keys) really took effect.
func Open(ctx context.Context, cfg Config) (*gorm.DB, error) {
	gcfg := &gorm.Config{
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
	}
	if cfg.LogQueries {
		gcfg.Logger = logger.Default.LogMode(logger.Info)
	}
	if cfg.URL != "" {
		u, err := url.Parse(cfg.URL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return nil, fmt.Errorf("database: DATABASE_URL must be a postgres:// URL, got %q", redact(cfg.URL))
		}
		db, err := gorm.Open(postgres.Open(cfg.URL), gcfg)
		if err != nil {
			return nil, fmt.Errorf("database: open postgres: %w", err)
		}
		sqlDB, err := db.DB()
		if err != nil {
			return nil, err
		}
		n := cfg.MaxOpenConns
		if n == 0 {
			n = 20
		}
		sqlDB.SetMaxOpenConns(n)
		sqlDB.SetMaxIdleConns(n)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
		if err := sqlDB.PingContext(ctx); err != nil {
			return nil, fmt.Errorf("database: connect to postgres: %w", err)
		}
		return db, nil
	}

	path := cfg.SQLitePath
	if path == "" {
		if cfg.DataDir == "" {
			cfg.DataDir = "."
		}
		if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
			return nil, fmt.Errorf("database: create data dir: %w", err)
		}
		path = filepath.Join(cfg.DataDir, "mall.db")
	}
	// The pragmas go through _pragma and the write lock through _txlock:
	// other spellings are silently ignored by the driver, so they are read
	// back below.
	//
	// Each connection keeps its own page cache (SQLite's default is 2 MB):
	// the file's pages are in the OS's cache anyway, so 1 MB a connection
	// (cache_size(-1024), in KiB) keeps the process small at little cost.
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-1024)&_txlock=immediate"
	db, err := gorm.Open(sqlite.Open(dsn), gcfg)
	if err != nil {
		return nil, fmt.Errorf("database: open sqlite %s: %w", path, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	// Eight connections: more readers than the machine has cores, and
	// writes take the one write lock in turn whatever the pool.
	n := cfg.MaxOpenConns
	if n == 0 {
		n = 8
	}
	sqlDB.SetMaxOpenConns(n)
	sqlDB.SetMaxIdleConns(n)
	if err := checkSQLitePragmas(ctx, db); err != nil {
		return nil, err
	}
	return db, nil
}

func checkSQLitePragmas(ctx context.Context, db *gorm.DB) error {
	var mode string
	var timeout, fk int
	d := db.WithContext(ctx)
	if err := d.Raw("PRAGMA journal_mode").Scan(&mode).Error; err != nil {
		return fmt.Errorf("database: read journal_mode: %w", err)
	}
	if err := d.Raw("PRAGMA busy_timeout").Scan(&timeout).Error; err != nil {
		return fmt.Errorf("database: read busy_timeout: %w", err)
	}
	if err := d.Raw("PRAGMA foreign_keys").Scan(&fk).Error; err != nil {
		return fmt.Errorf("database: read foreign_keys: %w", err)
	}
	if !strings.EqualFold(mode, "wal") || timeout < 1000 || fk != 1 {
		return fmt.Errorf("database: sqlite pragmas did not take (journal_mode=%s busy_timeout=%d foreign_keys=%d)", mode, timeout, fk)
	}
	return nil
}

// DialectOf tells which engine db talks to.
func DialectOf(db *gorm.DB) Dialect {
	if db.Dialector.Name() == "postgres" {
		return Postgres
	}
	return SQLite
}

// InTx runs fn in one transaction: committed when fn returns nil, rolled back
// otherwise. On SQLite the transaction takes the write lock at BEGIN
// (_txlock=immediate), so a read-then-write never fails half-way.
func InTx(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return db.WithContext(ctx).Transaction(fn)
}

// InMerchant scopes a query to one merchant's rows. Every query on a
// merchant-owned table goes through it (or names the merchant itself in a
// method whose name says it crosses tenants).
func InMerchant(merchantID int64) func(*gorm.DB) *gorm.DB {
	return func(db *gorm.DB) *gorm.DB {
		return db.Where(clause.Eq{Column: clause.Column{Table: clause.CurrentTable, Name: "merchant_id"}, Value: merchantID})
	}
}

// NotFound turns gorm.ErrRecordNotFound into the mall's not-found error for
// what, and wraps every other error with context.
func NotFound(err error, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &mall.Error{Code: mall.ENotFound, Key: "error.not_found", Message: what + " not found", Err: err}
	}
	return fmt.Errorf("%s: %w", what, err)
}

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505") || strings.Contains(s, "duplicate key value")
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable)"
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxx")
		}
	}
	return u.String()
}
