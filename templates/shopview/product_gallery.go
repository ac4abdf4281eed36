package shopview

import (
	"context"

	"github.com/a-h/templ"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/templates"
)

// thumbAlt names what a thumbnail link does, so a screen reader does not
// hear the main image's description twice.
func thumbAlt(ctx context.Context, img GalleryImage, i int) string {
	return i18n.T(ctx, "product.gallery.show", "N", i+1, "Alt", img.Alt)
}

// textLang is the lang attribute of a merchant's text when its language
// is not the page's (none when it is).
func textLang(ctx context.Context, lang string) templ.Attributes {
	if lang == "" || lang == templates.VisitorFrom(ctx).Locale.Tag() {
		return nil
	}
	return templ.Attributes{"lang": lang}
}
