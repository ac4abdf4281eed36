package admin

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// maxVariantRows bounds the variants table, however many rows are posted.
const maxVariantRows = 100

// emptyVariantRows is how many blank rows the editor offers for new
// variants, and how many "add more rows" adds.
const emptyVariantRows = 2

// productForm reads the product editor's fields as typed, for showing them
// again, and what of them is valid, for the catalog. rows maps each
// variant of the input back to its row of the table (blank rows are
// skipped), so the catalog's errors land beside the right row.
func (h *Handler) productForm(c *fiber.Ctx, v *adminview.ProductFormView) (in catalog.ProductInput, rows []int, errs mall.FieldErrors) {
	errs = mall.FieldErrors{}
	v.Title = strings.TrimSpace(c.FormValue("title"))
	v.Slug = strings.ToLower(strings.TrimSpace(c.FormValue("slug")))
	v.Description = c.FormValue("description")
	v.Status = c.FormValue("status")
	v.Tags = c.FormValue("tags")
	v.Featured = c.FormValue("featured") != ""
	v.ImageAlt = c.FormValue("image_alt")
	for j := range adminview.MaxOptions {
		v.OptionNames[j] = strings.TrimSpace(c.FormValue(adminview.OptionNameField(j)))
		v.OptionValues[j] = strings.TrimSpace(c.FormValue(adminview.OptionValuesField(j)))
	}
	checked := map[int64]bool{}
	for _, s := range formValues(c, "categories") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			checked[id] = true
		}
	}
	// Only the shop's own categories are offered, so only they can be ticked.
	for i := range v.Categories {
		v.Categories[i].Checked = checked[v.Categories[i].ID]
	}

	in = catalog.ProductInput{
		Title:       v.Title,
		Slug:        v.Slug,
		Description: v.Description,
		Status:      catalog.Status(v.Status),
		Featured:    v.Featured,
		OptionNames: v.OptionNames,
	}
	if v.Title == "" {
		errs.Add("title", "admin.product.error.title_required")
	}
	if in.Slug != "" && !mall.ValidSlug(in.Slug) {
		errs.Add("slug", "admin.product.error.slug_invalid")
	}
	if _, ok := adminview.ProductStatusKeys[v.Status]; !ok {
		errs.Add("status", "admin.product.error.status_invalid")
	}
	for _, t := range strings.Split(v.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			in.Tags = append(in.Tags, t)
		}
	}
	for _, cat := range v.Categories {
		if cat.Checked {
			in.CategoryIDs = append(in.CategoryIDs, cat.ID)
		}
	}

	n, _ := strconv.Atoi(c.FormValue("rows"))
	n = min(max(n, 0), maxVariantRows)
	v.Variants = v.Variants[:0]
	for i := range n {
		r, vin, ok := h.variantRow(c, i, errs)
		v.Variants = append(v.Variants, r)
		if ok {
			in.Variants = append(in.Variants, vin)
			rows = append(rows, i)
		}
	}
	if len(in.Variants) == 0 && len(errs) == 0 {
		errs.Add("variants", "admin.product.error.variant_required")
	}
	return in, rows, errs
}

// formValues returns every value of a repeated field (checkboxes), from a
// multipart or a url-encoded body.
func formValues(c *fiber.Ctx, name string) []string {
	if form, err := c.MultipartForm(); err == nil {
		return form.Value[name]
	}
	var out []string
	for _, raw := range c.Context().PostArgs().PeekMulti(name) {
		out = append(out, string(raw))
	}
	return out
}

// productErrors adds the catalog's field errors to the form's, moving
// "variants.K.field" to the table row variant K came from.
func productErrors(errs mall.FieldErrors, err error, rows []int) bool {
	fe := mall.Fields(err)
	if fe == nil {
		return false
	}
	for k, e := range fe {
		if rest, ok := strings.CutPrefix(k, "variants."); ok {
			if idx, field, ok := strings.Cut(rest, "."); ok {
				if n, err := strconv.Atoi(idx); err == nil && n >= 0 && n < len(rows) {
					k = adminview.VariantField(rows[n], field)
				}
			}
		}
		if _, ok := errs[k]; !ok {
			errs[k] = e
		}
	}
	return true
}

// variantRow reads row i of the variants table. A row left blank is
// skipped (ok false, no error).
func (h *Handler) variantRow(c *fiber.Ctx, i int, errs mall.FieldErrors) (adminview.VariantRow, catalog.VariantInput, bool) {
	f := func(name string) string { return strings.TrimSpace(c.FormValue(adminview.VariantField(i, name))) }
	r := adminview.VariantRow{SKU: f("sku"), Price: f("price"), CompareAt: f("compare_at_price"), Stock: f("stock"), Weight: f("weight_grams")}
	r.ID, _ = strconv.ParseInt(f("id"), 10, 64)
	r.ImageID, _ = strconv.ParseInt(f("image"), 10, 64)
	for j := range adminview.MaxOptions {
		r.Options[j] = strings.TrimSpace(c.FormValue(adminview.OptionValueField(i, j)))
	}
	if r.Blank() {
		return r, catalog.VariantInput{}, false
	}
	in := catalog.VariantInput{ID: r.ID, SKU: r.SKU, Options: r.Options, Currency: h.Site.Currency, ImageID: max(r.ImageID, 0)}
	var err error
	if r.Price == "" {
		errs.Add(adminview.VariantField(i, "price"), "admin.variant.error.price_required")
	} else if in.Price, err = mall.ParseAmount(r.Price, h.Site.Currency); err != nil {
		errs.Add(adminview.VariantField(i, "price"), "admin.variant.error.price_invalid")
	}
	if r.CompareAt != "" {
		if in.CompareAtPrice, err = mall.ParseAmount(r.CompareAt, h.Site.Currency); err != nil {
			errs.Add(adminview.VariantField(i, "compare_at_price"), "admin.variant.error.price_invalid")
		}
	}
	if in.Stock, err = wholeNumber(r.Stock); err != nil {
		errs.Add(adminview.VariantField(i, "stock"), "admin.variant.error.stock_invalid")
	}
	if in.WeightGrams, err = wholeNumber(r.Weight); err != nil {
		errs.Add(adminview.VariantField(i, "weight_grams"), "admin.variant.error.weight_invalid")
	}
	return r, in, true
}

// wholeNumber reads a count typed by a person: blank is 0, negatives and
// fractions are rejected.
func wholeNumber(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("not a whole number: %q", s)
	}
	return n, nil
}

// reworkProductForm answers the editor's buttons that change the form
// without saving it ("add more rows", "generate all combinations"): ok
// false when the post is a save.
func reworkProductForm(c *fiber.Ctx, v *adminview.ProductFormView) (errs mall.FieldErrors, ok bool) {
	switch {
	case c.FormValue("add_rows") != "":
		padVariantRows(v, emptyVariantRows+1)
		return nil, true
	case c.FormValue("generate") != "":
		return generateVariantRows(v), true
	}
	return nil, false
}

// renderProductForm shows the editor again: 200 after a button that only
// changed the form, 422 when something in it is wrong.
func renderProductForm(c *fiber.Ctx, v adminview.ProductFormView, errs mall.FieldErrors, refused []string) error {
	v.UploadErrors = refused
	if len(refused) > 0 {
		if errs == nil {
			errs = mall.FieldErrors{}
		}
		errs.Add("image", "admin.image.error.refused")
	}
	v.Errors = errs
	status := fiber.StatusOK
	if len(errs) > 0 {
		status = fiber.StatusUnprocessableEntity
	}
	return web.Render(c, status, adminview.ProductForm(v))
}

// padVariantRows adds n blank rows at the end of the variants table.
func padVariantRows(v *adminview.ProductFormView, n int) {
	for range n {
		if len(v.Variants) >= maxVariantRows {
			return
		}
		v.Variants = append(v.Variants, adminview.VariantRow{})
	}
}
