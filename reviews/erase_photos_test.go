package reviews_test

import (
	"testing"

	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

// TestErasureDeletesThePhotos: erasing a review takes the photos of every
// version with the text: their rows and their files are gone, a file that
// another review also shows stays, and the log still verifies.
func TestErasureDeletesThePhotos(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	buyer := f.account("buyer@example.test")
	other := f.account("other@example.test")

	shared := phonePhoto(t, 120, 90, blue)
	in := good()
	in.Photos = []reviews.PhotoUpload{upload("a.jpg", phonePhoto(t, 200, 100, red)), upload("shared.jpg", shared)}
	r, err := f.reviews.Submit(ctx, buyer, f.order(buyer, v[0], 1, orders.StatusDelivered).Lines[0].ID, in)
	if err != nil {
		t.Fatal(err)
	}
	edit := good()
	edit.Rating = 2
	edit.Photos = []reviews.PhotoUpload{upload("c.jpg", phonePhoto(t, 150, 150, green))}
	if _, err := f.reviews.Edit(ctx, buyer, r.ID, edit); err != nil {
		t.Fatal(err)
	}
	otherIn := good()
	otherIn.Photos = []reviews.PhotoUpload{upload("same.jpg", shared)}
	if _, err := f.reviews.Submit(ctx, other, f.order(other, v[0], 1, orders.StatusDelivered).Lines[0].ID, otherIn); err != nil {
		t.Fatal(err)
	}
	filesBefore := f.storedFiles()
	if n := f.count("review_photos", "review_id = ?", r.ID); n == 0 {
		t.Fatal("the review has no photos to erase")
	}

	if err := f.reviews.EraseOwn(ctx, buyer, r.ID); err != nil {
		t.Fatal(err)
	}
	if n := f.count("review_photos", "review_id = ?", r.ID); n != 0 {
		t.Fatalf("%d photo rows of the erased review are left", n)
	}
	if n := f.count("reviews", "id = ? AND photo_count = 0", r.ID); n != 1 {
		t.Fatal("the erased review still counts photos")
	}
	// Two of its three distinct files go; the one the other review shows stays.
	gone := filesBefore - f.storedFiles()
	if gone <= 0 {
		t.Fatalf("no photo file was deleted (%d before, %d after)", filesBefore, f.storedFiles())
	}
	if n := f.count("review_photos", "image_key IN (SELECT image_key FROM review_photos WHERE review_id <> ?)", r.ID); n != 1 {
		t.Fatalf("the other review's photo rows: %d", n)
	}
	var key string
	f.db.Raw(`SELECT image_key FROM review_photos WHERE review_id <> ?`, r.ID).Scan(&key)
	if rc, _, _, err := f.media.Open(ctx, key, "original"); err != nil {
		t.Fatalf("the photo another review shows was deleted: %v", err)
	} else {
		rc.Close()
	}
	if res := f.verify(nil); !res.OK() {
		t.Fatalf("the log does not verify after erasing photos: %+v", res)
	}
}
