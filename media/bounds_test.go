package media_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
)

// pngChunk writes one PNG chunk with its CRC.
func pngChunk(buf *bytes.Buffer, kind string, data []byte) {
	binary.Write(buf, binary.BigEndian, uint32(len(data)))
	body := append([]byte(kind), data...)
	buf.Write(body)
	binary.Write(buf, binary.BigEndian, crc32.ChecksumIEEE(body))
}

// sixteenBitPNG is a real, complete 16-bit RGBA PNG of w×h black pixels,
// written row by row so the test never holds the decoded image: a few
// hundred KB on disk, w × h × 8 bytes once decoded.
func sixteenBitPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 16, 6 // 16 bits per sample, RGBA
	pngChunk(&buf, "IHDR", ihdr)
	var idat bytes.Buffer
	z, _ := zlib.NewWriterLevel(&idat, zlib.BestCompression)
	row := make([]byte, 1+w*8) // filter byte 0, then the pixels
	for range h {
		if _, err := z.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	pngChunk(&buf, "IDAT", idat.Bytes())
	pngChunk(&buf, "IEND", nil)
	return buf.Bytes()
}

// allocated is how many bytes fn allocated.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// The image that took 600 MB and seconds to decode: 6324×6324 pixels
// (under the 40-megapixel bound) of 16-bit colour, a few hundred KB on
// disk. It is refused from its header, before any pixel is decoded.
func TestSixteenBitBombIsRefusedBeforeDecoding(t *testing.T) {
	s := mustOpenStore(t)
	data := sixteenBitPNG(t, 6324, 6324)
	if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err != nil || cfg.ColorModel != color.NRGBA64Model {
		t.Fatalf("the test image is not a 16-bit PNG: %v", err)
	}
	var err error
	start := time.Now()
	n := allocated(func() { _, err = s.Save(context.Background(), bytes.NewReader(data), "bomb.png") })
	if e := mall.AsError(err); e == nil || e.Code != mall.EInvalid || e.Key != "media.error.too_heavy" {
		t.Fatalf("err = %v, want media.error.too_heavy", err)
	}
	t.Logf("%d KB on disk, 320 MB decoded: refused in %v with %d KB allocated", len(data)>>10, time.Since(start), n>>10)
	if n > 8<<20 {
		t.Fatalf("refusing it allocated %d MB: it was decoded", n>>20)
	}
}

// An image whose bytes were stored before comes back without being
// decoded again.
func TestDuplicateIsFoundBeforeDecoding(t *testing.T) {
	s := mustOpenStore(t)
	img := image.NewNRGBA(image.Rect(0, 0, 3000, 2000))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	first, err := s.Save(context.Background(), bytes.NewReader(data), "white.png")
	if err != nil {
		t.Fatal(err)
	}
	var again media.Image
	n := allocated(func() { again, err = s.Save(context.Background(), bytes.NewReader(data), "white-again.png") })
	if err != nil || again != first {
		t.Fatalf("second save = %+v, %v; want %+v", again, err, first)
	}
	if n > 4<<20 {
		t.Fatalf("the second save allocated %d MB (24 MB decoded): it was decoded again", n>>20)
	}
}

// At most the pool's size of images are decoded at once; an upload that
// gets no turn in time is told to try again, and nothing is stored.
func TestImagesAreDecodedThroughABoundedPool(t *testing.T) {
	ctx := context.Background()
	pool := media.NewPool(2, time.Minute)
	var now, most atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := pool.Acquire(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			n := now.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(10 * time.Millisecond)
			now.Add(-1)
			release()
		}()
	}
	wg.Wait()
	if most.Load() != 2 {
		t.Fatalf("%d at once, want 2", most.Load())
	}

	busy := media.NewPool(1, 50*time.Millisecond)
	dir := t.TempDir()
	s, err := media.NewDiskStoreWithPool(dir, busy)
	if err != nil {
		t.Fatal(err)
	}
	release, err := busy.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	data := pngBytes(t, 40, 30, 255)
	_, err = s.Save(ctx, bytes.NewReader(data), "waits.png")
	if e := mall.AsError(err); e == nil || e.Code != mall.EUnavailable || e.Key != "media.error.busy" {
		t.Fatalf("save while the pool is full: %v, want media.error.busy", err)
	}
	release()
	img, err := s.Save(ctx, bytes.NewReader(data), "waits.png")
	if err != nil {
		t.Fatalf("save once a turn is free: %v", err)
	}
	if _, _, _, err := s.Open(ctx, img.Key, media.SizeThumb); err != nil {
		t.Fatal(err)
	}
}
