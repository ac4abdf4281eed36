package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/mall-project/mall/i18n"
)

// keyUse finds message keys where code hands them to the catalogue: T, N,
// Translate, mall.Invalid, FieldErrors.Add, web.Flash and Key: fields.
var keyUse = regexp.MustCompile(`(?:\b(?:T|N|Translate|Invalid|Flash|Add|Errorf?Key)\((?:[^()"]*?,\s*)*|\bKey:\s*)"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)

// literal finds every string literal shaped like a message key: a key no
// code mentions is unused.
var literal = regexp.MustCompile(`"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)

var placeholder = regexp.MustCompile(`\{\{\s*\.([A-Za-z0-9_]+)\s*\}\}`)

func sourceFiles(t *testing.T) map[string]string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "data" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		// Generated templ code repeats the .templ source; test files may
		// name keys that do not exist on purpose.
		if strings.HasSuffix(path, "_templ.go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		if strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files[path] = string(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func keySet(t *testing.T, loc i18n.Locale) map[string]bool {
	t.Helper()
	keys, err := i18n.Keys(loc)
	if err != nil {
		t.Fatalf("keys of %s: %v", loc, err)
	}
	set := map[string]bool{}
	for _, k := range keys {
		set[k] = true
	}
	return set
}

func TestEveryKeyUsedInCodeExistsInBothLanguages(t *testing.T) {
	files := sourceFiles(t)
	for _, loc := range i18n.Locales {
		keys := keySet(t, loc)
		var missing []string
		for path, src := range files {
			for _, m := range keyUse.FindAllStringSubmatch(src, -1) {
				if !keys[m[1]] {
					missing = append(missing, loc.Tag()+": "+m[1]+" (used in "+filepath.Base(path)+")")
				}
			}
		}
		sort.Strings(missing)
		for _, m := range missing {
			t.Errorf("missing message %s", m)
		}
	}
}

func TestNoUnusedKeys(t *testing.T) {
	used := map[string]bool{}
	for _, src := range sourceFiles(t) {
		for _, m := range literal.FindAllStringSubmatch(src, -1) {
			used[m[1]] = true
		}
	}
	for _, loc := range i18n.Locales {
		var unused []string
		for k := range keySet(t, loc) {
			if !used[k] {
				unused = append(unused, k)
			}
		}
		sort.Strings(unused)
		for _, k := range unused {
			t.Errorf("%s: message %q is used nowhere in the code", loc.Tag(), k)
		}
	}
}

func TestBothLanguagesHaveTheSameKeysAndPlaceholders(t *testing.T) {
	en, zh := keySet(t, i18n.English), keySet(t, i18n.Chinese)
	for k := range en {
		if !zh[k] {
			t.Errorf("%q is in English but not in Chinese", k)
		}
	}
	for k := range zh {
		if !en[k] {
			t.Errorf("%q is in Chinese but not in English", k)
		}
	}
	for k := range en {
		if !zh[k] {
			continue
		}
		_, enForms, _ := i18n.RawMessage(i18n.English, k)
		_, zhForms, _ := i18n.RawMessage(i18n.Chinese, k)
		want := placeholders(enForms)
		got := placeholders(zhForms)
		if strings.Join(want, ",") != strings.Join(got, ",") {
			t.Errorf("%q: placeholders differ: en %v, zh-Hans %v", k, want, got)
		}
		for _, f := range append(enForms, zhForms...) {
			if strings.TrimSpace(f) == "" {
				t.Errorf("%q has an empty form", k)
			}
		}
	}
}

func placeholders(forms []string) []string {
	set := map[string]bool{}
	for _, f := range forms {
		for _, m := range placeholder.FindAllStringSubmatch(f, -1) {
			set[m[1]] = true
		}
	}
	// Plural messages may leave the count out of a form ("one item"), so
	// Count does not have to appear in every language.
	delete(set, "Count")
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
