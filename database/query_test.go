package database_test

import (
	"testing"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/database/dbtest"
)

// A search for "50%_off\" finds that text and nothing that only matches it
// as a pattern, on both engines.
func TestContainsPatternMatchesWildcardsLiterally(t *testing.T) {
	db := dbtest.Open(t)
	if err := db.Exec(`CREATE TABLE notes (body TEXT NOT NULL)`).Error; err != nil {
		t.Fatal(err)
	}
	for _, b := range []string{`save 50%_off\ today`, `save 50 percent off today`, `save 50%xoff\ today`, `save 50%_off today`} {
		db.Exec(`INSERT INTO notes (body) VALUES (?)`, b)
	}
	var got []string
	err := db.Raw(`SELECT body FROM notes WHERE body LIKE ? ESCAPE '\'`, database.ContainsPattern(`50%_off\`)).Scan(&got).Error
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != `save 50%_off\ today` {
		t.Fatalf("matched %q, want only the literal text", got)
	}
}

func TestPage(t *testing.T) {
	tests := []struct{ page, per, limit, offset int }{
		{1, 0, 25, 0},
		{0, 0, 25, 0},
		{-3, 10, 10, 0},
		{3, 10, 10, 20},
		{2, 1000, 100, 100},
	}
	for _, tt := range tests {
		limit, offset := database.Page(tt.page, tt.per, 25, 100)
		if limit != tt.limit || offset != tt.offset {
			t.Errorf("Page(%d, %d) = %d, %d; want %d, %d", tt.page, tt.per, limit, offset, tt.limit, tt.offset)
		}
	}
}
