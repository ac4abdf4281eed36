package reviews

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
)

// MaxPhotos is how many photos one version of a review may carry.
const MaxPhotos = 5

// Photo is one photo of one version of a review. The image itself is in
// media under its content key, checked, turned upright and stripped of
// its EXIF (camera, time, GPS position) the way product images are.
type Photo struct {
	ID         int64
	MerchantID int64 `json:"-"`
	ReviewID   int64
	Version    int
	Position   int
	ImageKey   string
	Width      int
	Height     int
	CreatedAt  time.Time
}

// TableName is the review_photos table.
func (Photo) TableName() string { return "review_photos" }

// PhotoUpload is one file the reviewer attached: the name it was sent
// with (not trusted) and how to read it.
type PhotoUpload struct {
	Name string
	Open func() (io.ReadCloser, error)
}

// Photos are the photos of the review's current version, in order.
func (r *Review) Photos() []Photo { return r.PhotosOf(r.Version) }

// PhotosOf are the photos version had, in order (the history keeps
// them; AllPhotos must be loaded, as the store's reads do).
func (r *Review) PhotosOf(version int) []Photo {
	var out []Photo
	for _, p := range r.AllPhotos {
		if p.Version == version {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b Photo) int { return a.Position - b.Position })
	return out
}

func errPhotos(key string) error {
	fe := mall.FieldErrors{}
	fe.Add("photos", key)
	return fe.Err()
}

// storePhotos checks and stores the attached files through media, in
// order. Every file is first put through media.Check (size, real type,
// pixels, decoded memory: the product images' checks), so one refused
// file (too large, not an image, a decompression bomb) refuses the whole
// review, with media's reason on the photos field, before any is stored.
// Save then decodes each through media's bounded pool, turns it upright
// and re-encodes it, which drops its EXIF (camera, time, GPS position).
func (s *Store) storePhotos(ctx context.Context, uploads []PhotoUpload) ([]media.Image, error) {
	if len(uploads) == 0 {
		return nil, nil
	}
	if s.opts.Media == nil {
		return nil, errPhotos("reviews.error.photos_unavailable")
	}
	checked := make([][]byte, 0, len(uploads))
	for _, u := range uploads {
		data, err := checkPhoto(u)
		if err != nil {
			return nil, err
		}
		checked = append(checked, data)
	}
	out := make([]media.Image, 0, len(uploads))
	for i, data := range checked {
		img, err := s.opts.Media.Save(ctx, bytes.NewReader(data), uploads[i].Name)
		if err != nil {
			return nil, photoError(err)
		}
		out = append(out, img)
	}
	return out, nil
}

func checkPhoto(u PhotoUpload) ([]byte, error) {
	f, err := u.Open()
	if err != nil {
		return nil, fmt.Errorf("reviews: open photo %q: %w", u.Name, err)
	}
	defer f.Close()
	data, err := media.Check(f, u.Name)
	if err != nil {
		return nil, photoError(err)
	}
	return data, nil
}

// photoError puts media's refusal of a photo on the form's photos field.
func photoError(err error) error {
	if e := mall.AsError(err); e != nil && e.Code == mall.EInvalid {
		fe := *e
		fe.Field = "photos"
		return &mall.ValidationError{Fields: mall.FieldErrors{"photos": &fe}}
	}
	return err
}

// photoSet is the photos of a new version: those kept from the current
// one (keep, in the current order; keys it does not have are ignored)
// then the new ones.
func photoSet(r *Review, version int, keep []string, added []media.Image, now time.Time) []Photo {
	var out []Photo
	add := func(key string, w, h int) {
		out = append(out, Photo{MerchantID: r.MerchantID, ReviewID: r.ID, Version: version, Position: len(out),
			ImageKey: key, Width: w, Height: h, CreatedAt: now})
	}
	for _, p := range r.Photos() {
		if slices.Contains(keep, p.ImageKey) {
			add(p.ImageKey, p.Width, p.Height)
		}
	}
	for _, img := range added {
		add(img.Key, img.Width, img.Height)
	}
	return out
}

// writePhotos keeps the photos of r's current version.
func writePhotos(tx *gorm.DB, r *Review, photos []Photo) error {
	if len(photos) == 0 {
		return nil
	}
	for i := range photos {
		photos[i].ReviewID = r.ID
	}
	if err := tx.Create(&photos).Error; err != nil {
		return fmt.Errorf("reviews: keep photos of version %d of review %d: %w", r.Version, r.ID, err)
	}
	return nil
}

// photoKeys are the image keys of the photos version of a review had,
// in order: what the log's content hash covers.
func photoKeys(tx *gorm.DB, reviewID int64, version int) ([]string, error) {
	var keys []string
	err := tx.Model(&Photo{}).Where("review_id = ? AND version = ?", reviewID, version).
		Order("position").Pluck("image_key", &keys).Error
	if err != nil {
		return nil, fmt.Errorf("reviews: photos of review %d: %w", reviewID, err)
	}
	return keys, nil
}

// currentPhotoKeys are the current photos' keys of each review in list,
// by review.
func currentPhotoKeys(tx *gorm.DB, list []Review) (map[int64][]string, error) {
	out := map[int64][]string{}
	ids := make([]int64, 0, len(list))
	version := map[int64]int{}
	for _, r := range list {
		ids = append(ids, r.ID)
		version[r.ID] = r.Version
	}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Photo
	if err := tx.Where("review_id IN ?", ids).Order("review_id, version, position").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("reviews: photos of reviews: %w", err)
	}
	for _, p := range rows {
		if version[p.ReviewID] == p.Version {
			out[p.ReviewID] = append(out[p.ReviewID], p.ImageKey)
		}
	}
	return out, nil
}

// samePhotos reports whether two versions show the same photos in the
// same order.
func samePhotos(a, b []Photo) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ImageKey != b[i].ImageKey {
			return false
		}
	}
	return true
}
