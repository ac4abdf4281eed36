package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The database is in the layout govulncheck reads: every entry under ID/
// as it was, and indexes whose "fixed" is the latest fix of each module
// (none when the vulnerability came back after it), which govulncheck
// uses to skip modules already past every fix.
func TestBuildWritesTheV1Layout(t *testing.T) {
	src := t.TempDir()
	entries := map[string]string{
		"GO-2026-0001": `{"id":"GO-2026-0001","modified":"0001-01-01T00:00:00Z","aliases":["CVE-2026-1"],
			"affected":[{"package":{"name":"example.com/a"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.7"},{"introduced":"1.3.0"},{"fixed":"1.3.2"}]}]},
			{"package":{"name":"stdlib"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.26.10"}]}]}]}`,
		"GO-2026-0002": `{"id":"GO-2026-0002","modified":"0001-01-01T00:00:00Z",
			"affected":[{"package":{"name":"example.com/a"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.0.0"},{"introduced":"2.0.0"}]}]}]}`,
	}
	for id, body := range entries {
		if err := os.WriteFile(filepath.Join(src, id+".json"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "db")
	if err := build(src, out, "2026-11-05T23:49:57Z"); err != nil {
		t.Fatal(err)
	}
	read := func(name string, v any) {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	var db map[string]string
	read("index/db.json", &db)
	if db["modified"] != "2026-11-05T23:49:57Z" {
		t.Errorf("db.json = %v", db)
	}
	var mods []module
	read("index/modules.json", &mods)
	if len(mods) != 2 || mods[0].Path != "example.com/a" || mods[1].Path != "stdlib" {
		t.Fatalf("modules = %+v", mods)
	}
	if v := mods[0].Vulns; len(v) != 2 || v[0].Fixed != "1.3.2" || v[1].Fixed != "" {
		t.Errorf("example.com/a vulns = %+v, want fixed 1.3.2 and none", v)
	}
	if v := mods[1].Vulns; len(v) != 1 || v[0].ID != "GO-2026-0001" || v[0].Fixed != "1.26.10" {
		t.Errorf("stdlib vulns = %+v", v)
	}
	var vulns []vuln
	read("index/vulns.json", &vulns)
	if len(vulns) != 2 || vulns[0].ID != "GO-2026-0001" || len(vulns[0].Aliases) != 1 {
		t.Errorf("vulns = %+v", vulns)
	}
	b, err := os.ReadFile(filepath.Join(out, "ID", "GO-2026-0002.json"))
	if err != nil || string(b) != entries["GO-2026-0002"] {
		t.Errorf("ID/GO-2026-0002.json = %q, %v", b, err)
	}

	// An entry whose file does not bear its id is refused, and the
	// database already there stays whole.
	if err := os.WriteFile(filepath.Join(src, "GO-2026-0003.json"), []byte(`{"id":"GO-2026-9999"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := build(src, out, ""); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("mismatched id: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "index", "modules.json")); err != nil {
		t.Fatal("a failed build broke the database there:", err)
	}
}
