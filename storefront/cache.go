package storefront

import (
	"bytes"
	"container/list"
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

// The page cache keeps the rendered bytes of the pages every shopper sees
// alike (mall home, a shop's home, categories, product pages), rendered
// with placeholders for the per-visitor parts, which templates.Splice fills
// in on each request. A write to a merchant's catalog or settings drops
// that merchant's pages and the mall's own (they list products across
// shops).
//
// Invalidation is per process: with several instances behind a load
// balancer only the instance that made the write hears of it. Entries
// therefore expire after cacheTTL, so every instance shows a change within
// that time.
const (
	cacheTTL      = 30 * time.Second
	cacheMaxBytes = 64 << 20
	cacheMaxPages = 20000
)

// mallScope is the merchant id under which the mall's own pages are kept.
const mallScope int64 = 0

type cachedPage struct {
	key        string
	merchantID int64
	// body has placeholders for the per-visitor parts.
	body []byte
	// anon is body as every anonymous visitor without a message sees it,
	// spliced once; nil when the page carries a per-visitor token.
	anon []byte
	// anonParts is, for a page with a form (a CSRF token), the anonymous
	// version cut where the token goes: an anonymous visitor's page is
	// then these parts joined by its own token, with no rendering.
	anonParts [][]byte
	expires   time.Time
}

// size is the memory the page holds, for the cache's bound.
func (p *cachedPage) size() int {
	n := len(p.body) + len(p.anon)
	for _, part := range p.anonParts {
		n += len(part)
	}
	return n
}

// withToken joins anonParts with token.
func (p *cachedPage) withToken(token string) []byte {
	n := len(token) * (len(p.anonParts) - 1)
	for _, part := range p.anonParts {
		n += len(part)
	}
	out := make([]byte, 0, n)
	for i, part := range p.anonParts {
		if i > 0 {
			out = append(out, token...)
		}
		out = append(out, part...)
	}
	return out
}

// pageCache is a size-bounded LRU of rendered pages, safe for concurrent
// use.
type pageCache struct {
	mu    sync.Mutex
	ll    *list.List // front = most recently used
	items map[string]*list.Element
	bytes int
	now   func() time.Time

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
	return &pageCache{ll: list.New(), items: map[string]*list.Element{}, now: time.Now, building: map[string]*pageBuild{}}
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
	if size > cacheMaxBytes/16 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.items[p.key]; ok {
		pc.remove(el)
	}
	p.expires = pc.now().Add(cacheTTL)
	pc.items[p.key] = pc.ll.PushFront(p)
	pc.bytes += size
	for pc.bytes > cacheMaxBytes || pc.ll.Len() > cacheMaxPages {
		pc.remove(pc.ll.Back())
	}
}

// dropMerchant forgets the pages of one merchant and the mall's own.
func (pc *pageCache) dropMerchant(merchantID int64) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for el := pc.ll.Front(); el != nil; {
		next := el.Next()
		if p := el.Value.(*cachedPage); p.merchantID == merchantID || p.merchantID == mallScope {
			pc.remove(el)
		}
		el = next
	}
}

func (pc *pageCache) remove(el *list.Element) {
	p := el.Value.(*cachedPage)
	pc.ll.Remove(el)
	delete(pc.items, p.key)
	pc.bytes -= p.size()
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
// errors (not found, ...) are answered as usual and nothing is kept.
// Requests for a page that is being built wait for that build (see
// pageCache.build); the per-visitor parts are spliced for each request.
func (h *Handler) renderCached(c *fiber.Ctx, merchantID int64, build func() (templ.Component, error)) error {
	key := pageKey(c)
	page, ok := h.pages.get(key)
	if !ok {
		var err error
		page, err = h.pages.build(key, func() (*cachedPage, error) {
			if page, ok := h.pages.get(key); ok {
				// Built by a request that finished just before this one
				// asked.
				return page, nil
			}
			component, err := build()
			if err != nil {
				return nil, err
			}
			v := web.VisitorOf(c)
			page, err := renderShared(key, merchantID, v.Locale, v, component)
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
	var body []byte
	switch {
	case v.Account != nil || v.Flash != nil || v.CartCount > 0:
		var err error
		if body, err = templates.Splice(web.Ctx(c), page.body); err != nil {
			return err
		}
	case page.anon != nil:
		body = page.anon
	default:
		body = page.withToken(v.CSRFToken)
	}
	noStore(c)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Set(fiber.HeaderContentLanguage, v.Locale.Tag())
	c.Set(fiber.HeaderVary, "Cookie, Accept-Language")
	return c.Status(fiber.StatusOK).Send(body)
}

// anonToken stands in for a CSRF token while the anonymous version of a
// page is spliced: if it shows up, the page has a form that needs each
// visitor's own token and cannot be shared as is.
const anonToken = "anon-csrf-probe-7c1e"

// renderShared renders component with placeholders for the per-visitor
// parts, and once more as an anonymous visitor sees it.
func renderShared(key string, merchantID int64, loc i18n.Locale, v *templates.Visitor, component templ.Component) (*cachedPage, error) {
	shared := templates.Visitor{Locale: loc, Path: v.Path, Site: v.Site, Cached: true}
	ctx := templates.WithVisitor(i18n.WithLocale(context.Background(), loc), &shared)
	body, err := web.RenderBytes(ctx, component)
	if err != nil {
		return nil, err
	}
	page := &cachedPage{key: key, merchantID: merchantID, body: body}
	anon := templates.Visitor{Locale: loc, Path: v.Path, Site: v.Site, CSRFToken: anonToken}
	out, err := templates.Splice(templates.WithVisitor(i18n.WithLocale(context.Background(), loc), &anon), body)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(out, []byte(anonToken)) {
		page.anonParts = bytes.Split(out, []byte(anonToken))
	} else {
		page.anon = out
	}
	return page, nil
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

// invalidate forgets everything cached about a merchant: called after a
// write to its catalog or its settings.
func (h *Handler) invalidate(merchantID int64) {
	h.shops.drop(merchantID)
	h.pages.dropMerchant(merchantID)
}

// watchChanges drops cached pages when a merchant's catalog or settings
// change.
func (h *Handler) watchChanges() {
	if h.Catalog != nil {
		h.Catalog.OnChange(h.invalidate)
	}
	if h.Merchants != nil {
		h.Merchants.OnChange(h.invalidate)
	}
}
