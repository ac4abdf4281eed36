// Package static holds the mall's stylesheet, script and icons, embedded in
// the binary and served under content-hashed URLs.
//
// Templates link assets with Path, which returns a URL that changes
// whenever the file's bytes change, so browsers and proxies may keep it for
// a year. The package knows nothing of HTTP frameworks; a server serves it
// like this (fiber shown):
//
//	app.Get("/static/*", func(c *fiber.Ctx) error {
//		body, encoding, etag, ok := static.Negotiate(c.Path(), c.Get("Accept-Encoding"))
//		if !ok {
//			return fiber.ErrNotFound
//		}
//		_, contentType, _, _ := static.Lookup(c.Path())
//		c.Set("Content-Type", contentType)
//		c.Set("Vary", "Accept-Encoding")
//		c.Set("ETag", etag)
//		if encoding != "" {
//			c.Set("Content-Encoding", encoding)
//		}
//		if static.Immutable(c.Path()) {
//			c.Set("Cache-Control", "public, max-age=31536000, immutable")
//		} else {
//			c.Set("Cache-Control", "public, max-age=300")
//		}
//		if c.Get("If-None-Match") == etag {
//			return c.SendStatus(fiber.StatusNotModified)
//		}
//		return c.Send(body)
//	})
//
// Register that route before any compression middleware: the bodies are
// compressed once, here, at the best ratio, not per request.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

//go:embed assets
var files embed.FS

// Prefix is the URL path under which every asset is served.
const Prefix = "/static/"

// hashLen is how many hex digits of the SHA-256 go into a hashed name.
const hashLen = 10

type asset struct {
	name        string // "css/mall.css"
	hashedURL   string // "/static/css/mall.0123456789.css"
	data        []byte
	contentType string
	etag        string // strong ETag of the identity body, quoted
	compress    bool   // text worth compressing

	once sync.Once
	gz   []byte // nil when compression does not pay
	br   []byte
}

var (
	byName = map[string]*asset{} // "css/mall.css"
	byURL  = map[string]*asset{} // both "/static/css/mall.css" and the hashed URL
	hashed = map[string]bool{}   // hashed URLs
)

func init() {
	err := fs.WalkDir(files, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "assets/")
		sum := sha256.Sum256(data)
		hash := hex.EncodeToString(sum[:])
		ct, compress := contentType(name)
		a := &asset{
			name:        name,
			hashedURL:   Prefix + hashedName(name, hash[:hashLen]),
			data:        data,
			contentType: ct,
			etag:        `"` + hash[:32] + `"`,
			compress:    compress,
		}
		byName[name] = a
		byURL[Prefix+name] = a
		byURL[a.hashedURL] = a
		hashed[a.hashedURL] = true
		return nil
	})
	if err != nil {
		panic(fmt.Sprintf("static: reading embedded assets: %v", err))
	}
}

// hashedName puts the hash before the last extension:
// "css/mall.css" -> "css/mall.<hash>.css".
func hashedName(name, hash string) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hash + ext
}

// contentType is fixed per extension so that responses do not depend on
// the host's mime.types; the second result says whether the type is text
// that compresses well.
func contentType(name string) (string, bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".css":
		return "text/css; charset=utf-8", true
	case ".js":
		return "text/javascript; charset=utf-8", true
	case ".svg":
		return "image/svg+xml", true
	case ".json", ".webmanifest":
		return "application/json", true
	case ".txt":
		return "text/plain; charset=utf-8", true
	case ".xml":
		return "application/xml", true
	case ".ico":
		return "image/x-icon", true
	case ".png":
		return "image/png", false
	case ".jpg", ".jpeg":
		return "image/jpeg", false
	case ".webp":
		return "image/webp", false
	case ".woff2":
		return "font/woff2", false
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		return ct, false
	}
	return "application/octet-stream", false
}

// Path returns the content-hashed URL of the asset name (relative to
// static/assets, like "css/mall.css"): "/static/css/mall.<hash>.css".
// An unknown name gives "/static/<name>", which answers 404, so a typo
// shows up as a missing file rather than a crash while rendering.
func Path(name string) string {
	if a, ok := byName[strings.TrimPrefix(name, "/")]; ok {
		return a.hashedURL
	}
	return Prefix + strings.TrimPrefix(name, "/")
}

func find(urlPath string) (*asset, bool) {
	if !strings.HasPrefix(urlPath, "/") {
		urlPath = Prefix + urlPath
	}
	a, ok := byURL[urlPath]
	return a, ok
}

// Lookup returns the uncompressed bytes, Content-Type and strong ETag of
// the asset at urlPath, which is either a hashed URL from Path or the plain
// "/static/<name>". ok is false for anything else.
func Lookup(urlPath string) (data []byte, contentType string, etag string, ok bool) {
	a, ok := find(urlPath)
	if !ok {
		return nil, "", "", false
	}
	return a.data, a.contentType, a.etag, true
}

// Immutable reports whether urlPath is a content-hashed URL, whose bytes
// never change and may be cached for a year. Plain "/static/<name>" URLs
// are not: they should be revalidated.
func Immutable(urlPath string) bool {
	if !strings.HasPrefix(urlPath, "/") {
		urlPath = Prefix + urlPath
	}
	return hashed[urlPath]
}

// Compressed returns the asset's body in encoding "gzip" or "br". ok is
// false for an unknown asset or encoding, and for assets that are not worth
// compressing (images already compressed, or bodies compression would not
// shrink): send the identity body from Lookup then. Bodies are compressed
// at the best ratio once, on first use, and kept.
func Compressed(urlPath, encoding string) (body []byte, ok bool) {
	a, ok := find(urlPath)
	if !ok || !a.compress {
		return nil, false
	}
	a.once.Do(a.compressBodies)
	switch encoding {
	case "gzip":
		return a.gz, a.gz != nil
	case "br":
		return a.br, a.br != nil
	}
	return nil, false
}

func (a *asset) compressBodies() {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(a.data)
	zw.Close()
	if buf.Len() < len(a.data) {
		a.gz = bytes.Clone(buf.Bytes())
	}
	buf.Reset()
	bw := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	bw.Write(a.data)
	bw.Close()
	if buf.Len() < len(a.data) {
		a.br = bytes.Clone(buf.Bytes())
	}
}

// Negotiate picks the body to send for a request's Accept-Encoding header:
// brotli, then gzip, then identity. It returns the body, the value for the
// Content-Encoding header ("" for identity) and the ETag of that
// representation (each encoding has its own, as strong ETags must).
// Responses vary by Accept-Encoding; say so with a Vary header.
func Negotiate(urlPath, acceptEncoding string) (body []byte, contentEncoding string, etag string, ok bool) {
	a, ok := find(urlPath)
	if !ok {
		return nil, "", "", false
	}
	for _, enc := range []string{"br", "gzip"} {
		if !accepts(acceptEncoding, enc) {
			continue
		}
		if b, ok := Compressed(urlPath, enc); ok {
			return b, enc, strings.TrimSuffix(a.etag, `"`) + "-" + enc + `"`, true
		}
	}
	return a.data, "", a.etag, true
}

// accepts reports whether an Accept-Encoding header allows enc: listed (or
// "*") and not with q=0.
func accepts(header, enc string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != enc && name != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		zero := q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000"
		if name == enc {
			return !zero
		}
		star = !zero
	}
	return star
}
