package media_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
)

func mustOpenStore(t *testing.T) *media.DiskStore {
	t.Helper()
	s, err := media.NewDiskStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func pngBytes(t *testing.T, w, h int, alpha uint8) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 90, alpha})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSaveStoresEverySize(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t)
	data := pngBytes(t, 2000, 1000, 255)
	img, err := s.Save(ctx, bytes.NewReader(data), "photo.png")
	if err != nil {
		t.Fatal(err)
	}
	if img.Width != 2000 || img.Height != 1000 || img.ContentType != "image/jpeg" {
		t.Errorf("image = %+v", img)
	}
	want := map[string][2]int{
		media.SizeOriginal: {2000, 1000},
		media.SizeXLarge:   {1600, 800},
		media.SizeLarge:    {1200, 600},
		media.SizeMedium:   {800, 400},
		media.SizeCard:     {480, 240},
		media.SizeThumb:    {160, 80},
	}
	for size, wh := range want {
		f, _, ct, err := s.Open(ctx, img.Key, size)
		if err != nil {
			t.Fatalf("open %s: %v", size, err)
		}
		cfg, err := jpeg.DecodeConfig(f)
		f.Close()
		if err != nil || ct != "image/jpeg" || cfg.Width != wh[0] || cfg.Height != wh[1] {
			t.Errorf("%s: %dx%d %s, want %v (%v)", size, cfg.Width, cfg.Height, ct, wh, err)
		}
	}
	if u := media.URL(img.Key, media.SizeCard); u != "/media/card/"+img.Key+".jpg" {
		t.Errorf("URL = %q", u)
	}
	// The same bytes give the same key: URLs are immutable.
	again, err := s.Save(ctx, bytes.NewReader(data), "other-name.png")
	if err != nil || again.Key != img.Key {
		t.Errorf("second save = %+v, %v", again, err)
	}
}

func TestSaveKeepsTransparencyAsPNG(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t)
	img, err := s.Save(ctx, bytes.NewReader(pngBytes(t, 100, 50, 120)), "logo.png")
	if err != nil {
		t.Fatal(err)
	}
	f, _, ct, err := s.Open(ctx, img.Key, media.SizeThumb)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil || ct != "image/png" || cfg.Width != 100 || !strings.HasSuffix(media.URL(img.Key, media.SizeThumb), ".png") {
		t.Errorf("thumb %+v %s %v", cfg, ct, err)
	}
}

// hugePNG is a valid PNG header declaring a 50000×50000 image, with no
// pixel data: a decompression bomb must be refused from the header alone.
func hugePNG() []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 50000)
	binary.BigEndian.PutUint32(ihdr[4:], 50000)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk := append([]byte("IHDR"), ihdr...)
	binary.Write(&buf, binary.BigEndian, uint32(len(ihdr)))
	buf.Write(chunk)
	binary.Write(&buf, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return buf.Bytes()
}

func TestSaveRejects(t *testing.T) {
	tests := []struct {
		name string
		data io.Reader
		key  string
	}{
		{"text renamed .png", strings.NewReader("hello, I am not a picture\n"), "media.error.unsupported_type"},
		{"html", strings.NewReader("<html><script>alert(1)</script></html>"), "media.error.unsupported_type"},
		{"empty", strings.NewReader(""), "media.error.empty"},
		{"huge dimensions", bytes.NewReader(hugePNG()), "media.error.too_many_pixels"},
		{"truncated png", bytes.NewReader(pngBytes(t, 50, 50, 255)[:60]), "media.error.corrupt"},
		{"too large", io.MultiReader(bytes.NewReader(pngBytes(t, 10, 10, 255)), bytes.NewReader(make([]byte, media.MaxBytes))), "media.error.too_large"},
	}
	s := mustOpenStore(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Save(context.Background(), tt.data, "upload.png")
			e := mall.AsError(err)
			if e == nil || e.Code != mall.EInvalid || e.Key != tt.key {
				t.Errorf("err = %v, want %s", err, tt.key)
			}
		})
	}
}

func TestOpenUnknown(t *testing.T) {
	s := mustOpenStore(t)
	for _, c := range [][2]string{
		{"../../etc/passwd", media.SizeOriginal},
		{strings.Repeat("a", 40) + "-jpg", media.SizeOriginal},
		{strings.Repeat("a", 40) + "-jpg", "huge"},
	} {
		if _, _, _, err := s.Open(context.Background(), c[0], c[1]); mall.ErrorCode(err) != mall.ENotFound {
			t.Errorf("open %v: %v", c, err)
		}
	}
	if media.URL("", media.SizeCard) != "" {
		t.Error("URL of no image is not empty")
	}
}

// TestOpenMakesASizeAddedAfterTheUpload: images stored before the 800 and
// 1600 px sizes existed get them from their original on first request.
func TestOpenMakesASizeAddedAfterTheUpload(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := media.NewDiskStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	img, err := s.Save(ctx, bytes.NewReader(pngBytes(t, 1000, 500, 255)), "photo.png")
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []string{media.SizeMedium, media.SizeXLarge} {
		if err := os.Remove(filepath.Join(dir, size, img.Key+".jpg")); err != nil {
			t.Fatal(err)
		}
	}
	for size, width := range map[string]int{media.SizeMedium: 800, media.SizeXLarge: 1000} {
		f, _, _, err := s.Open(ctx, img.Key, size)
		if err != nil {
			t.Fatalf("open %s of an older image: %v", size, err)
		}
		cfg, err := jpeg.DecodeConfig(f)
		f.Close()
		if err != nil || cfg.Width != width {
			t.Errorf("%s: %d px wide (%v), want %d", size, cfg.Width, err, width)
		}
	}
}
