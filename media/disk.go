package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/gif" // decoders for image.Decode
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // webp uploads are decoded and stored as JPEG or PNG

	"github.com/mall-project/mall/mall"
)

// DiskStore keeps images in a directory, one subdirectory per size.
type DiskStore struct {
	root string
}

var _ Store = (*DiskStore)(nil)

// NewDiskStore returns a store rooted at dir, creating it if needed.
func NewDiskStore(dir string) (*DiskStore, error) {
	for _, size := range Sizes {
		if err := os.MkdirAll(filepath.Join(dir, size), 0o755); err != nil {
			return nil, fmt.Errorf("media: create %s: %w", dir, err)
		}
	}
	return &DiskStore{root: dir}, nil
}

var accepted = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

func invalid(key string) *mall.Error {
	return &mall.Error{Code: mall.EInvalid, Field: "image", Key: key}
}

// Save implements Store. The upload's real type is sniffed from its bytes;
// the name it was declared with is not trusted. The original is stored
// re-encoded, which also drops metadata such as GPS positions.
func (s *DiskStore) Save(ctx context.Context, r io.Reader, declaredName string) (Image, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return Image{}, fmt.Errorf("media: read upload %q: %w", declaredName, err)
	}
	if len(data) > MaxBytes {
		e := invalid("media.error.too_large")
		e.Args = map[string]any{"MaxMB": MaxBytes >> 20}
		return Image{}, e
	}
	if len(data) == 0 {
		return Image{}, invalid("media.error.empty")
	}
	if !accepted[http.DetectContentType(data)] {
		return Image{}, invalid("media.error.unsupported_type")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return Image{}, invalid("media.error.corrupt")
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return Image{}, invalid("media.error.too_many_pixels")
	}
	if err := ctx.Err(); err != nil {
		return Image{}, err
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Image{}, invalid("media.error.corrupt")
	}
	ext := "jpg"
	if o, ok := src.(interface{ Opaque() bool }); ok && !o.Opaque() {
		ext = "png"
	}
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:20]) + "-" + ext
	b := src.Bounds()
	img := Image{Key: key, Width: b.Dx(), Height: b.Dy(), ContentType: contentTypeOf(key)}
	if _, err := os.Stat(s.path(key, SizeLarge)); err == nil {
		return img, nil // the same bytes were stored before
	}

	if err := s.write(key, SizeOriginal, src); err != nil {
		return Image{}, err
	}
	// Resize the largest size from the original and each smaller one from
	// the one before: far cheaper than a pass over a big original each.
	prev := src
	for _, size := range resizedSizes {
		if err := ctx.Err(); err != nil {
			return Image{}, err
		}
		prev = resize(prev, Widths[size])
		if err := s.write(key, size, prev); err != nil {
			return Image{}, err
		}
	}
	return img, nil
}

// resize scales img down to width w, keeping its aspect; a narrower image
// is returned as it is.
func resize(img image.Image, w int) image.Image {
	b := img.Bounds()
	if b.Dx() <= w {
		return img
	}
	h := max(1, int(int64(b.Dy())*int64(w)/int64(b.Dx())))
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	// CatmullRom is sharp but costs a lot on very large sources;
	// ApproxBiLinear is good enough for a first big reduction.
	var scaler draw.Scaler = draw.CatmullRom
	if b.Dx() > 3*w {
		scaler = draw.ApproxBiLinear
	}
	scaler.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

func (s *DiskStore) path(key, size string) string {
	return filepath.Join(s.root, size, key+"."+extOf(key))
}

// write encodes img to a temp file and renames it into place, so a reader
// never sees half an image.
func (s *DiskStore) write(key, size string, img image.Image) error {
	dst := s.path(key, size)
	f, err := os.CreateTemp(filepath.Dir(dst), ".upload-*")
	if err != nil {
		return fmt.Errorf("media: write %s: %w", key, err)
	}
	defer os.Remove(f.Name())
	if extOf(key) == "png" {
		err = png.Encode(f, img)
	} else {
		err = jpeg.Encode(f, img, &jpeg.Options{Quality: 85})
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), dst)
	}
	if err != nil {
		return fmt.Errorf("media: write %s %s: %w", size, key, err)
	}
	return nil
}

var keyPattern = regexp.MustCompile(`^[0-9a-f]{40}-(jpg|png)$`)

// Open implements Store.
func (s *DiskStore) Open(ctx context.Context, key, size string) (io.ReadSeekCloser, time.Time, string, error) {
	if !keyPattern.MatchString(key) || !validSize(size) {
		return nil, time.Time{}, "", mall.NotFound("image")
	}
	f, err := os.Open(s.path(key, size))
	if os.IsNotExist(err) && size != SizeOriginal {
		// Stored before this size existed: made once, from the original.
		if err = s.render(ctx, key, size); err == nil {
			f, err = os.Open(s.path(key, size))
		}
	}
	if err != nil {
		if os.IsNotExist(err) || mall.ErrorCode(err) == mall.ENotFound {
			return nil, time.Time{}, "", mall.NotFound("image")
		}
		return nil, time.Time{}, "", fmt.Errorf("media: open %s: %w", key, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, time.Time{}, "", fmt.Errorf("media: open %s: %w", key, err)
	}
	return f, st.ModTime(), contentTypeOf(key), nil
}

// render writes one resized size of a stored image from its original.
// Two requests rendering at once both write whole files and rename them
// into place, so either result is the same complete image.
func (s *DiskStore) render(ctx context.Context, key, size string) error {
	f, err := os.Open(s.path(key, SizeOriginal))
	if os.IsNotExist(err) {
		return mall.NotFound("image")
	}
	if err != nil {
		return fmt.Errorf("media: render %s %s: %w", size, key, err)
	}
	defer f.Close()
	src, _, err := image.Decode(f)
	if err != nil {
		return fmt.Errorf("media: render %s %s: %w", size, key, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.write(key, size, resize(src, Widths[size]))
}

func validSize(size string) bool {
	for _, s := range Sizes {
		if s == size {
			return true
		}
	}
	return false
}
