package storefront

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/web"
)

// importedReviewProof is the proof an imported review was checked with:
// its leaf, the inclusion proof and the origin mall's signed checkpoint
// and key, in the shape of the origin's own receipts.
func (h *Handler) importedReviewProof(c *fiber.Ctx, m *merchants.Merchant) error {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 || h.Reviews == nil {
		return mall.NotFound("imported review")
	}
	r, err := h.Reviews.ImportedReviewInMerchant(web.Ctx(c), m.ID, id)
	if err != nil {
		return err
	}
	rc, err := r.Receipt()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentDisposition, `inline; filename="imported-review-`+strconv.FormatInt(id, 10)+`.json"`)
	return c.JSON(rc)
}
