package admin

import (
	"context"
	"mime/multipart"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// maxUploadFiles is how many images one post of the product editor takes;
// the upload routes' body limit (server/body_limits.go) bounds their bytes.
const maxUploadFiles = adminview.MaxUploadFiles

// pendingField carries, from one post of the product editor to the next,
// the images already checked and stored in the media store but not yet
// on the product: the browser forgets a chosen file whenever the form is
// shown again ("add more rows", an error elsewhere in the form), the
// mall does not.
const pendingField = "pending_image"

// productUploads checks and stores the images the editor posts: those
// kept from an earlier post (signed, so a form cannot name another
// shop's image) and the files chosen now, each checked as a single upload
// is (quota, size, format, the bounded decoding pool). The images that
// passed are kept in v for the form, whatever else fails. refused is one
// message per file that did not pass; nothing goes on the product then.
func (h *Handler) productUploads(ctx context.Context, c *fiber.Ctx, v *adminview.ProductFormView) (imgs []media.Image, refused []string, err error) {
	for _, tok := range formValues(c, pendingField) {
		if img, ok := h.pendingImage(c, tok); ok && len(imgs) < maxUploadFiles {
			imgs = append(imgs, img)
		}
	}
	var files []string
	form, ferr := c.MultipartForm()
	if ferr == nil {
		for _, fh := range form.File["image"] {
			if fh.Size > 0 {
				files = append(files, fh.Filename)
			}
		}
	}
	defer func() { h.keepPending(c, v, imgs) }()
	if len(files) == 0 {
		return imgs, nil, nil
	}
	if len(imgs)+len(files) > maxUploadFiles {
		return imgs, []string{i18n.T(ctx, "admin.image.error.too_many_files", "Max", maxUploadFiles)}, nil
	}
	// The shop's quota is checked for all of them before one is decoded.
	if err := h.Catalog.CheckImageQuotaFor(ctx, merchantID(c), shopOf(c).Merchant.ImageQuota(), len(imgs)+len(files)); err != nil {
		if e := mall.AsError(err); e != nil && e.Code == mall.EInvalid {
			return imgs, []string{i18n.Error(ctx, e)}, nil
		}
		return nil, nil, err
	}
	for _, fh := range form.File["image"] {
		if fh.Size == 0 {
			continue
		}
		img, err := h.storeUpload(ctx, fh)
		if err != nil {
			if e := mall.AsError(err); e != nil && e.Code == mall.EInvalid {
				refused = append(refused, i18n.T(ctx, "admin.image.error.file", "Name", fh.Filename, "Reason", i18n.Error(ctx, e)))
				continue
			}
			return nil, nil, err
		}
		imgs = append(imgs, img)
	}
	return imgs, refused, nil
}

func (h *Handler) storeUpload(ctx context.Context, fh *multipart.FileHeader) (media.Image, error) {
	f, err := fh.Open()
	if err != nil {
		return media.Image{}, err
	}
	defer f.Close()
	return h.Media.Save(ctx, f, fh.Filename)
}

// keepPending shows the images not yet on the product in the form, each
// with its signed token.
func (h *Handler) keepPending(c *fiber.Ctx, v *adminview.ProductFormView, imgs []media.Image) {
	v.Pending = v.Pending[:0]
	for _, img := range imgs {
		v.Pending = append(v.Pending, adminview.PendingImage{
			Token: h.pendingToken(c, img),
			URL:   media.URL(img.Key, media.SizeThumb),
		})
	}
}

func (h *Handler) pendingToken(c *fiber.Ctx, img media.Image) string {
	w, ht := strconv.Itoa(img.Width), strconv.Itoa(img.Height)
	return strings.Join([]string{img.Key, w, ht, web.MAC(c, "pending-image", strconv.FormatInt(merchantID(c), 10), img.Key, w, ht)}, "|")
}

// pendingImage reads a token of pendingToken; one signed for another
// shop, or altered, is dropped.
func (h *Handler) pendingImage(c *fiber.Ctx, tok string) (media.Image, bool) {
	parts := strings.Split(tok, "|")
	if len(parts) != 4 || parts[0] == "" || len(parts[0]) > 128 {
		return media.Image{}, false
	}
	if !web.CheckMAC(c, parts[3], "pending-image", strconv.FormatInt(merchantID(c), 10), parts[0], parts[1], parts[2]) {
		return media.Image{}, false
	}
	w, err1 := strconv.Atoi(parts[1])
	ht, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil {
		return media.Image{}, false
	}
	return media.Image{Key: parts[0], Width: w, Height: ht}, true
}

// attachImages puts the editor's images on the product, in the order they
// were chosen, with the alt text typed beside them.
func (h *Handler) attachImages(c *fiber.Ctx, productID int64, imgs []media.Image) error {
	for i := range imgs {
		if err := h.attachImage(c, productID, &imgs[i]); err != nil {
			return err
		}
	}
	return nil
}
