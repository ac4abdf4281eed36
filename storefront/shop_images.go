package storefront

import (
	"strconv"
	"strings"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/templates/shopview"
)

// gallerySizes are the resized versions a product image is offered in, for
// the browser to pick from by the width it needs: sharp on a phone's and a
// desktop's high-density screen alike.
var gallerySizes = []string{media.SizeCard, media.SizeMedium, media.SizeLarge, media.SizeXLarge}

// galleryImages are p's images with responsive sources; an image without
// alt text is described by the product's title.
func galleryImages(p *catalog.Product) []shopview.GalleryImage {
	imgs := sortedImages(p)
	out := make([]shopview.GalleryImage, 0, len(imgs))
	for _, img := range imgs {
		g := shopview.GalleryImage{
			ID:     img.ID,
			Src:    media.URL(img.Key, media.SizeLarge),
			Thumb:  media.URL(img.Key, media.SizeThumb),
			Alt:    img.Alt,
			Width:  img.Width,
			Height: img.Height,
			Sizes:  "(max-width: 48rem) 100vw, 55vw",
		}
		if g.Alt == "" {
			g.Alt = p.Title
		}
		var set []string
		for _, size := range gallerySizes {
			w := media.Widths[size]
			if img.Width > 0 && img.Width <= w {
				// Kept at the upload's own width there: the last worth
				// offering.
				set = append(set, media.URL(img.Key, size)+" "+strconv.Itoa(img.Width)+"w")
				break
			}
			set = append(set, media.URL(img.Key, size)+" "+strconv.Itoa(w)+"w")
		}
		g.SrcSet = strings.Join(set, ", ")
		out = append(out, g)
	}
	return out
}

// variantFirst is the gallery with a variant's own image first, the
// others in the product's order: the page for a chosen colour opens on
// that colour's photo, with JavaScript or without.
func variantFirst(imgs []shopview.GalleryImage, imageID int64) []shopview.GalleryImage {
	for i, img := range imgs {
		if img.ID == imageID {
			out := make([]shopview.GalleryImage, 0, len(imgs))
			out = append(out, img)
			out = append(out, imgs[:i]...)
			return append(out, imgs[i+1:]...)
		}
	}
	return imgs
}

func imageID(id *int64) int64 {
	if id == nil {
		return 0
	}
	return *id
}
