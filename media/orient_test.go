package media_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/mall-project/mall/media"
)

// exifSegment is an APP1 block as a phone writes it: the camera's make,
// the orientation, and a GPS position.
func exifSegment(orientation int) []byte {
	var t bytes.Buffer
	be := binary.BigEndian
	t.WriteString("MM\x00\x2a")
	binary.Write(&t, be, uint32(8))
	maker := "PhoneCo Secret\x00"
	// IFD0 at 8: three entries, then no next IFD; the GPS IFD at 50, the
	// make's text at 68.
	binary.Write(&t, be, uint16(3))
	entry := func(tag, typ uint16, count, value uint32) {
		binary.Write(&t, be, tag)
		binary.Write(&t, be, typ)
		binary.Write(&t, be, count)
		binary.Write(&t, be, value)
	}
	entry(0x010F, 2, uint32(len(maker)), 68)     // Make, ASCII
	entry(0x0112, 3, 1, uint32(orientation)<<16) // Orientation, SHORT
	entry(0x8825, 4, 1, 50)                      // GPS IFD
	binary.Write(&t, be, uint32(0))              // no IFD1
	binary.Write(&t, be, uint16(1))              // GPS IFD: one entry
	entry(0x0001, 2, 2, uint32('N')<<24)         // GPSLatitudeRef "N"
	binary.Write(&t, be, uint32(0))
	t.WriteString(maker)
	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	be.PutUint16(seg[2:], uint16(len(payload)+2))
	return append(seg, payload...)
}

// quadrants is the picture as it should be seen, 64×32: red, green on
// top; blue, white below.
var quadrants = [4]color.RGBA{{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 255}}

func seen(x, y, w, h int) color.RGBA {
	i := 0
	if x >= w/2 {
		i++
	}
	if y >= h/2 {
		i += 2
	}
	return quadrants[i]
}

// phoneJPEG is the picture stored the way a camera held at orientation o
// stores it, with that orientation in its EXIF. Where each stored pixel
// is seen follows the EXIF specification's words for o: where the stored
// row 0 and column 0 appear.
func phoneJPEG(t *testing.T, o int) []byte {
	t.Helper()
	const wd, hd = 64, 32 // as seen
	ws, hs := wd, hd
	if o >= 5 {
		ws, hs = hd, wd
	}
	stored := image.NewRGBA(image.Rect(0, 0, ws, hs))
	for sy := range hs {
		for sx := range ws {
			var x, y int
			switch o {
			case 1: // row 0 top, column 0 left
				x, y = sx, sy
			case 2: // row 0 top, column 0 right
				x, y = wd-1-sx, sy
			case 3: // row 0 bottom, column 0 right
				x, y = wd-1-sx, hd-1-sy
			case 4: // row 0 bottom, column 0 left
				x, y = sx, hd-1-sy
			case 5: // row 0 left, column 0 top
				x, y = sy, sx
			case 6: // row 0 right, column 0 top
				x, y = wd-1-sy, sx
			case 7: // row 0 right, column 0 bottom
				x, y = wd-1-sy, hd-1-sx
			case 8: // row 0 left, column 0 bottom
				x, y = sy, hd-1-sx
			}
			stored.SetRGBA(sx, sy, seen(x, y, wd, hd))
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, stored, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	return append(append(append([]byte{}, b[:2]...), exifSegment(o)...), b[2:]...)
}

func near(a, b color.Color) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(p, q uint32) bool { return p>>8 > q>>8+40 || q>>8 > p>>8+40 }
	return !d(r1, r2) && !d(g1, g2) && !d(b1, b2)
}

// A phone photo keeps the orientation it was taken in: it is stored
// upright in every size, and none of its EXIF (camera, GPS position) is
// kept in any stored file.
func TestPhonePhotosAreStoredUprightWithoutTheirEXIF(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := media.NewDiskStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	for o := 1; o <= 8; o++ {
		data := phoneJPEG(t, o)
		if !bytes.Contains(data, []byte("PhoneCo Secret")) {
			t.Fatal("the test photo carries no EXIF")
		}
		img, err := s.Save(ctx, bytes.NewReader(data), "IMG_0001.JPG")
		if err != nil {
			t.Fatalf("orientation %d: %v", o, err)
		}
		if img.Width != 64 || img.Height != 32 {
			t.Errorf("orientation %d: saved as %dx%d, want 64x32", o, img.Width, img.Height)
		}
		f, _, _, err := s.Open(ctx, img.Key, media.SizeOriginal)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(f)
		f.Close()
		got, err := jpeg.Decode(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if b := got.Bounds(); b.Dx() != 64 || b.Dy() != 32 {
			t.Fatalf("orientation %d: stored %v, want 64x32", o, b)
		}
		for _, p := range [][2]int{{16, 8}, {48, 8}, {16, 24}, {48, 24}} {
			if c, want := got.At(p[0], p[1]), seen(p[0], p[1], 64, 32); !near(c, want) {
				t.Errorf("orientation %d: pixel %v is %v, want %v", o, p, c, want)
			}
		}
	}
	// Nothing of the EXIF is on disk, in any size.
	err = filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, secret := range []string{"Exif", "PhoneCo", "MM\x00\x2a"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s keeps %q", path, secret)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
