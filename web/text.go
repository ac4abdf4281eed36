package web

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
)

// errBadText is the answer to a request carrying text no page can take.
var errBadText = &mall.Error{Code: mall.EInvalid, Key: "edge.error.bad_text"}

// RefuseBadText answers 422 to a request whose path, query or form holds a
// NUL byte or bytes that are not UTF-8. No field of the mall takes either:
// PostgreSQL refuses them in text (a 500 at the first query) and SQLite
// would store them silently. Checking here, once, spares every handler and
// every domain rule from it.
func RefuseBadText(c *fiber.Ctx) error {
	bad := !goodText([]byte(c.Path()))
	visit := func(k, v []byte) {
		if !bad && (!goodText(k) || !goodText(v)) {
			bad = true
		}
	}
	c.Context().QueryArgs().VisitAll(visit)
	ct := string(c.Request().Header.ContentType())
	switch {
	case strings.HasPrefix(ct, fiber.MIMEApplicationForm):
		c.Context().PostArgs().VisitAll(visit)
	case strings.HasPrefix(ct, fiber.MIMEMultipartForm):
		if form, err := c.MultipartForm(); err == nil {
			for k, vs := range form.Value {
				for _, v := range vs {
					visit([]byte(k), []byte(v))
				}
			}
			for k, fhs := range form.File {
				for _, fh := range fhs {
					visit([]byte(k), []byte(fh.Filename))
				}
			}
		}
	}
	if bad {
		return errBadText
	}
	return c.Next()
}

func goodText(b []byte) bool {
	return bytes.IndexByte(b, 0) < 0 && utf8.Valid(b)
}
