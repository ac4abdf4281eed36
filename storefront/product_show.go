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

// optionFields are the query parameters the variant picker sends, one per
// option of the product.
var optionFields = [...]string{"option1", "option2", "option3"}

func (h *Handler) productShow(c *fiber.Ctx, m *merchants.Merchant) error {
	return h.renderCached(c, m.ID, func(tag *pageTag) (templ.Component, error) {
		ctx := web.Ctx(c)
		slug := strings.Clone(c.Params("product"))
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
		return shopview.ProductShow(h.productView(c, m, p, cats)), nil
	})
}

// productView is the page of p with the variant the query chose.
func (h *Handler) productView(c *fiber.Ctx, m *merchants.Merchant, p *catalog.Product, cats []catalog.Category) shopview.ProductView {
	rest := "/p/" + p.Slug
	chosen, unavailable := chooseVariant(c, p)
	view := shopview.ProductView{
		Frame:           h.shopFrame(c, m, categoryLinks(cats), 0, ""),
		Title:           p.Title,
		DescriptionHTML: p.DescriptionHTML(),
		Images:          galleryImages(p),
		Price:           mall.Money{Amount: chosen.Price, Currency: chosen.Currency},
		CompareAt:       chosen.CompareAtPrice,
		SKU:             chosen.SKU,
		Stock:           chosen.Stock,
		StockState:      stockState(chosen.Stock),
		Options:         optionGroups(p, chosen),
		VariantID:       chosen.ID,
		Unavailable:     unavailable,
		FormURL:         shopPath(c, m, rest),
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
		h.productLD(m, p, chosen, view.Head.Description, images),
		breadcrumbList(h, m, view.Crumbs, paths),
	)
	return view
}

// chooseVariant returns the variant the visitor picked (by id, or by its
// option values), or the first one in stock. unavailable reports that the
// options picked match no variant.
func chooseVariant(c *fiber.Ctx, p *catalog.Product) (v *catalog.Variant, unavailable bool) {
	if id, err := strconv.ParseInt(c.Query("variant"), 10, 64); err == nil {
		for i := range p.Variants {
			if p.Variants[i].ID == id {
				return &p.Variants[i], false
			}
		}
	}
	var want [3]string
	picked := false
	for i := range p.OptionNames() {
		want[i] = c.Query(optionFields[i])
		picked = picked || want[i] != ""
	}
	if picked {
		for i := range p.Variants {
			v := &p.Variants[i]
			got := [3]string{v.Option1, v.Option2, v.Option3}
			match := true
			for j := range want {
				if want[j] != "" && want[j] != got[j] {
					match = false
				}
			}
			if match {
				return v, false
			}
		}
		unavailable = true
	}
	for i := range p.Variants {
		if p.Variants[i].Stock > 0 {
			return &p.Variants[i], unavailable
		}
	}
	return &p.Variants[0], unavailable
}

// stockShown is what a product page shows of a variant's units: sold out,
// the units left up to lowStock, or in stock. A sale that leaves it as it
// was leaves the page as it was.
func stockShown(stock int) int { return min(max(stock, 0), lowStock+1) }

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
// order the variants give them, the chosen variant's checked.
func optionGroups(p *catalog.Product, chosen *catalog.Variant) []shopview.OptionGroup {
	names := p.OptionNames()
	if len(p.Variants) < 2 || len(names) == 0 {
		return nil
	}
	chosenVals := [3]string{chosen.Option1, chosen.Option2, chosen.Option3}
	groups := make([]shopview.OptionGroup, 0, len(names))
	for i, name := range names {
		g := shopview.OptionGroup{Field: optionFields[i], Name: name}
		index := map[string]int{}
		for _, v := range p.Variants {
			val := [3]string{v.Option1, v.Option2, v.Option3}[i]
			if val == "" {
				continue
			}
			k, seen := index[val]
			if !seen {
				k = len(g.Values)
				index[val] = k
				g.Values = append(g.Values, shopview.OptionValue{Value: val, Checked: val == chosenVals[i], SoldOut: true})
			}
			if v.Stock > 0 {
				g.Values[k].SoldOut = false
			}
		}
		groups = append(groups, g)
	}
	return groups
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
