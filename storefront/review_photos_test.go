package storefront_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/reviews"
)

// hugePNGHeader is a PNG of a few bytes whose header declares w×h pixels:
// a decompression bomb for a decoder that trusts it.
func hugePNGHeader(w, h uint32) []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], 13)
	buf.Write(n[:])
	buf.WriteString("IHDR")
	buf.Write(ihdr)
	binary.BigEndian.PutUint32(n[:], crc32.ChecksumIEEE(append([]byte("IHDR"), ihdr...)))
	buf.Write(n[:])
	buf.Write([]byte{0, 0, 0, 0})
	buf.WriteString("IEND\xaeB`\x82")
	return buf.Bytes()
}

func photo(t *testing.T, w, h int) malltest.File {
	return malltest.File{Field: "photos", Name: "kettle.png", Type: "image/png", Data: malltest.PNG(t, w, h)}
}

// TestReviewPhotosThroughTheForm: the buyer attaches a photo; the product
// page shows its thumbnail with renditions, the "with photos" filter
// finds it, an edit removes it while the history keeps it, and bad files
// are refused with their reason, the input kept and nothing stored.
func TestReviewPhotosThroughTheForm(t *testing.T) {
	m := newBuyingMall(t)
	adaAccount := malltest.Account(t, m.app, "ada@example.test", "Ada")
	ada := malltest.SignedIn(t, m.app, adaAccount)
	visitor := m.visitor()
	o := deliveredKettle(t, m, ada, adaAccount.ID)
	line := itoa(o.Lines[0].ID)

	form := ada.Get("/account/reviews/new?line=" + line)
	if form.Attr(`form[data-testid="review-form"]`, "enctype") != "multipart/form-data" || form.Doc.Find(`input[type="file"][name="photos"]`).Length() != 1 {
		t.Fatal("the review form takes no photos")
	}

	big := malltest.File{Field: "photos", Name: "big.png", Type: "image/png", Data: make([]byte, 50_000_000)}
	copy(big.Data, malltest.PNG(t, 10, 10))
	en := func(key string, args ...any) string { return i18n.Translate(i18n.English, key, args...) }
	bad := []struct {
		name string
		file malltest.File
		want string
	}{
		{"50 MB", big, en("media.error.too_large", "MaxMB", 10)},
		{"not an image", malltest.File{Field: "photos", Name: "x.png", Type: "image/png", Data: []byte("MZ\x90\x00 an executable, not a photo")}, en("media.error.unsupported_type")},
		{"decompression bomb", malltest.File{Field: "photos", Name: "bomb.png", Type: "image/png", Data: hugePNGHeader(100000, 100000)}, en("media.error.too_many_pixels")},
	}
	for _, tc := range bad {
		p := ada.PostMultipart("/account/reviews", url.Values{"line": {line}, "rating": {"4"}, "title": {"Kept title"}}, tc.file)
		if p.Status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d", tc.name, p.Status)
		}
		if got := p.Text(`[data-testid="error-photos"]`); got != tc.want {
			t.Errorf("%s: says %q, want %q", tc.name, got, tc.want)
		}
		if p.Attr(`input[name="title"]`, "value") != "Kept title" {
			t.Errorf("%s: the title was not kept", tc.name)
		}
	}
	if _, total, _ := m.app.Reviews.MerchantReviews(t.Context(), m.acme.ID, reviews.Filter{}); total != 0 {
		t.Fatalf("%d reviews stored by refused uploads", total)
	}
	var photoRows int64
	m.db.Raw(`SELECT COUNT(*) FROM review_photos`).Scan(&photoRows)
	if n := photoRows; n != 0 {
		t.Fatalf("%d photos stored by refused uploads", n)
	}

	ok := ada.PostMultipart("/account/reviews", url.Values{"line": {line}, "rating": {"5"}, "body": {"Boils fast."}}, photo(t, 640, 480))
	if ok.Status != http.StatusSeeOther {
		t.Fatalf("publish with a photo: %d %s", ok.Status, ok.Text(`[data-testid="error-photos"]`))
	}
	p := visitor.Get("/s/acme/p/steel-kettle")
	img := p.Doc.Find(`[data-testid="review"] img[data-testid="review-photo"]`)
	if img.Length() != 1 {
		t.Fatalf("%d photos on the product page", img.Length())
	}
	src, set := img.AttrOr("src", ""), img.AttrOr("srcset", "")
	if !strings.HasPrefix(src, "/media/thumb/") || !strings.Contains(set, " 160w") || !strings.Contains(set, "/media/card/") || !strings.Contains(set, " 480w") {
		t.Fatalf("photo src %q srcset %q", src, set)
	}
	if got := visitor.Get(src); got.Status != http.StatusOK {
		t.Fatalf("GET %s = %d", src, got.Status)
	}
	withPhotos := visitor.Get("/s/acme/p/steel-kettle?reviews_photos=1")
	if withPhotos.Doc.Find(`[data-testid="review"]`).Length() != 1 || withPhotos.Doc.Find(`[data-testid="reviews-with-photos"][checked]`).Length() != 1 {
		t.Fatal("the with-photos filter does not find the review")
	}

	// An edit that unticks the photo: gone from the review, kept in its
	// history.
	mine := ada.Get("/account/reviews")
	edit := mine.Attr(`a[data-testid="edit-review"]`, "href")
	ef := ada.Get(edit)
	if ef.Doc.Find(`input[data-testid="review-photo-keep"][checked]`).Length() != 1 {
		t.Fatal("the edit form does not offer to keep the photo")
	}
	if p := ada.PostMultipart(strings.TrimSuffix(edit, "/edit"), url.Values{"rating": {"4"}, "body": {"Boils fast."}}); p.Status != http.StatusSeeOther {
		t.Fatalf("edit: %d", p.Status)
	}
	p = visitor.Get("/s/acme/p/steel-kettle")
	if n := p.Doc.Find(`[data-testid="review"] > [data-testid="review-photos"]`).Length(); n != 0 {
		t.Fatalf("the current version still shows %d photo lists", n)
	}
	if n := p.Doc.Find(`[data-testid="review-history"] img[data-testid="review-photo"]`).Length(); n != 1 {
		t.Fatalf("the history shows %d photos, want 1", n)
	}
	if n := visitor.Get("/s/acme/p/steel-kettle?reviews_photos=1").Doc.Find(`[data-testid="review"]`).Length(); n != 0 {
		t.Fatalf("with photos after removing it: %d", n)
	}
}

// TestHelpfulVotesThroughThePage: "Helpful" is a form that works without
// JavaScript; a guest is sent to sign in, two votes of one account count
// once, one's own review and the shop's staff are refused.
func TestHelpfulVotesThroughThePage(t *testing.T) {
	m := newBuyingMall(t)
	adaAccount := malltest.Account(t, m.app, "ada@example.test", "Ada")
	ada := malltest.SignedIn(t, m.app, adaAccount)
	bo := malltest.SignedIn(t, m.app, malltest.Account(t, m.app, "bo@example.test", "Bo"))
	clerkAccount := malltest.Account(t, m.app, "clerk@example.test", "Clerk")
	if err := m.db.Exec(`INSERT INTO staff_members (merchant_id, account_id, role, created_at) VALUES (?, ?, 'clerk', ?)`,
		m.acme.ID, clerkAccount.ID, time.Now().UTC()).Error; err != nil {
		t.Fatal(err)
	}
	clerk := malltest.SignedIn(t, m.app, clerkAccount)
	o := deliveredKettle(t, m, ada, adaAccount.ID)
	if p := ada.Post("/account/reviews", url.Values{"line": {itoa(o.Lines[0].ID)}, "rating": {"5"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d", p.Status)
	}

	press := func(b *malltest.Browser) *malltest.Page {
		t.Helper()
		page := b.Get("/s/acme/p/steel-kettle")
		f := page.Doc.Find(`form[data-testid="review-helpful"]`)
		if f.Length() != 1 {
			t.Fatal("no Helpful form")
		}
		return b.Post(f.AttrOr("action", ""), url.Values{"back": {f.Find(`input[name="back"]`).AttrOr("value", "")}})
	}
	count := func() string {
		return m.visitor().Get("/s/acme/p/steel-kettle").Attr(`[data-testid="review-helpful-count"]`, "data-count")
	}

	guest := press(m.visitor())
	if guest.Status != http.StatusSeeOther || !strings.HasPrefix(guest.Location, "/account/sign-in?next=") ||
		!strings.Contains(guest.Location, url.QueryEscape("/s/acme/p/steel-kettle")) {
		t.Fatalf("guest: %d %q", guest.Status, guest.Location)
	}
	for i := range 2 {
		p := press(bo)
		if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/s/acme/p/steel-kettle#review-") {
			t.Fatalf("Bo's vote %d: %d %q", i+1, p.Status, p.Location)
		}
	}
	if got := count(); got != "1" {
		t.Fatalf("after two votes by Bo the page counts %q", got)
	}
	if p := press(ada); p.Status != http.StatusForbidden || !strings.Contains(p.Text(`[data-testid="error-message"]`), i18n.Translate(i18n.English, "reviews.error.vote_own")) {
		t.Fatalf("own review: %d %q", p.Status, p.Text(`[data-testid="error-message"]`))
	}
	if p := press(clerk); p.Status != http.StatusForbidden {
		t.Fatalf("staff: %d", p.Status)
	}
	if got := count(); got != "1" {
		t.Fatalf("after refused votes the page counts %q", got)
	}
	if p := m.visitor().Get("/s/acme/p/steel-kettle?reviews_sort=helpful"); p.Attr(`#reviews-sort option[selected]`, "value") != "helpful" {
		t.Fatal("the most-helpful sort is not offered")
	}
}
