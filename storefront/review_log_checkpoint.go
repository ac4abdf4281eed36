package storefront

import (
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/web"
)

// reviewLogCheckpoint is the review log's signed checkpoint (a signed
// note: origin, size, root).
func (h *Handler) reviewLogCheckpoint(c *fiber.Ctx) error {
	signed, err := h.Reviews.Checkpoint(web.Ctx(c))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
	return c.Send(signed)
}

// reviewLogKey is the key that verifies the checkpoints.
func (h *Handler) reviewLogKey(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "text/plain; charset=utf-8")
	return c.SendString(h.Reviews.Key().VerifierKey() + "\n")
}
