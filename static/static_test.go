package static_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"github.com/mall-project/mall/static"
)

func TestPathIsHashedAndMapsBack(t *testing.T) {
	tests := []struct {
		name        string
		pattern     string
		contentType string
	}{
		{"css/mall.css", `^/static/css/mall\.[0-9a-f]{10}\.css$`, "text/css; charset=utf-8"},
		{"js/mall.js", `^/static/js/mall\.[0-9a-f]{10}\.js$`, "text/javascript; charset=utf-8"},
		{"img/favicon.svg", `^/static/img/favicon\.[0-9a-f]{10}\.svg$`, "image/svg+xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := static.Path(tt.name)
			if !regexp.MustCompile(tt.pattern).MatchString(p) {
				t.Fatalf("Path(%q) = %q, want match of %s", tt.name, p, tt.pattern)
			}
			if again := static.Path(tt.name); again != p {
				t.Fatalf("Path(%q) not stable: %q then %q", tt.name, p, again)
			}
			data, ct, etag, ok := static.Lookup(p)
			if !ok {
				t.Fatalf("Lookup(%q) not found", p)
			}
			if len(data) == 0 || ct != tt.contentType || !strings.HasPrefix(etag, `"`) {
				t.Fatalf("Lookup(%q) = %d bytes, %q, %q", p, len(data), ct, etag)
			}
			if !static.Immutable(p) {
				t.Errorf("Immutable(%q) = false", p)
			}
			plain, _, _, ok := static.Lookup("/static/" + tt.name)
			if !ok || !bytes.Equal(plain, data) {
				t.Errorf("plain URL /static/%s does not serve the same bytes", tt.name)
			}
			if static.Immutable("/static/" + tt.name) {
				t.Errorf("plain URL /static/%s claims to be immutable", tt.name)
			}
		})
	}
}

func TestUnknownPathsAreNotFound(t *testing.T) {
	for _, p := range []string{
		"/static/css/nope.css",
		"/static/css/mall.0000000000.css", // stale hash
		"/static/../static.go",
		"/static/",
		"/static/css",
		"",
	} {
		if _, _, _, ok := static.Lookup(p); ok {
			t.Errorf("Lookup(%q) ok, want not found", p)
		}
		if _, _, _, ok := static.Negotiate(p, "gzip, br"); ok {
			t.Errorf("Negotiate(%q) ok, want not found", p)
		}
	}
	if got := static.Path("css/missing.css"); got != "/static/css/missing.css" {
		t.Errorf("Path of a missing asset = %q", got)
	}
}

func TestCompressedBodiesDecompressToTheOriginal(t *testing.T) {
	p := static.Path("css/mall.css")
	orig, _, _, _ := static.Lookup(p)

	gz, ok := static.Compressed(p, "gzip")
	if !ok || len(gz) >= len(orig) {
		t.Fatalf("gzip body: ok=%v, %d bytes for %d", ok, len(gz), len(orig))
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(got, orig) {
		t.Fatalf("gzip body does not decompress to the stylesheet (err %v)", err)
	}

	br, ok := static.Compressed(p, "br")
	if !ok {
		t.Fatal("no brotli body")
	}
	got, err = io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || !bytes.Equal(got, orig) {
		t.Fatalf("brotli body does not decompress to the stylesheet (err %v)", err)
	}

	if _, ok := static.Compressed(p, "deflate"); ok {
		t.Error("Compressed offered an encoding it does not make")
	}
}

func TestNegotiate(t *testing.T) {
	p := static.Path("js/mall.js")
	orig, _, etag, _ := static.Lookup(p)
	tests := []struct {
		accept   string
		encoding string
	}{
		{"", ""},
		{"identity", ""},
		{"gzip", "gzip"},
		{"gzip, deflate, br", "br"},
		{"br;q=0, gzip", "gzip"},
		{"br;q=0,gzip;q=0", ""},
		{"*", "br"},
		{"GZIP", "gzip"},
	}
	for _, tt := range tests {
		body, enc, tag, ok := static.Negotiate(p, tt.accept)
		if !ok || enc != tt.encoding {
			t.Errorf("Negotiate(%q) encoding %q, want %q", tt.accept, enc, tt.encoding)
			continue
		}
		if enc == "" && (!bytes.Equal(body, orig) || tag != etag) {
			t.Errorf("Negotiate(%q): identity body or ETag differs from Lookup", tt.accept)
		}
		if enc != "" && tag == etag {
			t.Errorf("Negotiate(%q): %s body shares the identity ETag", tt.accept, enc)
		}
	}
}

func TestHashChangesWithContent(t *testing.T) {
	// Different files must not share a hashed URL.
	seen := map[string]string{}
	for _, name := range []string{"css/mall.css", "js/mall.js", "img/favicon.svg", "img/placeholder.svg"} {
		p := static.Path(name)
		if other, dup := seen[p]; dup {
			t.Fatalf("%s and %s share %s", name, other, p)
		}
		seen[p] = name
	}
}

func BenchmarkNegotiate(b *testing.B) {
	p := static.Path("css/mall.css")
	for b.Loop() {
		if _, _, _, ok := static.Negotiate(p, "gzip, deflate, br"); !ok {
			b.Fatal("not found")
		}
	}
}
