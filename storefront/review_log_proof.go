package storefront

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/web"
)

// reviewLogInclusion proves leaf ?index= in the tree of ?size= leaves.
func (h *Handler) reviewLogInclusion(c *fiber.Ctx) error {
	index, err := queryInt64(c, "index", 0)
	if err != nil {
		return err
	}
	size, err := queryInt64(c, "size", 0)
	if err != nil {
		return err
	}
	proof, err := h.Reviews.InclusionProof(web.Ctx(c), index, size)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"index": index, "size": size, "proof": proof})
}

// reviewLogConsistency proves the tree of ?old= leaves a prefix of the
// tree of ?new= leaves.
func (h *Handler) reviewLogConsistency(c *fiber.Ctx) error {
	old, err := queryInt64(c, "old", 0)
	if err != nil {
		return err
	}
	n, err := queryInt64(c, "new", 0)
	if err != nil {
		return err
	}
	proof, err := h.Reviews.ConsistencyProof(web.Ctx(c), old, n)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"old": old, "new": n, "proof": nonNil(proof)})
}

// reviewLogReceipt is one leaf's receipt: the leaf, its inclusion proof
// and the checkpoint it is proved against, to check offline.
func (h *Handler) reviewLogReceipt(c *fiber.Ctx) error {
	index, err := strconv.ParseInt(c.Params("index"), 10, 64)
	if err != nil || index < 0 {
		return mall.NotFound("review log leaf")
	}
	rc, err := h.Reviews.Receipt(web.Ctx(c), index)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `inline; filename="review-receipt-`+strconv.FormatInt(index, 10)+`.json"`)
	return c.JSON(rc)
}
