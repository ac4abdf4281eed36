package storefront

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// queryInt64 reads a non-negative integer query parameter; def when it
// is absent.
func queryInt64(c *fiber.Ctx, name string, def int64) (int64, error) {
	raw := c.Query(name)
	if raw == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 0 {
		return 0, &mall.Error{Code: mall.EInvalid, Key: "reviews.error.proof_range", Message: name + " must be a whole number"}
	}
	return n, nil
}

// reviewLogLeaves lists a page of the log's leaves from ?start= (at most
// ?limit=, 1000).
func (h *Handler) reviewLogLeaves(c *fiber.Ctx) error {
	start, err := queryInt64(c, "start", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt64(c, "limit", 1000)
	if err != nil {
		return err
	}
	leaves, err := h.Reviews.Leaves(web.Ctx(c), start, int(min(limit, 1000)))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"leaves": nonNil(leaves)})
}

// reviewLogStates lists what each review shows now, by id after ?after=.
func (h *Handler) reviewLogStates(c *fiber.Ctx) error {
	after, err := queryInt64(c, "after", 0)
	if err != nil {
		return err
	}
	limit, err := queryInt64(c, "limit", 1000)
	if err != nil {
		return err
	}
	states, err := h.Reviews.ReviewStates(web.Ctx(c), after, int(min(limit, 1000)))
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"reviews": nonNil(states)})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
