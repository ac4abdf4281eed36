package server

import (
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/media"
)

// serveMedia serves uploaded images and their resized variants. Keys are
// content hashes, so a URL's bytes never change: cache them for a year.
func serveMedia(store media.Store) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if store == nil {
			return fiber.ErrNotFound
		}
		size := c.Params("size")
		file := c.Params("file")
		key, _, _ := strings.Cut(file, ".")
		f, modTime, contentType, err := store.Open(c.UserContext(), key, size)
		if err != nil {
			return fiber.ErrNotFound
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, contentType)
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		c.Set(fiber.HeaderLastModified, modTime.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT"))
		return c.Send(data)
	}
}
