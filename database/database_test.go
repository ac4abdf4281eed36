package database_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/database/schema"
	"github.com/mall-project/mall/mall"
)

func TestMigrationsFromEmptyAndAgain(t *testing.T) {
	db := dbtest.Open(t) // migrated from empty
	ctx := context.Background()
	var before int64
	if err := db.Table("schema_migrations").Count(&before).Error; err != nil {
		t.Fatal(err)
	}
	if int(before) != len(schema.All()) {
		t.Fatalf("recorded %d migrations, want %d", before, len(schema.All()))
	}
	if err := schema.Migrate(ctx, db); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	var after int64
	db.Table("schema_migrations").Count(&after)
	if after != before {
		t.Fatalf("second migrate recorded %d migrations, want %d", after, before)
	}
	for _, table := range []string{"accounts", "sessions", "merchants", "staff_members", "products", "variants"} {
		if !db.Migrator().HasTable(table) {
			t.Errorf("table %s missing after migrations", table)
		}
	}
}

func TestSQLitePragmasAreCheckedAtOpen(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, database.Config{SQLitePath: filepath.Join(t.TempDir(), "m.db"), MaxOpenConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := db.DB()
	defer sqlDB.Close()
	// Every pooled connection must have the pragmas, not only the first.
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var fk, timeout, cache int
			var mode string
			db.Raw("PRAGMA foreign_keys").Scan(&fk)
			db.Raw("PRAGMA busy_timeout").Scan(&timeout)
			db.Raw("PRAGMA journal_mode").Scan(&mode)
			db.Raw("PRAGMA cache_size").Scan(&cache)
			if fk != 1 || timeout < 1000 || mode != "wal" {
				t.Errorf("connection pragmas: foreign_keys=%d busy_timeout=%d journal_mode=%s", fk, timeout, mode)
			}
			// The page cache is bounded per connection (in KiB when negative).
			if cache != -1024 {
				t.Errorf("connection page cache: cache_size=%d, want -1024", cache)
			}
		}()
	}
	wg.Wait()
}

// Read-then-write transactions from many goroutines must all succeed: on
// SQLite that is what the immediate write lock is for.
func TestConcurrentReadThenWriteTransactions(t *testing.T) {
	db := dbtest.Open(t)
	ctx := context.Background()
	if err := db.Exec("CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	db.Exec("INSERT INTO counters (id, n) VALUES (1, 0)")
	// PostgreSQL locks the row it reads; SQLite's immediate transaction
	// already holds the database's write lock from BEGIN.
	query := "SELECT n FROM counters WHERE id = 1"
	if database.DialectOf(db) == database.Postgres {
		query += " FOR UPDATE"
	}
	const workers = 40
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- database.InTx(ctx, db, func(tx *gorm.DB) error {
				var n int
				if err := tx.Raw(query).Scan(&n).Error; err != nil {
					return err
				}
				return tx.Exec("UPDATE counters SET n = ? WHERE id = 1", n+1).Error
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("transaction failed: %v", err)
		}
	}
	var n int
	db.Raw("SELECT n FROM counters WHERE id = 1").Scan(&n)
	if n != workers {
		t.Fatalf("counter = %d, want %d (lost updates)", n, workers)
	}
}

func TestNotFoundMapsToDomainError(t *testing.T) {
	err := database.NotFound(gorm.ErrRecordNotFound, "product")
	if mall.ErrorCode(err) != mall.ENotFound {
		t.Fatalf("code = %q, want not_found", mall.ErrorCode(err))
	}
	other := database.NotFound(errors.New("boom"), "product")
	if mall.ErrorCode(other) != mall.EInternal {
		t.Fatalf("other error code = %q, want internal", mall.ErrorCode(other))
	}
	if database.NotFound(nil, "x") != nil {
		t.Fatal("nil error must stay nil")
	}
}
