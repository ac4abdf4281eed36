package storefront

import (
	"html"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/shopview"
)

// Structured data (schema.org JSON-LD) for search engines. Maps keep the
// code short; encoding/json writes their keys sorted, so the output is
// stable.
type ld = map[string]any

// ldGraph puts several schema.org nodes in one JSON-LD document.
func ldGraph(nodes ...ld) ld {
	graph := make([]any, 0, len(nodes))
	for _, n := range nodes {
		graph = append(graph, n)
	}
	return ld{"@context": "https://schema.org", "@graph": graph}
}

// productLD describes p and the offer of its chosen variant.
func (h *Handler) productLD(m *merchants.Merchant, p *catalog.Product, v *catalog.Variant, description string, images []string) ld {
	url := h.shopAbsURL(m, "/p/"+p.Slug)
	availability := "https://schema.org/InStock"
	if v.Stock <= 0 {
		availability = "https://schema.org/OutOfStock"
	}
	node := ld{
		"@type": "Product",
		"name":  p.Title,
		"url":   url,
		"brand": ld{"@type": "Brand", "name": m.Name},
		"offers": ld{
			"@type":         "Offer",
			"price":         mall.FormatAmount(v.Price, v.Currency),
			"priceCurrency": v.Currency,
			"availability":  availability,
			"url":           url,
			"seller":        ld{"@type": "Organization", "name": m.Name},
		},
	}
	if v.SKU != "" {
		node["sku"] = v.SKU
	}
	if description != "" {
		node["description"] = description
	}
	if len(images) > 0 {
		node["image"] = images
	}
	return node
}

// breadcrumbList describes a trail of crumbs; paths[i] is crumb i's path
// below the shop's base, for its absolute address.
func breadcrumbList(h *Handler, m *merchants.Merchant, crumbs []shopview.Crumb, paths []string) ld {
	items := make([]any, 0, len(crumbs))
	for i, c := range crumbs {
		item := ld{"@type": "ListItem", "position": i + 1, "name": c.Label}
		if i < len(paths) {
			item["item"] = h.shopAbsURL(m, paths[i])
		}
		items = append(items, item)
	}
	return ld{"@type": "BreadcrumbList", "itemListElement": items}
}

// mediaAbsURL is the absolute address of an image in its large size.
func (h *Handler) mediaAbsURL(key string) string {
	return h.absURL(media.URL(key, media.SizeLarge))
}

func htmlUnescape(s string) string { return html.UnescapeString(s) }
