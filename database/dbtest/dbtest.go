// Package dbtest gives each test a fresh, migrated database: a SQLite file in
// the test's temp dir, or, when DATABASE_URL is set, a PostgreSQL schema of
// its own that is dropped when the test ends.
package dbtest

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/database/schema"
	"github.com/mall-project/mall/mall"
)

// Open returns a migrated database private to t.
func Open(t testing.TB) *gorm.DB {
	t.Helper()
	db, _ := OpenWithURL(t)
	return db
}

// OpenWithURL is Open that also returns the connection settings, for tests
// that start a second process or pool on the same database.
func OpenWithURL(t testing.TB) (*gorm.DB, database.Config) {
	t.Helper()
	db, cfg := OpenEmpty(t)
	if err := schema.Migrate(context.Background(), db); err != nil {
		t.Fatalf("dbtest: migrate: %v", err)
	}
	return db, cfg
}

// OpenEmpty is OpenWithURL without the migrations, for tests of the
// migrations themselves.
func OpenEmpty(t testing.TB) (*gorm.DB, database.Config) {
	t.Helper()
	ctx := context.Background()
	cfg := database.Config{SQLitePath: filepath.Join(t.TempDir(), "mall.db")}
	if raw := os.Getenv("DATABASE_URL"); raw != "" {
		schemaName := "t_" + randomHex(8)
		admin, err := database.Open(ctx, database.Config{URL: raw, MaxOpenConns: 2})
		if err != nil {
			t.Fatalf("dbtest: %v", err)
		}
		if err := admin.Exec("CREATE SCHEMA " + schemaName).Error; err != nil {
			t.Fatalf("dbtest: create schema: %v", err)
		}
		t.Cleanup(func() {
			admin.Exec("DROP SCHEMA " + schemaName + " CASCADE")
			if sqlDB, err := admin.DB(); err == nil {
				sqlDB.Close()
			}
		})
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("dbtest: DATABASE_URL: %v", err)
		}
		q := u.Query()
		q.Set("search_path", schemaName+",public")
		u.RawQuery = q.Encode()
		cfg = database.Config{URL: u.String()}
	}
	db, err := database.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("dbtest: open: %v", err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return db, cfg
}

func randomHex(n int) string { return mall.RandomHex(n) }
