package server

import (
	"bytes"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/reviews"
)

// Request bodies are bounded per route, before a byte of the body is read:
// the limit is picked from the request line as soon as the headers are in
// (fasthttp's HeaderReceived), so a body larger than its route allows is
// answered 413 from its Content-Length alone, and a chunked one is cut off
// at the limit. Forms are small; only the routes that take an uploaded
// file get more.
const (
	// defaultBodyLimit bounds every form of the mall: the largest text a
	// form takes (a shop's description, an address) is a few thousand
	// characters.
	defaultBodyLimit = 128 << 10
	// webhookBodyLimit bounds Stripe's events, a few kilobytes each.
	webhookBodyLimit = 256 << 10
	// uploadBodyLimit bounds a form that carries images: the product
	// editor takes several at once (each within media.MaxBytes, checked
	// one by one), up to this much in all with the form's fields. Phone
	// photos of a few megabytes each fit three to eight a post.
	uploadBodyLimit = 3*media.MaxBytes + 2<<20
	// reviewBodyLimit bounds a review form: up to reviews.MaxPhotos
	// photos of the image limit each, and the text around them.
	reviewBodyLimit = reviews.MaxPhotos*media.MaxBytes + 2<<20
)

// uploadRoutes are the routes whose form carries an uploaded file, as
// method and path pattern (":id" is one path segment of digits).
var uploadRoutes = []struct{ method, pattern string }{
	{fiber.MethodPost, "/admin/products"},
	{fiber.MethodPost, "/admin/products/:id"},
	{fiber.MethodPost, "/account/orders/:id/reward-report"},
	{fiber.MethodPost, "/reviews/reward-report/:id"},
}

// reviewRoutes are the review forms, which carry photos.
var reviewRoutes = []struct{ method, pattern string }{
	{fiber.MethodPost, "/account/reviews"},
	{fiber.MethodPost, "/account/reviews/:id"},
	{fiber.MethodPost, "/reviews/write/:id"},
}

// bodyLimit is the largest body the request may send, by its method and
// routed path (already cleaned the way the router sees it).
func bodyLimit(method, path string) int {
	if method == fiber.MethodPost && path == "/webhooks/stripe" {
		return webhookBodyLimit
	}
	for _, r := range uploadRoutes {
		if r.method == method && matchRoute(r.pattern, path) {
			return uploadBodyLimit
		}
	}
	for _, r := range reviewRoutes {
		if r.method == method && matchRoute(r.pattern, path) {
			return reviewBodyLimit
		}
	}
	return defaultBodyLimit
}

// matchRoute reports whether path matches pattern, where a ":name" segment
// stands for one segment of digits.
func matchRoute(pattern, path string) bool {
	ps, ss := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(ss) {
		return false
	}
	for i, p := range ps {
		if strings.HasPrefix(p, ":") {
			if ss[i] == "" || strings.Trim(ss[i], "0123456789") != "" {
				return false
			}
			continue
		}
		if p != ss[i] {
			return false
		}
	}
	return true
}

// limitBodies sets the body limit of each request from its headers.
func limitBodies(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
	var u fasthttp.URI
	// Parsed as the router will see it: percent-decoded, dot segments and
	// doubled slashes removed.
	if err := u.Parse(nil, h.RequestURI()); err != nil {
		return fasthttp.RequestConfig{MaxRequestBodySize: defaultBodyLimit}
	}
	return fasthttp.RequestConfig{MaxRequestBodySize: bodyLimit(string(h.Method()), string(u.Path()))}
}

// refuseEncodedBodies answers 415 to a request whose body is compressed
// (Content-Encoding). No browser compresses a form or an upload, and Stripe
// does not compress its events; decoding one would let a small request
// inflate past every limit (a megabyte of gzip is a gigabyte of zeros).
func refuseEncodedBodies(c *fiber.Ctx) error {
	encoded := false
	// Every Content-Encoding header counts: fiber decodes by the last one.
	c.Request().Header.VisitAll(func(k, v []byte) {
		if bytes.EqualFold(k, []byte(fiber.HeaderContentEncoding)) {
			if v = bytes.TrimSpace(v); len(v) > 0 && !bytes.EqualFold(v, []byte("identity")) {
				encoded = true
			}
		}
	})
	if encoded {
		return fiber.ErrUnsupportedMediaType
	}
	return c.Next()
}
