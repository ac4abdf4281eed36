package storefront_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

func jpegPhoto(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, 10, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	// An EXIF block (APP1) right after SOI, as a phone writes one.
	exif := append([]byte{0xFF, 0xE1, 0x00, 0x10}, []byte("Exif\x00\x00GPS-HERE")...)
	data := b.Bytes()
	return append(append([]byte{0xFF, 0xD8}, exif...), data[2:]...)
}

func cases(t *testing.T, m *buyingMall) []reviews.RewardCase {
	t.Helper()
	open, _, err := m.app.Reviews.RewardCasesAcrossMall(t.Context(), 50)
	if err != nil {
		t.Fatal(err)
	}
	return open
}

// TestShopperReportsARewardOffer: the buyer reports from the order page,
// with text and a photo that is stored without its EXIF data; bad input
// (no order, someone else's order, an unpaid one, no text, a file that
// is not an image, one too large) files nothing, with the reason beside
// the field; a guest reports through the signed order link only.
func TestShopperReportsARewardOffer(t *testing.T) {
	m := newBuyingMall(t)
	adaAccount := malltest.Account(t, m.app, "ada@example.test", "Ada")
	ada := malltest.SignedIn(t, m.app, adaAccount)
	bo := malltest.SignedIn(t, m.app, malltest.Account(t, m.app, "bo@example.test", "Bo"))
	o := deliveredKettle(t, m, ada, adaAccount.ID)
	form := "/account/orders/" + itoa(o.ID) + "/reward-report"

	if href := ada.Get("/account/orders/"+itoa(o.ID)).Attr(`[data-testid="reward-report-link"]`, "href"); href != form {
		t.Fatalf("order page links %q", href)
	}
	text := url.Values{"body": {"A card in the parcel offered 5 dollars back for a 5-star review."}}
	photo := jpegPhoto(t)

	add(t, ada, "/s/acme/p/steel-kettle", 1)
	checkOut(t, ada, "ada@example.test")
	list, _, _ := m.app.Orders.OrdersOfAccount(t.Context(), adaAccount.ID, 1, 10)
	var unpaid int64
	for _, x := range list {
		if x.PaidAt == nil {
			unpaid = x.ID
		}
	}
	notFound := []struct {
		name string
		b    *malltest.Browser
		path string
	}{
		{"no such order", ada, "/account/orders/999999/reward-report"},
		{"someone else's order", bo, form},
		{"an unpaid order", ada, "/account/orders/" + itoa(unpaid) + "/reward-report"},
	}
	for _, tc := range notFound {
		if p := tc.b.Get(tc.path); p.Status != http.StatusNotFound {
			t.Errorf("GET %s: %d", tc.name, p.Status)
		}
		if p := tc.b.PostMultipart(tc.path, text, malltest.File{Field: "photo", Name: "card.jpg", Type: "image/jpeg", Data: photo}); p.Status != http.StatusNotFound {
			t.Errorf("POST %s: %d", tc.name, p.Status)
		}
	}
	invalid := []struct {
		name  string
		form  url.Values
		files []malltest.File
		field string
	}{
		{"no text", url.Values{"body": {" "}}, nil, "field-body-error"},
		{"not an image", text, []malltest.File{{Field: "photo", Name: "card.jpg", Type: "image/jpeg", Data: []byte("%PDF-1.4 not a photo")}}, "photo-error"},
		{"too large", text, []malltest.File{{Field: "photo", Name: "card.jpg", Type: "image/jpeg", Data: append(photo, bytes.Repeat([]byte{0}, media.MaxBytes)...)}}, "photo-error"},
	}
	ada.Get(form)
	for _, tc := range invalid {
		p := ada.PostMultipart(form, tc.form, tc.files...)
		if p.Status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d", tc.name, p.Status)
			continue
		}
		if p.Doc.Find(`#`+tc.field+`, [data-testid="`+tc.field+`"]`).Length() != 1 {
			t.Errorf("%s: no error beside the field", tc.name)
		}
		if tc.name != "no text" && !strings.Contains(p.Doc.Find(`textarea[name="body"]`).Text(), "5 dollars back") {
			t.Errorf("%s: the text was not kept", tc.name)
		}
	}
	if n := len(cases(t, m)); n != 0 {
		t.Fatalf("%d cases filed by bad reports", n)
	}

	p := ada.PostMultipart(form, text, malltest.File{Field: "photo", Name: "card.jpg", Type: "image/jpeg", Data: photo})
	if p.Status != http.StatusSeeOther || p.Location != "/account/orders/"+itoa(o.ID) {
		t.Fatalf("report: %d %q", p.Status, p.Location)
	}
	got := cases(t, m)
	if len(got) != 1 || got[0].MerchantID != m.acme.ID || got[0].OrderID != o.ID || got[0].PhotoKey == "" || got[0].AccountID == nil {
		t.Fatalf("cases %+v", got)
	}
	stored := m.get(media.URL(got[0].PhotoKey, media.SizeOriginal))
	if stored.Status != http.StatusOK || strings.Contains(stored.Body, "GPS-HERE") {
		t.Errorf("stored photo: %d, EXIF kept %v", stored.Status, strings.Contains(stored.Body, "GPS-HERE"))
	}

	// A guest: only with the order's signed link.
	guest := m.visitor()
	add(t, guest, "/s/acme/p/steel-kettle", 1)
	confirmation := checkOut(t, guest, "guest@example.test")
	co, err := m.app.Orders.CheckoutByPublicID(t.Context(), strings.TrimPrefix(confirmation, "/checkout/"))
	if err != nil {
		t.Fatal(err)
	}
	gid := co.Orders[0].ID
	if err := m.app.Orders.ConfirmOfflinePayment(t.Context(), m.acme.ID, gid, orders.Actor{Kind: orders.ActorStaff}); err != nil {
		t.Fatal(err)
	}
	link := guest.Get(confirmation).Attr(`[data-testid="reward-report-link"]`, "href")
	if !strings.HasPrefix(link, "/reviews/reward-report/"+itoa(gid)+"?") || !strings.Contains(link, "sig=") {
		t.Fatalf("guest link %q", link)
	}
	stranger := m.visitor()
	forged := "/reviews/reward-report/" + itoa(gid) + "?checkout=" + co.PublicID + "&sig=00"
	if p := stranger.Get(forged); p.Status != http.StatusNotFound {
		t.Errorf("forged link: %d", p.Status)
	}
	if p := stranger.Get(strings.Replace(link, itoa(gid), itoa(o.ID), 1)); p.Status != http.StatusNotFound {
		t.Errorf("another checkout's order through this link: %d", p.Status)
	}
	if p := stranger.Get(link); p.Status != http.StatusOK {
		t.Fatalf("signed link: %d", p.Status)
	}
	if p := stranger.PostMultipart(link, text); p.Status != http.StatusSeeOther {
		t.Fatalf("guest report: %d", p.Status)
	}
	if got := cases(t, m); len(got) != 2 || got[1].AccountID != nil || got[1].OrderID != gid {
		t.Errorf("cases after the guest's %+v", got)
	}
}

// TestCheckoutKeepsTheDeviceCookieHashed: the first visit sets a
// long-lived HttpOnly device cookie; the checkout stores it hashed, with
// the hashed network of the client's address.
func TestCheckoutKeepsTheDeviceCookieHashed(t *testing.T) {
	m := newBuyingMall(t)
	v := m.visitor()
	p := v.Get("/")
	var device string
	for _, sc := range p.Header.Values("Set-Cookie") {
		if strings.HasPrefix(sc, "mall_device=") {
			device = strings.TrimPrefix(strings.SplitN(sc, ";", 2)[0], "mall_device=")
			if !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "expires=") {
				t.Errorf("device cookie %q", sc)
			}
		}
	}
	if len(device) < 20 {
		t.Fatalf("no device cookie on the first visit: %v", p.Header.Values("Set-Cookie"))
	}
	again := v.Get("/")
	for _, sc := range again.Header.Values("Set-Cookie") {
		if strings.HasPrefix(sc, "mall_device=") {
			t.Error("the device cookie is set again on the next visit")
		}
	}
	add(t, v, "/s/acme/p/steel-kettle", 1)
	confirmation := checkOut(t, v, "dev@example.test")
	co, err := m.app.Orders.CheckoutByPublicID(t.Context(), strings.TrimPrefix(confirmation, "/checkout/"))
	if err != nil {
		t.Fatal(err)
	}
	if co.DeviceHash == "" || strings.Contains(co.DeviceHash, device) || co.NetworkHash == "" {
		t.Errorf("checkout keeps device %q network %q", co.DeviceHash, co.NetworkHash)
	}
}
