package schema_test

import (
	"context"
	"slices"
	"sort"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/database/schema"
)

// traced wraps ms so that each records its ID in *ran when it runs.
func traced(ms []database.Migration, ran *[]string) []database.Migration {
	out := make([]database.Migration, len(ms))
	for i, m := range ms {
		out[i] = database.Migration{ID: m.ID, Migrate: func(tx *gorm.DB) error {
			*ran = append(*ran, m.ID)
			return m.Migrate(tx)
		}}
	}
	return out
}

func ids(ms []database.Migration) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}

func recorded(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	var got []string
	if err := db.Table("schema_migrations").Order("id").Pluck("id", &got).Error; err != nil {
		t.Fatal(err)
	}
	return got
}

// A fresh database and one upgraded from any earlier point run the same
// migrations in the same order: the timeline's.
func TestMigrationsRunInTimelineOrder(t *testing.T) {
	ctx := context.Background()
	all := schema.All()
	for _, upTo := range []int{0, 1, len(all) / 2, len(all) - 1, len(all)} {
		db, _ := dbtest.OpenEmpty(t)
		var ran []string
		if upTo > 0 {
			if err := database.Migrate(ctx, db, traced(all[:upTo], &ran)); err != nil {
				t.Fatalf("migrate the first %d: %v", upTo, err)
			}
		}
		if err := database.Migrate(ctx, db, traced(all, &ran)); err != nil {
			t.Fatalf("migrate after the first %d: %v", upTo, err)
		}
		if want := ids(all); !slices.Equal(ran, want) {
			t.Fatalf("after the first %d, ran %v, want %v", upTo, ran, want)
		}
		want := ids(all)
		sort.Strings(want)
		if got := recorded(t, db); !slices.Equal(got, want) {
			t.Fatalf("schema_migrations = %v, want %v", got, want)
		}
	}
}

func TestMigrateFromEmptyAndAgain(t *testing.T) {
	ctx := context.Background()
	db, _ := dbtest.OpenEmpty(t)
	if err := schema.Migrate(ctx, db); err != nil {
		t.Fatalf("migrate from empty: %v", err)
	}
	first := recorded(t, db)
	if len(first) != len(schema.All()) {
		t.Fatalf("recorded %d migrations, want %d", len(first), len(schema.All()))
	}
	if err := schema.Migrate(ctx, db); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	if again := recorded(t, db); !slices.Equal(again, first) {
		t.Fatalf("second migrate recorded %v, want %v", again, first)
	}
	for _, table := range []string{"accounts", "sessions", "login_failures", "merchants", "staff_members",
		"staff_invitations", "merchant_events", "mall_settings", "products", "orders", "payment_events", "outbox_jobs"} {
		if !db.Migrator().HasTable(table) {
			t.Errorf("table %s missing after migrations", table)
		}
	}
}
