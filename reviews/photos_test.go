package reviews_test

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

// phonePhoto is a w×h JPEG of colour c carrying an EXIF segment with a
// GPS position in it, as a phone writes one.
func phonePhoto(t testing.TB, w, h int, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	exif := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08GPSLatitude 22.2783N GPSLongitude 114.1747E")
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(exif)+2))
	seg = append(seg, exif...)
	data := buf.Bytes()
	return append(append(append([]byte{}, data[:2]...), seg...), data[2:]...)
}

// bombPNG is a small PNG whose header declares w×h pixels of 16-bit RGBA:
// decoded, it would take w*h*8 bytes.
func bombPNG(w, h uint32) []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(data)))
		buf.Write(n[:])
		buf.WriteString(kind)
		buf.Write(data)
		crc := crc32.NewIEEE()
		crc.Write([]byte(kind))
		crc.Write(data)
		binary.BigEndian.PutUint32(n[:], crc.Sum32())
		buf.Write(n[:])
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 16, 6 // 16-bit RGBA
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 1<<16))
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return buf.Bytes()
}

func upload(name string, data []byte) reviews.PhotoUpload {
	return reviews.PhotoUpload{Name: name, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

func keys(ps []reviews.Photo) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ImageKey)
	}
	return out
}

// storedFiles counts the files media wrote under its directory.
func (f *fixture) storedFiles() int {
	f.t.Helper()
	n := 0
	err := filepath.WalkDir(f.mediaDir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

var (
	red   = color.RGBA{200, 30, 30, 255}
	green = color.RGBA{30, 200, 30, 255}
	blue  = color.RGBA{30, 30, 200, 255}
)

// TestPhotosBelongToTheVersion: photos are stored upright without their
// EXIF, an edit can drop one and add another, the history keeps what each
// version had, the "with photos" filter finds the review, and the log's
// content hash covers the photos, so a photo swapped in the database is
// caught by the verifier.
func TestPhotosBelongToTheVersion(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	product, v := f.product(shop, "Tee", 0, 2000)
	buyer := f.account("buyer@example.test")
	plain := f.account("plain@example.test")

	// A review without photos hashes as reviews always did: the leaves
	// written before photos existed still verify.
	pr, err := f.reviews.Submit(ctx, plain, f.order(plain, v[0], 1, orders.StatusDelivered).Lines[0].ID, reviews.Input{Rating: 3, Title: "Fine", Body: "ok"})
	if err != nil {
		t.Fatal(err)
	}
	old := sha256.Sum256([]byte("mall-review-content\x00Fine\x00ok\x000"))
	var leaf string
	f.db.Raw(`SELECT data FROM review_log_leaves WHERE review_id = ?`, pr.ID).Scan(&leaf)
	if !strings.Contains(leaf, `"content":"`+hex.EncodeToString(old[:])+`"`) {
		t.Fatalf("a review without photos has a new content hash: %s", leaf)
	}

	line := f.order(buyer, v[0], 1, orders.StatusDelivered).Lines[0].ID
	in := good()
	in.Photos = []reviews.PhotoUpload{upload("a.jpg", phonePhoto(t, 640, 480, red)), upload("b.jpg", phonePhoto(t, 300, 200, green))}
	r, err := f.reviews.Submit(ctx, buyer, line, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := f.reviews.ReviewOfAccount(ctx, buyer, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	first := keys(got.Photos())
	if len(first) != 2 || got.PhotoCount != 2 || got.Photos()[0].Width != 640 {
		t.Fatalf("photos of version 1: %+v", got.Photos())
	}
	// Stored re-encoded: the GPS position is gone from every size.
	for _, size := range []string{media.SizeOriginal, media.SizeThumb, media.SizeCard} {
		rc, _, _, err := f.media.Open(ctx, first[0], size)
		if err != nil {
			t.Fatalf("open %s: %v", size, err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(data, []byte("Exif")) || bytes.Contains(data, []byte("GPS")) {
			t.Fatalf("the %s photo kept its EXIF", size)
		}
	}
	content := reviews.ContentHash(in.Title, in.Body, false, first...)
	if content == reviews.ContentHash(in.Title, in.Body, false) {
		t.Fatal("the content hash ignores the photos")
	}
	f.db.Raw(`SELECT data FROM review_log_leaves WHERE review_id = ? ORDER BY idx DESC LIMIT 1`, r.ID).Scan(&leaf)
	if !strings.Contains(leaf, content) {
		t.Fatalf("the leaf does not carry the photos' hash: %s", leaf)
	}

	// Edit: drop the second photo, add a third.
	edit := good()
	edit.Keep = []string{first[0]}
	edit.Photos = []reviews.PhotoUpload{upload("c.jpg", phonePhoto(t, 200, 200, blue))}
	if _, err := f.reviews.Edit(ctx, buyer, r.ID, edit); err != nil {
		t.Fatal(err)
	}
	got, _ = f.reviews.ReviewOfAccount(ctx, buyer, r.ID)
	second := keys(got.Photos())
	if got.Version != 2 || len(second) != 2 || second[0] != first[0] || second[1] == first[1] {
		t.Fatalf("photos of version 2: %v (version 1 had %v)", second, first)
	}
	if h := keys(got.PhotosOf(1)); fmt.Sprint(h) != fmt.Sprint(first) {
		t.Fatalf("history of version 1: %v, want %v", h, first)
	}
	// Only photos changed: still a new version.
	edit = good()
	edit.Keep = second[1:]
	if _, err := f.reviews.Edit(ctx, buyer, r.ID, edit); err != nil {
		t.Fatal(err)
	}
	got, _ = f.reviews.ReviewOfAccount(ctx, buyer, r.ID)
	if got.Version != 3 || got.PhotoCount != 1 || keys(got.Photos())[0] != second[1] {
		t.Fatalf("version 3: %d with %v", got.Version, keys(got.Photos()))
	}

	list, total, err := f.reviews.ProductReviews(ctx, shop, product, reviews.Filter{WithPhotos: true})
	if err != nil || total != 1 || list[0].ID != r.ID {
		t.Fatalf("with photos: %d %v", total, err)
	}
	if _, total, _ := f.reviews.ProductReviews(ctx, shop, product, reviews.Filter{}); total != 2 {
		t.Fatalf("all reviews: %d", total)
	}
	if res := f.verify(nil); !res.OK() {
		t.Fatalf("verify: %v", res.Problems)
	}

	// A photo swapped in the database is a change of content.
	f.db.Exec(`UPDATE review_photos SET image_key = ? WHERE review_id = ? AND version = 3`, first[1], r.ID)
	if res := f.verify(nil); res.OK() || !has(res.Problems, fmt.Sprintf("review %d:", r.ID)) {
		t.Fatalf("swapped photo: %v", res.Problems)
	}
}

// TestBadPhotosAreRefusedAndNothingStored: a 50 MB upload, a file that is
// no image, a decompression bomb and a sixth photo are each refused with
// their reason on the photos field; no review, no photo row and no file is
// left behind.
func TestBadPhotosAreRefusedAndNothingStored(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	buyer := f.account("buyer@example.test")
	line := f.order(buyer, v[0], 1, orders.StatusDelivered).Lines[0].ID
	big := make([]byte, 50<<20)
	copy(big, phonePhoto(t, 10, 10, red))

	six := make([]reviews.PhotoUpload, 6)
	for i := range six {
		six[i] = upload("p.jpg", phonePhoto(t, 10+i, 10, red))
	}
	cases := []struct {
		name   string
		photos []reviews.PhotoUpload
		key    string
	}{
		{"50 MB", []reviews.PhotoUpload{upload("big.jpg", big)}, "media.error.too_large"},
		{"not an image", []reviews.PhotoUpload{upload("notes.jpg", []byte("%PDF-1.7 this is a document, not a photo"))}, "media.error.unsupported_type"},
		{"decompression bomb (pixels)", []reviews.PhotoUpload{upload("bomb.png", bombPNG(60000, 60000))}, "media.error.too_many_pixels"},
		{"decompression bomb (memory)", []reviews.PhotoUpload{upload("bomb16.png", bombPNG(6000, 5000))}, "media.error.too_heavy"},
		{"a good photo then a bad one", []reviews.PhotoUpload{upload("ok.jpg", phonePhoto(t, 20, 20, green)), upload("bad.png", bombPNG(60000, 60000))}, "media.error.too_many_pixels"},
		{"six photos", six, "reviews.error.too_many_photos"},
	}
	for _, tc := range cases {
		before := f.storedFiles()
		in := good()
		in.Photos = tc.photos
		_, err := f.reviews.Submit(ctx, buyer, line, in)
		if key(err) != tc.key {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.key)
		}
		if _, ok := mall.Fields(err)["photos"]; !ok {
			t.Errorf("%s: the error is not on the photos field: %v", tc.name, err)
		}
		if n := f.count("reviews", ""); n != 0 {
			t.Fatalf("%s: %d reviews stored", tc.name, n)
		}
		if n := f.count("review_photos", ""); n != 0 {
			t.Fatalf("%s: %d photo rows stored", tc.name, n)
		}
		if f.storedFiles() != before {
			t.Errorf("%s: media wrote %d files", tc.name, f.storedFiles()-before)
		}
	}
	if n := f.count("review_log_leaves", ""); n != 0 {
		t.Fatalf("%d leaves logged", n)
	}
}
