// Package media stores uploaded images and their resized variants under
// content-addressed keys, so an image URL never changes what it shows and
// can be cached for good.
package media

import (
	"context"
	"io"
	"strings"
	"time"
)

// Sizes an image is kept in. Every size but SizeOriginal is a width in
// pixels (aspect kept); an image narrower than a size is kept at its own
// width there.
const (
	SizeOriginal = "original"
	SizeThumb    = "thumb"  // 160 px wide
	SizeCard     = "card"   // 480 px wide
	SizeMedium   = "medium" // 800 px wide
	SizeLarge    = "large"  // 1200 px wide
	SizeXLarge   = "xlarge" // 1600 px wide
)

// Widths maps each resized size to its width in pixels.
var Widths = map[string]int{SizeThumb: 160, SizeCard: 480, SizeMedium: 800, SizeLarge: 1200, SizeXLarge: 1600}

// Sizes lists every size, original first.
var Sizes = []string{SizeOriginal, SizeThumb, SizeCard, SizeMedium, SizeLarge, SizeXLarge}

// resizedSizes are the resized sizes, largest first: each is made from the
// one before it.
var resizedSizes = []string{SizeXLarge, SizeLarge, SizeMedium, SizeCard, SizeThumb}

// Limits on what may be uploaded.
const (
	MaxBytes = 10 << 20 // 10 MiB
	// MaxPixels bounds width × height, checked from the header before the
	// image is decoded (a small file can declare a huge image).
	MaxPixels = 40_000_000
	// MaxDecodeBytes bounds the memory an image takes once decoded
	// (width × height × bytes per pixel of its colour model, plus the
	// copy turning it upright), also from the header: a 40-megapixel
	// 16-bit PNG would take 320 MB. 192 MiB takes a 24-megapixel phone
	// photo turned upright, or a 48-megapixel one as it is.
	MaxDecodeBytes = 192 << 20
)

// Image is a stored image.
type Image struct {
	// Key names the image in every size: a content hash plus its format
	// ("3fa2…c9-jpg").
	Key         string
	Width       int
	Height      int
	ContentType string
}

// Store keeps images. DiskStore is the local implementation; an
// S3-compatible one can take its place.
type Store interface {
	// Save checks, decodes and stores an uploaded image in every size.
	// Rejections are *mall.Error with code EInvalid and a "media.error.*"
	// key for the person who uploaded.
	Save(ctx context.Context, r io.Reader, declaredName string) (Image, error)
	// Open returns one size of a stored image, when it was written, and
	// its content type. An unknown key or size is a mall not-found error.
	Open(ctx context.Context, key, size string) (io.ReadSeekCloser, time.Time, string, error)
}

// URL is the path an image is served at: "/media/{size}/{key}.{ext}".
// It returns "" for an empty key.
func URL(key, size string) string {
	if key == "" {
		return ""
	}
	return "/media/" + size + "/" + key + "." + extOf(key)
}

// IsURL reports whether u is the address of an image the mall stores, as
// URL writes it: a path on the mall itself, nothing another host serves.
func IsURL(u string) bool {
	rest, ok := strings.CutPrefix(u, "/media/")
	if !ok {
		return false
	}
	size, file, ok := strings.Cut(rest, "/")
	if !ok || !validSize(size) {
		return false
	}
	key, ext, ok := strings.Cut(file, ".")
	return ok && keyPattern.MatchString(key) && ext == extOf(key)
}

func extOf(key string) string {
	if strings.HasSuffix(key, "-png") {
		return "png"
	}
	return "jpg"
}

func contentTypeOf(key string) string {
	if extOf(key) == "png" {
		return "image/png"
	}
	return "image/jpeg"
}

// Remover is a Store that can delete what it stored: a review photo is
// deleted when its review is erased.
type Remover interface {
	Remove(ctx context.Context, key string) error
}
