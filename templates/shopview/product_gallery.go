package shopview

import (
	"context"

	"github.com/mall-project/mall/i18n"
)

// thumbAlt names what a thumbnail link does, so a screen reader does not
// hear the main image's description twice.
func thumbAlt(ctx context.Context, img GalleryImage, i int) string {
	return i18n.T(ctx, "product.gallery.show", "N", i+1, "Alt", img.Alt)
}
