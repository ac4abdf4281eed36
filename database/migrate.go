package database

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// Migration is one append-only schema change. Its ID names it in
// schema_migrations; the order it runs in is its place on the timeline in
// database/schema, not the ID's sort order. Once released, a migration is
// never edited, only followed by another.
type Migration struct {
	ID      string
	Migrate func(tx *gorm.DB) error
}

// Migrate applies every migration not yet recorded, in order, each in its
// own transaction.
func Migrate(ctx context.Context, db *gorm.DB, migrations []Migration) error {
	ms := make([]*gormigrate.Migration, 0, len(migrations))
	seen := map[string]bool{}
	for _, m := range migrations {
		if seen[m.ID] {
			return fmt.Errorf("database: migration %s listed twice", m.ID)
		}
		seen[m.ID] = true
		ms = append(ms, &gormigrate.Migration{ID: m.ID, Migrate: m.Migrate})
	}
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	opts.UseTransaction = true
	g := gormigrate.New(db.WithContext(ctx), &opts, ms)
	if err := g.Migrate(); err != nil {
		return fmt.Errorf("database: migrate: %w", err)
	}
	return nil
}

// DDL runs migration statements written once for both engines: {{pk}}
// becomes the auto-increment primary key and {{ts}} the timestamp type of
// the engine behind tx. Migrations write SQL through it, never derive
// tables from structs, so that a released migration makes the same schema
// whatever gorm or the models become.
func DDL(tx *gorm.DB, stmts ...string) error {
	pk, ts := "INTEGER PRIMARY KEY AUTOINCREMENT", "DATETIME"
	if DialectOf(tx) == Postgres {
		pk, ts = "BIGSERIAL PRIMARY KEY", "TIMESTAMPTZ"
	}
	r := strings.NewReplacer("{{pk}}", pk, "{{ts}}", ts)
	for _, s := range stmts {
		if err := tx.Exec(r.Replace(s)).Error; err != nil {
			return err
		}
	}
	return nil
}
