// Command vulndb builds a local Go vulnerability database, in the v1
// layout govulncheck reads with -db file://DIR, from the OSV entries of
// the golang.org/x/vulndb module (its data/osv directory), so
// `make vulncheck` needs only the module proxy, not vuln.go.dev:
//
//	DIR/index/db.json       {"modified": ...}
//	DIR/index/modules.json  [{"path", "vulns": [{"id", "modified", "fixed"}]}]
//	DIR/index/vulns.json    [{"id", "modified", "aliases"}]
//	DIR/ID/GO-YYYY-NNNN.json  each entry as it is
//
// The repository's entries carry no modification time (it is filled in
// when vuln.go.dev is published); -modified gives the database one, the
// time of the vulndb version it was built from.
//
//	go run ./internal/cmd/vulndb -osv $(vulndb module)/data/osv -out DIR -modified 2026-11-05T23:49:57Z
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/mod/semver"
)

// entry is the part of an OSV entry the index needs.
type entry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases,omitempty"`
	Affected []struct {
		Package struct {
			Name string `json:"name"`
		} `json:"package"`
		Ranges []struct {
			Type   string `json:"type"`
			Events []struct {
				Introduced string `json:"introduced,omitempty"`
				Fixed      string `json:"fixed,omitempty"`
			} `json:"events"`
		} `json:"ranges"`
	} `json:"affected"`
}

type moduleVuln struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Fixed    string    `json:"fixed,omitempty"`
}

type module struct {
	Path  string       `json:"path"`
	Vulns []moduleVuln `json:"vulns"`
}

type vuln struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases,omitempty"`
}

func main() {
	osvDir := flag.String("osv", "", "directory of OSV JSON entries (the vulndb module's data/osv)")
	out := flag.String("out", "", "directory to write the database to (replaced)")
	modified := flag.String("modified", "", "the database's modification time, RFC 3339 (default: the newest entry's)")
	flag.Parse()
	if err := build(*osvDir, *out, *modified); err != nil {
		fmt.Fprintln(os.Stderr, "vulndb:", err)
		os.Exit(1)
	}
}

func build(osvDir, out, modified string) error {
	if osvDir == "" || out == "" {
		return errors.New("-osv and -out are required")
	}
	var dbTime time.Time
	if modified != "" {
		t, err := time.Parse(time.RFC3339, modified)
		if err != nil {
			return fmt.Errorf("-modified: %w", err)
		}
		dbTime = t.UTC()
	}
	files, err := filepath.Glob(filepath.Join(osvDir, "*.json"))
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("no OSV entries in %s", osvDir)
	}
	// Written beside the target and renamed into place: a database that
	// exists is a complete one.
	tmp, err := os.MkdirTemp(filepath.Dir(out), ".vulndb-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	for _, d := range []string{"ID", "index"} {
		if err := os.MkdirAll(filepath.Join(tmp, d), 0o755); err != nil {
			return err
		}
	}
	modules := map[string]*module{}
	var vulns []vuln
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var e entry
		if err := json.Unmarshal(raw, &e); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		if e.ID == "" || filepath.Base(f) != e.ID+".json" {
			return fmt.Errorf("%s: entry id %q does not match its file", f, e.ID)
		}
		if e.Modified.After(dbTime) && modified == "" {
			dbTime = e.Modified
		}
		if err := os.WriteFile(filepath.Join(tmp, "ID", e.ID+".json"), raw, 0o644); err != nil {
			return err
		}
		vulns = append(vulns, vuln{ID: e.ID, Modified: e.Modified, Aliases: e.Aliases})
		for _, a := range e.Affected {
			m := modules[a.Package.Name]
			if m == nil {
				m = &module{Path: a.Package.Name}
				modules[a.Package.Name] = m
			}
			fixed := ""
			for _, r := range a.Ranges {
				fixed = latestFixed(fixed, r.Type, r.Events)
			}
			m.Vulns = append(m.Vulns, moduleVuln{ID: e.ID, Modified: e.Modified, Fixed: fixed})
		}
	}
	sort.Slice(vulns, func(i, j int) bool { return vulns[i].ID < vulns[j].ID })
	mods := make([]*module, 0, len(modules))
	for _, m := range modules {
		sort.Slice(m.Vulns, func(i, j int) bool { return m.Vulns[i].ID < m.Vulns[j].ID })
		mods = append(mods, m)
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].Path < mods[j].Path })
	for name, v := range map[string]any{
		"db.json":      map[string]time.Time{"modified": dbTime},
		"modules.json": mods,
		"vulns.json":   vulns,
	} {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(tmp, "index", name), b, 0o644); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	fmt.Printf("vulndb: %d entries, %d modules, modified %s -> %s\n", len(vulns), len(mods), dbTime.Format(time.RFC3339), out)
	return nil
}

// latestFixed folds one range into the latest fixed version so far, as
// the vulnerability database's own index does: the highest "fixed" of
// the SEMVER ranges, none when the vulnerability came back after it.
func latestFixed(fixed, rangeType string, events []struct {
	Introduced string `json:"introduced,omitempty"`
	Fixed      string `json:"fixed,omitempty"`
}) string {
	if rangeType != "SEMVER" {
		return fixed
	}
	before := func(a, b string) bool { return semver.Compare("v"+a, "v"+b) < 0 }
	for _, e := range events {
		if e.Fixed != "" && before(fixed, e.Fixed) {
			fixed = e.Fixed
		}
	}
	for _, e := range events {
		if e.Introduced != "" && e.Introduced != "0" && before(fixed, e.Introduced) {
			return ""
		}
	}
	return strings.TrimPrefix(fixed, "v")
}
