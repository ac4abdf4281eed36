package storefront

import (
	"io"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// reviewInput reads the review form: its fields, the photos attached
// and, on an edit, the current photos ticked to keep.
func reviewInput(c *fiber.Ctx) reviews.Input {
	rating, _ := strconv.Atoi(c.FormValue("rating"))
	in := reviews.Input{
		Rating:       rating,
		Title:        c.FormValue("title"),
		Body:         c.FormValue("body"),
		Incentivized: c.FormValue("incentivized") == "1",
	}
	if form, err := c.MultipartForm(); err == nil {
		for _, fh := range form.File["photos"] {
			if fh.Size == 0 {
				continue // the empty file input of a form sent without one
			}
			in.Photos = append(in.Photos, reviews.PhotoUpload{Name: fh.Filename,
				Open: func() (io.ReadCloser, error) { return fh.Open() }})
		}
		in.Keep = form.Value["keep"]
	}
	return in
}

// formPhotos are the current photos of r for the edit form, ticked when
// keep names them.
func formPhotos(r *reviews.Review, keep []string) []shopview.ReviewPhotoChoice {
	var out []shopview.ReviewPhotoChoice
	for _, p := range r.Photos() {
		out = append(out, shopview.ReviewPhotoChoice{Key: p.ImageKey, Thumb: media.URL(p.ImageKey, media.SizeThumb),
			Keep: slices.Contains(keep, p.ImageKey)})
	}
	return out
}

// reviewFormView is the form for the shopper's line lineID (a new review)
// or review r (an edit), filled with in.
func (h *Handler) reviewFormView(c *fiber.Ctx, lineID int64, r *reviews.Review, in reviews.Input, errs mall.FieldErrors) (shopview.ReviewFormView, error) {
	ctx := web.Ctx(c)
	if r != nil {
		lineID = r.OrderLineID
	}
	l, err := h.Orders.PurchasedLine(ctx, lineID)
	if err != nil {
		return shopview.ReviewFormView{}, err
	}
	m, err := h.Merchants.MerchantByID(ctx, l.MerchantID)
	if err != nil {
		return shopview.ReviewFormView{}, err
	}
	v := shopview.ReviewFormView{
		Head:         templates.Head{Title: i18n.T(ctx, "reviews.form.title"), NoIndex: true},
		Action:       "/account/reviews",
		LineID:       lineID,
		ProductTitle: l.Title, VariantTitle: l.VariantTitle, ShopName: m.Name,
		Rating: in.Rating, Title: in.Title, Body: in.Body, Incentivized: in.Incentivized,
		Errors: errs, MaxPhotos: reviews.MaxPhotos, MaxPhotoMB: media.MaxBytes >> 20,
	}
	if r != nil {
		v.Photos = formPhotos(r, in.Keep)
		v.Head.Title = i18n.T(ctx, "reviews.form.edit_title")
		v.Action = "/account/reviews/" + strconv.FormatInt(r.ID, 10)
		v.LineID = 0
		v.Editing = true
	}
	return v, nil
}

// reviewNew is the form to review one of the shopper's delivered lines;
// a line they may not review answers why.
func (h *Handler) reviewNew(c *fiber.Ctx) error {
	line, err := strconv.ParseInt(c.Query("line"), 10, 64)
	if err != nil {
		return mall.NotFound("order line")
	}
	if err := h.Reviews.Eligible(web.Ctx(c), web.Account(c).ID, line); err != nil {
		return err
	}
	v, err := h.reviewFormView(c, line, nil, reviews.Input{}, nil)
	if err != nil {
		return err
	}
	noStore(c)
	return web.Render(c, fiber.StatusOK, shopview.ReviewForm(v))
}
