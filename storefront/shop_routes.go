package storefront

import "github.com/gofiber/fiber/v2"

// registerShop mounts the shopper's pages: the mall's home and search, each
// merchant's storefront, sitemaps and robots.txt. At a merchant's own
// domain the server rewrites paths to /s/{slug}/..., so the same routes
// serve both.
func (h *Handler) registerShop(r fiber.Router) {
	r.Get("/", h.mallHome)
	r.Get("/search", h.mallSearch)
	r.Get("/robots.txt", h.mallRobots)
	r.Get("/sitemap.xml", h.mallSitemap)
	r.Get("/sitemap-mall.xml", h.mallPagesSitemap)

	r.Get("/s/:slug", h.inShop(h.shopHome))
	r.Get("/s/:slug/c/:category", h.inShop(h.shopCategory))
	r.Get("/s/:slug/p/:product", h.inShop(h.productShow))
	r.Post("/s/:slug/p/:product", h.inShop(h.productChoose))
	r.Get("/s/:slug/search", h.inShop(h.shopSearch))
	r.Get("/s/:slug/sitemap.xml", h.inShop(h.shopSitemap))
	r.Get("/s/:slug/robots.txt", h.inShop(h.shopRobots))
	r.Get("/s/:slug/reviews/feed.xml", h.inShop(h.reviewFeed))
	r.Get("/s/:slug/reviews/imported/:id", h.inShop(h.importedReviewProof))
}
