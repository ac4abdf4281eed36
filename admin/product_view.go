package admin

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// productFormView starts the product editor for the shop: its categories
// to tick and the currency prices are typed in.
func (h *Handler) productFormView(c *fiber.Ctx) (adminview.ProductFormView, error) {
	v := adminview.ProductFormView{Shop: frameShop(c), Status: string(catalog.StatusDraft), Currency: h.Site.Currency}
	cats, err := h.Catalog.Categories(web.Ctx(c), merchantID(c))
	if err != nil {
		return v, err
	}
	for _, cat := range cats {
		v.Categories = append(v.Categories, adminview.CategoryOption{ID: cat.ID, Name: cat.Name})
	}
	return v, nil
}

// fillProduct puts a stored product into the editor.
func (h *Handler) fillProduct(v *adminview.ProductFormView, p *catalog.Product) {
	v.ID = p.ID
	v.Title, v.Slug, v.Description = p.Title, p.Slug, p.Description
	v.Status = string(p.Status)
	v.Tags = strings.Join(p.Tags, ", ")
	v.Featured = p.Featured
	v.OptionNames = [adminview.MaxOptions]string{p.Option1Name, p.Option2Name, p.Option3Name}
	in := map[int64]bool{}
	for _, cat := range p.Categories {
		in[cat.ID] = true
	}
	for i := range v.Categories {
		v.Categories[i].Checked = in[v.Categories[i].ID]
	}
	v.Variants = v.Variants[:0]
	for _, pv := range p.Variants {
		r := adminview.VariantRow{
			ID: pv.ID, SKU: pv.SKU,
			Price:   mall.FormatAmount(pv.Price, h.Site.Currency),
			Stock:   strconv.Itoa(pv.Stock),
			Weight:  strconv.Itoa(pv.WeightGrams),
			Options: [adminview.MaxOptions]string{pv.Option1, pv.Option2, pv.Option3},
		}
		if pv.ImageID != nil {
			r.ImageID = *pv.ImageID
		}
		if pv.CompareAtPrice > 0 {
			r.CompareAt = mall.FormatAmount(pv.CompareAtPrice, h.Site.Currency)
		}
		v.Variants = append(v.Variants, r)
	}
	for j := range adminview.MaxOptions {
		var vals []string
		seen := map[string]bool{}
		for _, r := range v.Variants {
			if o := r.Options[j]; o != "" && !seen[o] {
				seen[o] = true
				vals = append(vals, o)
			}
		}
		v.OptionValues[j] = strings.Join(vals, ", ")
	}
	v.Images = productImages(p)
}

func productImages(p *catalog.Product) []adminview.ImageRow {
	var rows []adminview.ImageRow
	for _, img := range p.Images {
		rows = append(rows, adminview.ImageRow{ID: img.ID, URL: media.URL(img.Key, media.SizeThumb), Alt: img.Alt, Position: img.Position})
	}
	return rows
}

// productOf loads a product of the request's shop named by the :id param;
// another shop's product is not found.
func (h *Handler) productOf(c *fiber.Ctx) (*catalog.Product, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	return h.Catalog.ProductInMerchant(web.Ctx(c), merchantID(c), id)
}

// saveUpload stores the image posted in field, if any (the shop's logo;
// product images go through productUploads). A rejected file comes back
// as a field error for the form.
func (h *Handler) saveUpload(ctx context.Context, c *fiber.Ctx, field string) (*media.Image, *mall.Error, error) {
	fh, err := c.FormFile(field)
	if err != nil || fh == nil || fh.Size == 0 {
		return nil, nil, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	img, err := h.Media.Save(ctx, f, fh.Filename)
	if err != nil {
		if e := mall.AsError(err); e != nil && e.Code == mall.EInvalid {
			fe := *e
			fe.Field = field
			return nil, &fe, nil
		}
		return nil, nil, err
	}
	return &img, nil, nil
}

// mergeFieldErrors adds a domain error's fields to the form's errors and
// reports whether it was a form error at all.
func mergeFieldErrors(errs mall.FieldErrors, err error) bool {
	fe := mall.Fields(err)
	if fe == nil {
		return false
	}
	for k, e := range fe {
		if _, ok := errs[k]; !ok {
			errs[k] = e
		}
	}
	return true
}
