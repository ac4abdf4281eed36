package schema

import (
	"os"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// released reads released.txt: the IDs shipped, one a line.
func released(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile("released.txt")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			ids = append(ids, line)
		}
	}
	return ids
}

// Databases in use have run the released migrations in the released order;
// a fresh database must run the same ones first, in the same order, and
// every later migration after them.
func TestTimelineIsAppendOnly(t *testing.T) {
	steps, err := Timeline()
	if err != nil {
		t.Fatal(err)
	}
	shipped := released(t)
	if len(shipped) == 0 {
		t.Fatal("released.txt lists no migration")
	}
	if len(shipped) > len(steps) {
		t.Fatalf("released.txt lists %d migrations, the timeline only %d: a released migration was removed", len(shipped), len(steps))
	}
	for i, id := range shipped {
		if steps[i].ID != id {
			t.Fatalf("timeline[%d] = %s, released.txt says %s: released migrations keep their place; append new ones at the end", i, steps[i].ID, id)
		}
	}
	for _, s := range steps {
		if err := checkID(s); err != nil {
			t.Error(err)
		}
	}
}

func noop(*gorm.DB) error { return nil }

func owner(pkg, rng string, ids ...string) Owner {
	return Owner{Package: pkg, Range: rng, Migrations: func() []database.Migration {
		var ms []database.Migration
		for _, id := range ids {
			ms = append(ms, database.Migration{ID: id, Migrate: noop})
		}
		return ms
	}}
}

func TestResolveRefusesATimelineThePackagesDisagreeWith(t *testing.T) {
	tests := []struct {
		name     string
		timeline []string
		owners   []Owner
		want     string
	}{
		{"written, not on the timeline", []string{"0101_a"},
			[]Owner{owner("accounts", "01", "0101_a", "20261201T1200_accounts_b")},
			"20261201T1200_accounts_b of package accounts is not on the timeline"},
		{"on the timeline, never written", []string{"0101_a", "0102_b"},
			[]Owner{owner("accounts", "01", "0101_a")},
			"0102_b is on the timeline but no package writes it"},
		{"on the timeline twice", []string{"0101_a", "0101_a"},
			[]Owner{owner("accounts", "01", "0101_a")},
			"0101_a is on the timeline twice"},
		{"written twice", []string{"0101_a"},
			[]Owner{owner("accounts", "01", "0101_a"), owner("orders", "04", "0101_a")},
			"0101_a is written by both accounts and orders"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := resolve(tt.timeline, tt.owners)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("resolve: %v, want an error saying %q", err, tt.want)
			}
		})
	}
	steps, err := resolve([]string{"0201_b", "0101_a"}, []Owner{owner("accounts", "01", "0101_a"), owner("merchants", "02", "0201_b")})
	if err != nil {
		t.Fatal(err)
	}
	if steps[0].ID != "0201_b" || steps[0].Owner != "merchants" || steps[1].ID != "0101_a" {
		t.Fatalf("steps = %+v, want the timeline's order, not the packages'", steps)
	}
}

func TestMigrationIDs(t *testing.T) {
	tests := []struct {
		id, owner, rng string
		ok             bool
	}{
		{"20261201T1200_orders_payment_instructions", "orders", "04", true},
		{"0405_orders_offline_expiry", "orders", "04", true}, // written before the timeline
		{"20261201T1200_catalog_payment_instructions", "orders", "04", false},
		{"0305_orders_offline_expiry", "orders", "04", false},
		{"20261301T1200_orders_x", "orders", "04", false},
		{"20261201T2460_orders_x", "orders", "04", false},
		{"20261201-1200_orders_x", "orders", "04", false},
		{"20261201T1200_orders_", "orders", "04", false},
		{"orders_x", "orders", "04", false},
		{"20261201T1200_Orders_X", "orders", "04", false},
	}
	for _, tt := range tests {
		err := checkID(Step{Migration: database.Migration{ID: tt.id}, Owner: tt.owner, Range: tt.rng})
		if (err == nil) != tt.ok {
			t.Errorf("checkID(%s of %s) = %v, want ok=%v", tt.id, tt.owner, err, tt.ok)
		}
	}
}
