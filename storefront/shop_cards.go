package storefront

import (
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/templates/shopview"
)

// productCard shows p as a card linking to url.
func productCard(p *catalog.Product, url string) shopview.ProductCard {
	card := shopview.ProductCard{
		Title:   p.Title,
		URL:     url,
		Price:   mall.Money{Amount: p.MinPrice, Currency: p.Currency},
		SoldOut: !p.InStock,

		RatingTenths: p.RatingTenths(),
		RatingCount:  p.RatingCount,
	}
	if len(p.Variants) > 0 {
		v := cheapestVariant(p.Variants)
		card.Price = mall.Money{Amount: v.Price, Currency: v.Currency}
		card.CompareAt = v.CompareAtPrice
	}
	key, alt := p.PrimaryImageKey, p.Title
	if len(p.Images) > 0 {
		key = p.Images[0].Key
		if p.Images[0].Alt != "" {
			alt = p.Images[0].Alt
		}
	}
	if key != "" {
		card.ImageURL = media.URL(key, media.SizeCard)
		card.ImageAlt = alt
	}
	return card
}

// hitCard shows a search hit as a card linking to url, naming its shop
// when withShop.
func hitCard(hit *catalog.ProductHit, url string, withShop bool) shopview.ProductCard {
	card := shopview.ProductCard{
		Title:   hit.Product.Title,
		URL:     url,
		Price:   mall.Money{Amount: hit.MinPrice, Currency: hit.Currency},
		SoldOut: !hit.InStock,

		RatingTenths: hit.Product.RatingTenths(),
		RatingCount:  hit.Product.RatingCount,
	}
	if hit.ImageKey != "" {
		card.ImageURL = media.URL(hit.ImageKey, media.SizeCard)
		card.ImageAlt = hit.Product.Title
	}
	if withShop {
		card.ShopName = hit.MerchantName
		card.ShopURL = mallShopPath(hit.MerchantSlug, "")
	}
	return card
}

func cheapestVariant(vs []catalog.Variant) *catalog.Variant {
	best := &vs[0]
	for i := range vs {
		if vs[i].Price < best.Price {
			best = &vs[i]
		}
	}
	return best
}

// categoryLink is a category in the shop's navigation.
type categoryLink struct {
	ID   int64
	Name string
	Slug string
}

func categoryLinks(cats []catalog.Category) []categoryLink {
	out := make([]categoryLink, 0, len(cats))
	for _, c := range cats {
		out = append(out, categoryLink{ID: c.ID, Name: c.Name, Slug: c.Slug})
	}
	return out
}
