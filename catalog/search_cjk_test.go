package catalog_test

import (
	"context"
	"slices"
	"testing"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/merchants"
)

// teaTitles have 茶 at the start, in the middle, at the end of a word and
// alone; 咖啡杯 has none.
var teaTitles = []string{"武夷山大红袍岩茶", "茶具套装", "有机绿茶 250g", "奶茶杯", "茶", "咖啡杯"}

func teaShop(t *testing.T) *catalog.Store {
	t.Helper()
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "tea", merchants.MerchantActive)
	for i, title := range teaTitles {
		mustCreate(t, s, 1, catalog.ProductInput{Title: title, Status: catalog.StatusActive,
			Variants: []catalog.VariantInput{{SKU: "T" + string(rune('A'+i)), Price: 1000, Currency: "USD", Stock: 1}}})
	}
	return s
}

// TestOneCharacterFindsEveryTitleWithIt: 茶 finds every title that has it,
// wherever it stands, and two characters still only find them side by
// side.
func TestOneCharacterFindsEveryTitleWithIt(t *testing.T) {
	s := teaShop(t)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"茶", []string{"武夷山大红袍岩茶", "茶具套装", "有机绿茶 250g", "奶茶杯", "茶"}},
		{"杯", []string{"奶茶杯", "咖啡杯"}},
		{"岩茶", []string{"武夷山大红袍岩茶"}},
		{"红袍岩茶", []string{"武夷山大红袍岩茶"}},
		{"山茶", nil}, // 山 and 茶 are in one title, not side by side
		{"茶 杯", []string{"奶茶杯"}},
	} {
		for _, in := range []int64{0, 1} { // the whole mall, and the shop
			got := titles(search(t, s, catalog.SearchQuery{Text: tc.query, MerchantID: in}))
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%q (shop %d) found %q, want %q", tc.query, in, got, want)
			}
		}
	}
}

// TestCJKCharsMigrationReindexesOlderProducts: products indexed before
// migration 0308 (bigrams only) are found by one character after it.
func TestCJKCharsMigrationReindexesOlderProducts(t *testing.T) {
	db, s := mustOpenStore(t)
	addMerchant(t, db, 1, "tea", merchants.MerchantActive)
	mustCreate(t, s, 1, catalog.ProductInput{Title: "武夷山大红袍岩茶", Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{SKU: "T", Price: 1000, Currency: "USD", Stock: 1}}})
	// The index as it was written before: bigrams only.
	old := "武夷 夷山 山大 大红 红袍 袍岩 岩茶"
	var err error
	if database.DialectOf(db) == database.SQLite {
		err = db.Exec(`UPDATE product_search SET cjk_title = ?, cjk_text = ''`, old).Error
	} else {
		err = db.Exec(`UPDATE products SET search_cjk = setweight(to_tsvector('simple', ?), 'A')`, old).Error
	}
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(search(t, s, catalog.SearchQuery{Text: "茶"})); len(got) != 0 {
		t.Fatalf("the old index already finds 茶: %q", got)
	}
	if err := catalog.MigrateSearchCJKChars(db.WithContext(context.Background())); err != nil {
		t.Fatal(err)
	}
	if got := titles(search(t, s, catalog.SearchQuery{Text: "茶"})); !slices.Equal(got, []string{"武夷山大红袍岩茶"}) {
		t.Errorf("after the migration 茶 finds %q", got)
	}
}

// TestSearchFallsBackToTheClosestPart: a query that finds nothing as a
// whole finds what its closest part does, and says which part.
func TestSearchFallsBackToTheClosestPart(t *testing.T) {
	s := teaShop(t)
	for _, tc := range []struct {
		query, suggestion string
		want              []string
	}{
		{"大红袍绿茶", "绿茶", []string{"有机绿茶 250g"}},
		{"茶具 钢笔", "茶具", []string{"茶具套装"}},
		{"钢笔", "", nil},
	} {
		res := search(t, s, catalog.SearchQuery{Text: tc.query})
		if got := titles(res); !slices.Equal(got, tc.want) || res.Suggestion != tc.suggestion {
			t.Errorf("%q found %q for %q, want %q for %q", tc.query, got, res.Suggestion, tc.want, tc.suggestion)
		}
	}
}
