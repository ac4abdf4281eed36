package admin

import (
	"bytes"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/archive"
	"github.com/mall-project/mall/web"
)

// settingsExport downloads everything the shop owns as one archive (the
// same one `mall export` writes). Only owners may take the whole shop.
func (h *Handler) settingsExport(c *fiber.Ctx) error {
	shop := shopOf(c)
	a := &archive.Archiver{Merchants: h.Merchants, Catalog: h.Catalog, Media: h.Media, Reviews: h.Reviews}
	// Built in memory first so a failure becomes an error page, not a
	// truncated download that looks complete.
	var buf bytes.Buffer
	if _, err := a.Write(web.Ctx(c), &buf, shop.Merchant.ID); err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%s.zip", shop.Merchant.Slug, time.Now().UTC().Format("20060102"))
	c.Set(fiber.HeaderContentType, "application/zip")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+name+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}
