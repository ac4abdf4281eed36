package server

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/static"
)

// serveStatic serves the embedded stylesheet, script and icons, already
// compressed at the best ratio, with year-long caching for hashed URLs.
func serveStatic(c *fiber.Ctx) error {
	body, encoding, etag, ok := static.Negotiate(c.Path(), c.Get(fiber.HeaderAcceptEncoding))
	if !ok {
		return fiber.ErrNotFound
	}
	_, contentType, _, _ := static.Lookup(c.Path())
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	c.Set(fiber.HeaderETag, etag)
	if encoding != "" {
		c.Set(fiber.HeaderContentEncoding, encoding)
	}
	if static.Immutable(c.Path()) {
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	} else {
		c.Set(fiber.HeaderCacheControl, "public, max-age=300")
	}
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	return c.Send(body)
}
