package admin

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// operatorProducts lists a merchant's products, drafts included, so the
// operator can see what an applicant means to sell before deciding. It
// only reads.
func (h *Handler) operatorProducts(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	id, err := operatorMerchantID(c)
	if err != nil {
		return err
	}
	m, err := h.Merchants.MerchantByID(ctx, id)
	if err != nil {
		return err
	}
	page, _ := strconv.Atoi(c.Query("page"))
	if page < 1 {
		page = 1
	}
	list, total, err := h.Catalog.ListProducts(ctx, m.ID, catalog.ProductFilter{Page: page, PerPage: operatorPerPage})
	if err != nil {
		return err
	}
	v := adminview.OperatorProductsView{Merchant: operatorRow(m)}
	for _, p := range list {
		row := adminview.OperatorProductRow{
			ID: p.ID, Title: p.Title, Status: string(p.Status), InStock: p.InStock,
			Price: mall.Money{Amount: p.MinPrice, Currency: p.Currency},
		}
		if p.PrimaryImageKey != "" {
			row.Thumb = media.URL(p.PrimaryImageKey, media.SizeThumb)
		}
		v.Products = append(v.Products, row)
	}
	v.Pager = templates.Pager{Page: page, PerPage: operatorPerPage, Total: int(total), URL: func(n int) string {
		return fmt.Sprintf("/operator/merchants/%d/products?page=%d", m.ID, n)
	}}
	return web.Render(c, fiber.StatusOK, adminview.OperatorProducts(v))
}

// operatorProduct shows one of a merchant's products as the merchant
// wrote it, whatever its status, without a way to change it.
func (h *Handler) operatorProduct(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	id, err := operatorMerchantID(c)
	if err != nil {
		return err
	}
	productID, err := paramID(c, "productID")
	if err != nil {
		return err
	}
	m, err := h.Merchants.MerchantByID(ctx, id)
	if err != nil {
		return err
	}
	p, err := h.Catalog.ProductInMerchant(ctx, m.ID, productID)
	if err != nil {
		return err
	}
	v := adminview.OperatorProductView{
		Merchant: operatorRow(m), Title: p.Title, Status: string(p.Status), Tags: strings.Join(p.Tags, ", "),
		DescriptionHTML: catalog.DescriptionHTML(p.Description), Options: p.OptionNames(),
	}
	for _, img := range p.Images {
		v.Images = append(v.Images, adminview.ImageRow{ID: img.ID, URL: media.URL(img.Key, media.SizeThumb), Alt: img.Alt, Position: img.Position})
	}
	for _, vr := range p.Variants {
		v.Variants = append(v.Variants, adminview.OperatorVariantRow{
			SKU: vr.SKU, Options: nonEmpty(vr.Option1, vr.Option2, vr.Option3), Stock: vr.Stock,
			Price: mall.Money{Amount: vr.Price, Currency: vr.Currency},
		})
	}
	return web.Render(c, fiber.StatusOK, adminview.OperatorProduct(v))
}

// nonEmpty keeps the strings that are not empty.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
