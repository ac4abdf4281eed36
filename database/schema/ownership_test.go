package schema

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// readOnlyJoins are the only places a package names another package's
// table: joins that read, never write, listed in docs/DEVELOPING.md with
// the reason. Everything else goes through the owner's functions.
var readOnlyJoins = map[string][]string{
	// search filters hits on their shop being open in the same query
	// (merchants.OpenSQL says what open is).
	"catalog/search.go":        {"merchants"},
	"catalog/search_sqlite.go": {"merchants"},
	// the staff list shows each member's name and email; an invitation
	// is refused when its email is already a member's.
	"merchants/staff.go":      {"accounts"},
	"merchants/invitation.go": {"accounts"},
}

var createTable = regexp.MustCompile(`CREATE (?:VIRTUAL )?TABLE (\w+)`)

// tablesOf reads which tables each package's migrations create.
func tablesOf(t *testing.T, root string) map[string]string {
	t.Helper()
	owner := map[string]string{}
	for _, o := range owners {
		src, err := os.ReadFile(filepath.Join(root, o.Package, "migrations.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range createTable.FindAllStringSubmatch(string(src), -1) {
			if strings.HasSuffix(m[1], "_new") { // copied into the old name (0304)
				continue
			}
			owner[m[1]] = o.Package
		}
	}
	return owner
}

// Each package owns its tables: no other package reads or writes them by
// name, but for the read-only joins listed above.
func TestPackagesOwnTheirTables(t *testing.T) {
	root := filepath.Join("..", "..")
	owner := tablesOf(t, root)
	if owner["variants"] != "catalog" || owner["orders"] != "orders" || owner["accounts"] != "accounts" {
		t.Fatalf("table owners read from the migrations look wrong: %v", owner)
	}
	uses := map[string]*regexp.Regexp{}
	for table := range owner {
		uses[table] = regexp.MustCompile(`(?:\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\s+["` + "`" + `]?` + table + `\b)|Table\("` + table + `"\)`)
	}
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "data" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		name := d.Name()
		if d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			strings.HasSuffix(name, "_templ.go") || name == "migrations.go" {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		pkg := rel[:strings.Index(rel, "/")+1]
		pkg = strings.TrimSuffix(pkg, "/")
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for table, re := range uses {
			if owner[table] == pkg || !re.Match(src) {
				continue
			}
			allowed := false
			for _, p := range readOnlyJoins[rel] {
				allowed = allowed || p == owner[table]
			}
			if !allowed {
				found = append(found, fmt.Sprintf("%s names %s's table %s", rel, owner[table], table))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(found)
	for _, f := range found {
		t.Error(f + ": call the owner's functions instead")
	}
}
