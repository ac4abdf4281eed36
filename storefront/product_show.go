package storefront

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// lowStock is the stock at or below which the page says how many are left.
const lowStock = 5

// optionFields are the fields the variant picker sends (in the add-to-cart
// form and the product page's query), one per option of the product.
var optionFields = [...]string{"option1", "option2", "option3"}

func (h *Handler) productShow(c *fiber.Ctx, m *merchants.Merchant) error {
	return h.renderCached(c, m.ID, func(tag *pageTag) (templ.Component, error) {
		ctx := web.Ctx(c)
		slug := c.Params("product")
		p, err := h.Catalog.ProductBySlug(ctx, m.ID, slug)
		if err != nil {
			return nil, err
		}
		if !p.IsVisible() || len(p.Variants) == 0 {
			return nil, mall.NotFound("product " + slug)
		}
		tag.productID = p.ID
		cats, err := h.categories(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		view := h.productView(c, m, p, cats)
		if err := h.addProductReviews(c, m, p, &view); err != nil {
			return nil, err
		}
		return shopview.ProductShow(view), nil
	})
}

// productView is the page of p with the variant the query chose.
func (h *Handler) productView(c *fiber.Ctx, m *merchants.Merchant, p *catalog.Product, cats []catalog.Category) shopview.ProductView {
	rest := "/p/" + p.Slug
	chosen, picked := chooseVariant(c, p)
	shown := chosen
	if shown == nil {
		shown = defaultVariant(p)
	}
	view := shopview.ProductView{
		Frame:           h.shopFrame(c, m, categoryLinks(cats), 0, ""),
		Title:           p.Title,
		DescriptionHTML: p.DescriptionHTML(),
		ProductImages:   galleryImages(p),
		Price:           mall.Money{Amount: shown.Price, Currency: shown.Currency},
		CompareAt:       shown.CompareAtPrice,
		SKU:             shown.SKU,
		Stock:           shown.Stock,
		StockState:      stockState(shown.Stock),
		Options:         optionGroups(p, picked),
		VariantID:       shown.ID,
		ShopSlug:        m.Slug,
		ProductID:       p.ID,
		FormURL:         shopPath(c, m, rest),
		TextLang:        textLocale(m).Tag(),
	}
	view.Images = view.ProductImages
	if chosen == nil {
		view.VariantID, view.Unavailable = 0, true
	} else if chosen.ImageID != nil {
		view.Images = variantFirst(view.ProductImages, *chosen.ImageID)
	}
	if len(view.Options) > 0 {
		view.Variants = variantChoices(p)
	}
	var crumbs []shopview.Crumb
	paths := []string{""}
	if len(p.Categories) > 0 {
		cat := p.Categories[0]
		crumbs = append(crumbs, shopview.Crumb{Label: cat.Name, URL: shopPath(c, m, "/c/"+cat.Slug)})
		paths = append(paths, "/c/"+cat.Slug)
	}
	crumbs = append(crumbs, shopview.Crumb{Label: p.Title, URL: view.FormURL})
	paths = append(paths, rest)
	view.Crumbs = shopCrumbs(c, m, crumbs...)

	view.Head = h.shopHead(c, m, p.Title+" · "+m.Name, rest)
	view.Head.OGType = "product"
	view.Head.Description = summary(view.DescriptionHTML)
	images := make([]string, 0, len(p.Images))
	for _, img := range sortedImages(p) {
		images = append(images, h.mediaAbsURL(img.Key))
	}
	if len(images) > 0 {
		view.Head.OGImage = images[0]
	}
	view.Head.JSONLD = ldGraph(
		h.productLD(m, p, shown, view.Head.Description, images),
		breadcrumbList(h, m, view.Crumbs, paths),
	)
	return view
}

// chooseVariant returns the variant the visitor picked, by id or by its
// option values, and the option values the picker shows. With nothing
// picked it is the first variant in stock. Options picked that match no
// variant give nil: the page says so rather than show another one.
func chooseVariant(c *fiber.Ctx, p *catalog.Product) (*catalog.Variant, [3]string) {
	if id, err := strconv.ParseInt(c.Query("variant"), 10, 64); err == nil {
		for i := range p.Variants {
			if v := &p.Variants[i]; v.ID == id {
				return v, variantOptions(v)
			}
		}
	}
	def := defaultVariant(p)
	names := [3]string{p.Option1Name, p.Option2Name, p.Option3Name}
	var want [3]string
	picked, complete := false, true
	for j, field := range optionFields {
		if names[j] == "" {
			continue
		}
		want[j] = strings.TrimSpace(c.Query(field))
		picked = picked || want[j] != ""
		complete = complete && want[j] != ""
	}
	if !picked {
		return def, variantOptions(def)
	}
	if complete {
		return p.VariantWithOptions(want), want
	}
	// Some options picked (an old link with only the size): the first
	// variant with those, in stock if one is.
	var match *catalog.Variant
	for i := range p.Variants {
		v := &p.Variants[i]
		got := variantOptions(v)
		ok := true
		for j := range want {
			ok = ok && (want[j] == "" || want[j] == got[j])
		}
		if ok && (match == nil || (match.Stock <= 0 && v.Stock > 0)) {
			match = v
		}
	}
	if match == nil {
		for j := range want {
			if want[j] == "" {
				want[j] = variantOptions(def)[j]
			}
		}
		return nil, want
	}
	return match, variantOptions(match)
}

// defaultVariant is the variant a product page shows first: the first in
// stock, else the first.
func defaultVariant(p *catalog.Product) *catalog.Variant {
	for i := range p.Variants {
		if p.Variants[i].Stock > 0 {
			return &p.Variants[i]
		}
	}
	return &p.Variants[0]
}

// stockShown is what a product page shows of a variant's units: sold out,
// the units left up to lowStock, or in stock. A sale that leaves it as it
// was leaves the page as it was.
func stockShown(stock int) int { return min(max(stock, 0), lowStock+1) }

func variantOptions(v *catalog.Variant) [3]string { return [3]string{v.Option1, v.Option2, v.Option3} }

func stockState(stock int) string {
	switch {
	case stock <= 0:
		return shopview.StockOut
	case stock <= lowStock:
		return shopview.StockLow
	}
	return shopview.StockIn
}

// optionGroups is the variant picker: each option with its values in the
// order the variants give them, the picked ones checked. Each value says
// what choosing it, with the other options as picked, would give: a
// variant in stock, one sold out, or none at all.
func optionGroups(p *catalog.Product, picked [3]string) []shopview.OptionGroup {
	names := [3]string{p.Option1Name, p.Option2Name, p.Option3Name}
	if len(p.Variants) < 2 || len(p.OptionNames()) == 0 {
		return nil
	}
	var groups []shopview.OptionGroup
	for i, name := range names {
		if name == "" {
			continue
		}
		g := shopview.OptionGroup{Field: optionFields[i], Name: name}
		seen := map[string]bool{}
		for _, v := range p.Variants {
			val := variantOptions(&v)[i]
			if val == "" || seen[val] {
				continue
			}
			seen[val] = true
			combo := picked
			combo[i] = val
			state := shopview.ChoiceMissing
			if w := p.VariantWithOptions(combo); w != nil {
				state = ""
				if w.Stock <= 0 {
					state = shopview.ChoiceSoldOut
				}
			}
			g.Values = append(g.Values, shopview.OptionValue{Value: val, Checked: val == picked[i], State: state})
		}
		groups = append(groups, g)
	}
	return groups
}

// variantChoices are p's variants for the picker's script.
func variantChoices(p *catalog.Product) []shopview.VariantChoice {
	out := make([]shopview.VariantChoice, 0, len(p.Variants))
	for _, v := range p.Variants {
		out = append(out, shopview.VariantChoice{
			ID:         v.ID,
			Options:    variantOptions(&v),
			Price:      mall.Money{Amount: v.Price, Currency: v.Currency},
			CompareAt:  v.CompareAtPrice,
			SKU:        v.SKU,
			Stock:      v.Stock,
			StockState: stockState(v.Stock),
			ImageID:    imageID(v.ImageID),
		})
	}
	return out
}

func sortedImages(p *catalog.Product) []catalog.Image {
	imgs := append([]catalog.Image(nil), p.Images...)
	sort.SliceStable(imgs, func(i, j int) bool { return imgs[i].Position < imgs[j].Position })
	return imgs
}

// summary is the first words of a description as plain text, for the
// page's meta description.
func summary(descriptionHTML string) string {
	text := blockTag.ReplaceAllString(descriptionHTML, " ")
	text = anyTag.ReplaceAllString(text, "")
	text = strings.Join(strings.Fields(htmlUnescape(text)), " ")
	if r := []rune(text); len(r) > 160 {
		text = strings.TrimSpace(string(r[:157])) + "…"
	}
	return text
}

var (
	blockTag = regexp.MustCompile(`(?i)</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre)\b[^>]*>`)
	anyTag   = regexp.MustCompile(`<[^>]*>`)
)
