package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
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
	pool *Pool
}

var _ Store = (*DiskStore)(nil)

// NewDiskStore returns a store rooted at dir, creating it if needed, that
// decodes DefaultWorkers images at once.
func NewDiskStore(dir string) (*DiskStore, error) {
	return NewDiskStoreWithPool(dir, NewPool(DefaultWorkers, DefaultWait))
}

// NewDiskStoreWithPool is NewDiskStore with the pool images are decoded
// through.
func NewDiskStoreWithPool(dir string, pool *Pool) (*DiskStore, error) {
	for _, size := range Sizes {
		if err := os.MkdirAll(filepath.Join(dir, size), 0o755); err != nil {
			return nil, fmt.Errorf("media: create %s: %w", dir, err)
		}
	}
	return &DiskStore{root: dir, pool: pool}, nil
}

var accepted = map[string]bool{"image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

func invalid(key string) *mall.Error {
	return &mall.Error{Code: mall.EInvalid, Field: "image", Key: key}
}

// bytesPerPixel is what one pixel of model takes once decoded, at worst
// (a JPEG's YCbCr counted without chroma subsampling).
func bytesPerPixel(model color.Model) int64 {
	switch model {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel:
		return 3
	case color.RGBAModel, color.NRGBAModel, color.CMYKModel, color.NYCbCrAModel:
		return 4
	}
	if _, ok := model.(color.Palette); ok {
		return 1
	}
	return 8 // 16-bit RGBA, and anything unknown
}

// Save implements Store. The upload's real type is sniffed from its bytes;
// the name it was declared with is not trusted. Everything that can refuse
// it is read from the header before any pixel is decoded: the size in
// pixels and in decoded bytes, and whether the same bytes were stored
// before. Decoding then waits its turn in the store's pool. The original
// is stored re-encoded and turned upright (EXIF orientation), which drops
// its metadata: camera, time, GPS position.
func (s *DiskStore) Save(ctx context.Context, r io.Reader, declaredName string) (Image, error) {
	data, err := read(r, declaredName)
	if err != nil {
		return Image{}, err
	}
	cfg, orientation, err := inspect(data)
	if err != nil {
		return Image{}, err
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:20])
	w, h := oriented(cfg.Width, cfg.Height, orientation)
	for _, ext := range []string{"jpg", "png"} {
		if _, err := os.Stat(s.path(hash+"-"+ext, SizeLarge)); err == nil {
			// The same bytes were stored before: nothing to decode.
			key := hash + "-" + ext
			return Image{Key: key, Width: w, Height: h, ContentType: contentTypeOf(key)}, nil
		}
	}

	release, err := s.pool.Acquire(ctx)
	if err != nil {
		return Image{}, err
	}
	defer release()
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return Image{}, invalid("media.error.corrupt")
	}
	src = orient(src, orientation)
	ext := "jpg"
	if o, ok := src.(interface{ Opaque() bool }); ok && !o.Opaque() {
		ext = "png"
	}
	key := hash + "-" + ext
	b := src.Bounds()
	img := Image{Key: key, Width: b.Dx(), Height: b.Dy(), ContentType: contentTypeOf(key)}

	if err := s.write(key, SizeOriginal, src); err != nil {
		return Image{}, err
	}
	// Resize the largest size from the original and each smaller one from
	// the one before: far cheaper than a pass over a big original each.
	// The large size is written last: its file says the image is complete
	// (the duplicate check above looks for it).
	var large image.Image
	prev := src
	for _, size := range resizedSizes {
		if err := ctx.Err(); err != nil {
			return Image{}, err
		}
		prev = resize(prev, Widths[size])
		if size == SizeLarge {
			large = prev
			continue
		}
		if err := s.write(key, size, prev); err != nil {
			return Image{}, err
		}
	}
	if err := s.write(key, SizeLarge, large); err != nil {
		return Image{}, err
	}
	return img, nil
}

// read takes an upload into memory, refusing it past MaxBytes (without
// reading further) and when empty.
func read(r io.Reader, declaredName string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("media: read upload %q: %w", declaredName, err)
	}
	if len(data) > MaxBytes {
		e := invalid("media.error.too_large")
		e.Args = map[string]any{"MaxMB": MaxBytes >> 20}
		return nil, e
	}
	if len(data) == 0 {
		return nil, invalid("media.error.empty")
	}
	return data, nil
}

// inspect applies every check that needs no decoding, from the bytes and
// the header: the real type, the size in pixels and in decoded bytes. It
// returns the header and the EXIF orientation.
func inspect(data []byte) (image.Config, int, error) {
	if !accepted[http.DetectContentType(data)] {
		return image.Config{}, 0, invalid("media.error.unsupported_type")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return image.Config{}, 0, invalid("media.error.corrupt")
	}
	pixels := int64(cfg.Width) * int64(cfg.Height)
	if pixels > MaxPixels {
		return image.Config{}, 0, invalid("media.error.too_many_pixels")
	}
	orientation := exifOrientation(data)
	decoded := pixels * bytesPerPixel(cfg.ColorModel)
	if orientation != 1 {
		decoded += pixels * 4 // the upright copy
	}
	if decoded > MaxDecodeBytes {
		return image.Config{}, 0, invalid("media.error.too_heavy")
	}
	return cfg, orientation, nil
}

// Check reads an upload and applies every check Save makes before it
// decodes (size, real type, pixels, decoded memory) without storing
// anything, so a form with several images can refuse them all before it
// stores one. It returns the bytes read, for Save. A refusal is what Save
// would answer.
func Check(r io.Reader, declaredName string) ([]byte, error) {
	data, err := read(r, declaredName)
	if err != nil {
		return nil, err
	}
	if _, _, err := inspect(data); err != nil {
		return nil, err
	}
	return data, nil
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
	// Decoding waits its turn like an upload's.
	release, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
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
