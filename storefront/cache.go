package storefront

import (
	"container/list"
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

// The page cache keeps the rendered bytes of the pages every shopper sees
// alike (mall home, a shop's home, categories, product pages), rendered
// with slots for the per-visitor parts, which templates.SharedPage.Fill
// fills on each request. A write to a merchant's catalog or settings drops
// that merchant's pages and the mall's own (they list products across
// shops). A sale drops only what it changed: a product's pages when the
// stock they show moved (in stock, the units left once low, sold out), and
// the lists of the shop and the mall only when a variant sold out or came
// back.
//
// Invalidation is per process: with several instances behind a load
// balancer only the instance that made the write hears of it. Entries
// therefore expire after cacheTTL, so every instance shows a change within
// that time. Each page lives a little less than cacheTTL, by a random
// share of up to cacheTTLSpread of it: pages cached together (a warm-up, a
// crawler, a shop's pages after a change) would otherwise all expire in
// the same second and be built again at once, which during a sale cost
// more than the sale itself (the profile of `make bench`'s sale run showed
// the product page's builds, not checkouts, as the largest part).
const (
	cacheTTL       = 30 * time.Second
	cacheTTLSpread = 4 // up to a quarter of cacheTTL
	// cacheMaxBytes bounds the page bytes kept: with the Go heap's own
	// headroom and SQLite's page caches it keeps the server within about
	// 150 MB (see cmd/mall's memory limit).
	cacheMaxBytes = 32 << 20
	cacheMaxPages = 20000
)

// mallScope is the merchant id under which the mall's own pages are kept.
const mallScope int64 = 0

// pageTag says what a cached page shows, for invalidation: the builder of
// a product page names its product.
type pageTag struct {
	merchantID int64
	productID  int64
}

type cachedPage struct {
	key string
	tag pageTag
	// page is the page as an anonymous visitor sees it, with the places
	// of every per-visitor part.
	page    *templates.SharedPage
	expires time.Time
}

// size is the memory the page holds, for the cache's bound.
func (p *cachedPage) size() int { return len(p.key) + p.page.Size() }

// pageCache is an LRU of rendered pages bounded by bytes and by count,
// safe for concurrent use. Pages are indexed by merchant and by product,
// so that dropping some never walks the whole cache under the lock every
// cached GET takes.
type pageCache struct {
	mu         sync.Mutex
	ll         *list.List // front = most recently used
	items      map[string]*list.Element
	byMerchant map[int64]map[*list.Element]struct{}
	byProduct  map[int64]map[*list.Element]struct{}
	bytes      int
	maxBytes   int
	now        func() time.Time

	hits, misses atomic.Int64

	// building holds the pages being built, by key: see build.
	buildMu  sync.Mutex
	building map[string]*pageBuild
}

// pageBuild is one build of a page that other requests for it wait on.
type pageBuild struct {
	done chan struct{}
	page *cachedPage
	err  error
	// waiting is how many requests wait on this build besides the one
	// running it.
	waiting int
}

func newPageCache() *pageCache {
	return &pageCache{
		ll: list.New(), items: map[string]*list.Element{},
		byMerchant: map[int64]map[*list.Element]struct{}{}, byProduct: map[int64]map[*list.Element]struct{}{},
		maxBytes: cacheMaxBytes, now: time.Now, building: map[string]*pageBuild{},
	}
}

// build returns the page for key from fn, running fn once however many
// requests ask for key at the same time: when a popular page expires or
// is dropped, every request for it would otherwise query and render it
// anew at once (a cached search's p99 reached 278 ms from that pile-up).
// The others wait for the one build and share its page or its error.
func (pc *pageCache) build(key string, fn func() (*cachedPage, error)) (*cachedPage, error) {
	pc.buildMu.Lock()
	if b, ok := pc.building[key]; ok {
		b.waiting++
		pc.buildMu.Unlock()
		<-b.done
		return b.page, b.err
	}
	b := &pageBuild{done: make(chan struct{})}
	pc.building[key] = b
	pc.buildMu.Unlock()
	defer func() {
		if b.page == nil && b.err == nil {
			// fn panicked: the waiters get an error, the panic goes on.
			b.err = errPageBuildFailed
		}
		pc.buildMu.Lock()
		delete(pc.building, key)
		pc.buildMu.Unlock()
		close(b.done)
	}()
	b.page, b.err = fn()
	return b.page, b.err
}

// errPageBuildFailed is what requests waiting on a build see when it
// panicked.
var errPageBuildFailed = errors.New("storefront: building the page failed")

func (pc *pageCache) get(key string) (*cachedPage, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	el, ok := pc.items[key]
	if !ok {
		return nil, false
	}
	p := el.Value.(*cachedPage)
	if pc.now().After(p.expires) {
		pc.remove(el)
		return nil, false
	}
	pc.ll.MoveToFront(el)
	return p, true
}

func (pc *pageCache) put(p *cachedPage) {
	size := p.size()
	if size > pc.maxBytes/16 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.items[p.key]; ok {
		pc.remove(el)
	}
	p.expires = pc.now().Add(pageTTL())
	el := pc.ll.PushFront(p)
	pc.items[p.key] = el
	index(pc.byMerchant, p.tag.merchantID, el)
	if p.tag.productID != 0 {
		index(pc.byProduct, p.tag.productID, el)
	}
	pc.bytes += size
	for pc.bytes > pc.maxBytes || pc.ll.Len() > cacheMaxPages {
		pc.remove(pc.ll.Back())
	}
}

// pageTTL is how long a page put now stays: cacheTTL less a random share
// of it (see cacheTTLSpread).
func pageTTL() time.Duration {
	return cacheTTL - rand.N(cacheTTL/cacheTTLSpread)
}

func index(m map[int64]map[*list.Element]struct{}, id int64, el *list.Element) {
	set, ok := m[id]
	if !ok {
		set = map[*list.Element]struct{}{}
		m[id] = set
	}
	set[el] = struct{}{}
}

func unindex(m map[int64]map[*list.Element]struct{}, id int64, el *list.Element) {
	if set, ok := m[id]; ok {
		delete(set, el)
		if len(set) == 0 {
			delete(m, id)
		}
	}
}

// dropMerchant forgets the pages of one merchant and the mall's own.
func (pc *pageCache) dropMerchant(merchantID int64) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.dropAll(pc.byMerchant[merchantID])
	pc.dropAll(pc.byMerchant[mallScope])
}

// dropProduct forgets the pages of one product (every variant's).
func (pc *pageCache) dropProduct(productID int64) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	pc.dropAll(pc.byProduct[productID])
}

// dropLists forgets the pages of a merchant and the mall's own that are
// not a product's page: the lists that show whether a product is sold out.
func (pc *pageCache) dropLists(merchantID int64) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for _, id := range []int64{merchantID, mallScope} {
		for el := range pc.byMerchant[id] {
			if el.Value.(*cachedPage).tag.productID == 0 {
				pc.remove(el)
			}
		}
	}
}

func (pc *pageCache) dropAll(set map[*list.Element]struct{}) {
	for el := range set {
		pc.remove(el)
	}
}

func (pc *pageCache) remove(el *list.Element) {
	p := el.Value.(*cachedPage)
	pc.ll.Remove(el)
	delete(pc.items, p.key)
	unindex(pc.byMerchant, p.tag.merchantID, el)
	if p.tag.productID != 0 {
		unindex(pc.byProduct, p.tag.productID, el)
	}
	pc.bytes -= p.size()
}

// CacheStats is how the storefront's page cache has served.
type CacheStats struct {
	Hits, Misses int64
	Pages, Bytes int
}

// CacheStats reports the page cache's hits and misses since the start and
// what it holds now.
func (h *Handler) CacheStats() CacheStats {
	pc := h.pages
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return CacheStats{Hits: pc.hits.Load(), Misses: pc.misses.Load(), Pages: pc.ll.Len(), Bytes: pc.bytes}
}

// pageKey names a page in the cache: its language, whether it was asked for
// at the merchant's own domain (links differ), the routed path and the
// address as requested (with its query).
func pageKey(c *fiber.Ctx) string {
	v := web.VisitorOf(c)
	var b strings.Builder
	b.WriteString(v.Locale.Tag())
	if onCustomDomain(c) {
		b.WriteString("|d|")
	} else {
		b.WriteString("|m|")
	}
	b.WriteString(c.Path())
	b.WriteByte('|')
	b.WriteString(v.Path)
	return b.String()
}

// renderCached answers with the cached page for this request, or builds it
// with build, renders it for all visitors alike and keeps it. build's
// errors (not found, ...) are answered as usual and nothing is kept; build
// may name the product the page shows in its tag. Requests for a page that
// is being built wait for that build (see pageCache.build); the
// per-visitor parts are filled in for each request.
func (h *Handler) renderCached(c *fiber.Ctx, merchantID int64, build func(tag *pageTag) (templ.Component, error)) error {
	key := pageKey(c)
	page, ok := h.pages.get(key)
	if ok {
		h.pages.hits.Add(1)
	} else {
		h.pages.misses.Add(1)
		var err error
		page, err = h.pages.build(key, func() (*cachedPage, error) {
			if page, ok := h.pages.get(key); ok {
				// Built by a request that finished just before this one
				// asked.
				return page, nil
			}
			tag := pageTag{merchantID: merchantID}
			component, err := build(&tag)
			if err != nil {
				return nil, err
			}
			tag.merchantID = merchantID
			v := web.VisitorOf(c)
			page, err := renderShared(key, tag, v, component)
			if err != nil {
				return nil, err
			}
			h.pages.put(page)
			return page, nil
		})
		if err != nil {
			return err
		}
	}
	v := web.VisitorOf(c)
	noStore(c)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderContentLanguage, v.Locale.Tag())
	c.Set(fiber.HeaderVary, "Cookie, Accept-Language")
	c.Status(fiber.StatusOK)
	// The visitor's page is written in pieces into the response's pooled
	// body buffer: no copy of the whole page is made per request.
	c.Response().ResetBody()
	if v.Account != nil || v.Flash != nil || v.CartCount > 0 {
		return page.page.Fill(web.Ctx(c), c.Response().BodyWriter())
	}
	if body, shared := page.page.Body(); shared {
		return c.Send(body)
	}
	return page.page.WriteAnonymous(c.Response().BodyWriter(), v.CSRFToken)
}

// renderShared renders component as an anonymous visitor sees it, with the
// places of the per-visitor parts.
func renderShared(key string, tag pageTag, v *templates.Visitor, component templ.Component) (*cachedPage, error) {
	ctx := i18n.WithLocale(context.Background(), v.Locale)
	shared := templates.Visitor{Locale: v.Locale, Path: v.Path, Site: v.Site, Cached: true}
	page, err := templates.RenderShared(templates.WithVisitor(ctx, &shared), component)
	if err != nil {
		return nil, err
	}
	return &cachedPage{key: key, tag: tag, page: page}, nil
}

// shopCache keeps merchants by slug for the storefront's hot path, with the
// same per-process invalidation and expiry as the page cache.
type shopCache struct {
	mu    sync.Mutex
	slugs map[string]shopEntry
	now   func() time.Time
}

type shopEntry struct {
	m       *merchants.Merchant
	expires time.Time
}

func newShopCache() *shopCache {
	return &shopCache{slugs: map[string]shopEntry{}, now: time.Now}
}

// bySlug returns the merchant with slug, from memory when it can.
func (sc *shopCache) bySlug(ctx context.Context, store *merchants.Store, slug string) (*merchants.Merchant, error) {
	sc.mu.Lock()
	e, ok := sc.slugs[slug]
	sc.mu.Unlock()
	if ok && sc.now().Before(e.expires) {
		return e.m, nil
	}
	slug = strings.Clone(slug)
	m, err := store.MerchantBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	sc.mu.Lock()
	if len(sc.slugs) >= cacheMaxPages {
		sc.slugs = map[string]shopEntry{}
	}
	sc.slugs[slug] = shopEntry{m: m, expires: sc.now().Add(cacheTTL)}
	sc.mu.Unlock()
	return m, nil
}

// drop forgets the merchant with id.
func (sc *shopCache) drop(merchantID int64) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	for slug, e := range sc.slugs {
		if e.m.ID == merchantID {
			delete(sc.slugs, slug)
		}
	}
}

// categoryCache keeps each shop's categories (every page of the shop
// lists them), with the same per-process invalidation and expiry as the
// page cache: a page the cache does not hold is then one query shorter.
type categoryCache struct {
	mu   sync.Mutex
	cats map[int64]categoryEntry
	now  func() time.Time
}

type categoryEntry struct {
	cats    []catalog.Category
	expires time.Time
}

func newCategoryCache() *categoryCache {
	return &categoryCache{cats: map[int64]categoryEntry{}, now: time.Now}
}

// categories returns the merchant's categories, from memory when it can.
// Callers must not change the slice.
func (h *Handler) categories(ctx context.Context, merchantID int64) ([]catalog.Category, error) {
	cc := h.cats
	cc.mu.Lock()
	e, ok := cc.cats[merchantID]
	cc.mu.Unlock()
	if ok && cc.now().Before(e.expires) {
		return e.cats, nil
	}
	cats, err := h.Catalog.Categories(ctx, merchantID)
	if err != nil {
		return nil, err
	}
	cc.mu.Lock()
	if len(cc.cats) >= cacheMaxPages {
		cc.cats = map[int64]categoryEntry{}
	}
	cc.cats[merchantID] = categoryEntry{cats: cats, expires: cc.now().Add(cacheTTL)}
	cc.mu.Unlock()
	return cats, nil
}

func (cc *categoryCache) drop(merchantID int64) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	delete(cc.cats, merchantID)
}

// invalidate forgets everything cached about a merchant: called after a
// write to its catalog or its settings.
func (h *Handler) invalidate(merchantID int64) {
	h.shops.drop(merchantID)
	h.cats.drop(merchantID)
	h.pages.dropMerchant(merchantID)
}

// stockMoved drops what a sale or a return changed: the pages of a product
// whose shown stock moved and, when a variant sold out or came back, the
// lists of its shop and the mall. Every other unit sold changes no page.
func (h *Handler) stockMoved(moves []catalog.StockMove) {
	for _, m := range moves {
		if stockShown(m.Before) != stockShown(m.After) {
			h.pages.dropProduct(m.ProductID)
		}
		if (m.Before > 0) != (m.After > 0) {
			h.pages.dropLists(m.MerchantID)
		}
	}
}

// watchChanges drops cached pages when a merchant's catalog or settings
// change, and what a sale changed.
func (h *Handler) watchChanges() {
	if h.Catalog != nil {
		h.Catalog.OnChange(h.invalidate)
		h.Catalog.OnStockMove(h.stockMoved)
	}
	if h.Merchants != nil {
		h.Merchants.OnChange(h.invalidate)
	}
}
