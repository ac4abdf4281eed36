package server

import (
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/storefront"
	"github.com/mall-project/mall/templates"
)

// customDomains serves a merchant's storefront at its own verified domain:
// a request whose Host is not the mall's is routed to /s/{slug}/... of the
// merchant that owns the host, and everything else at that host (admin,
// operator) is not found there. Lookups are cached briefly so the hot path
// does not query the database.
func customDomains(store *merchants.Store, site templates.Site) fiber.Handler {
	mallHost := ""
	if u, err := url.Parse(site.BaseURL); err == nil {
		mallHost = strings.ToLower(u.Hostname())
	}
	type entry struct {
		slug    string
		expires time.Time
	}
	var mu sync.Mutex
	cache := map[string]entry{}
	return func(c *fiber.Ctx) error {
		// Kept as a key of the cache below: the app is Immutable, so the
		// host is the request's own copy, not fasthttp's buffer.
		host := strings.ToLower(c.Hostname())
		if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
			host = host[:i]
		}
		if host == "" || host == mallHost || host == "localhost" || host == "127.0.0.1" || host == "[::1]" || !mall.ValidHost(host) {
			return c.Next()
		}
		mu.Lock()
		e, ok := cache[host]
		mu.Unlock()
		if !ok || time.Now().After(e.expires) {
			m, err := store.MerchantByDomain(c.UserContext(), host)
			switch {
			case err == nil:
				e = entry{slug: m.Slug, expires: time.Now().Add(time.Minute)}
			case mall.ErrorCode(err) == mall.ENotFound:
				e = entry{expires: time.Now().Add(time.Minute)}
			default:
				return err
			}
			mu.Lock()
			if len(cache) > 10000 {
				cache = map[string]entry{}
			}
			cache[host] = e
			mu.Unlock()
		}
		if e.slug == "" {
			return c.Next() // unknown host: serve the mall as usual
		}
		path := c.Path()
		if strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/media/") || path == "/locale" || strings.HasPrefix(path, "/account") || path == "/cart" || strings.HasPrefix(path, "/cart/") || strings.HasPrefix(path, "/checkout") {
			return c.Next()
		}
		if strings.HasPrefix(path, "/admin") || strings.HasPrefix(path, "/operator") {
			return fiber.ErrNotFound
		}
		c.Locals(storefront.LocalCustomDomain, true)
		prefix := "/s/" + e.slug
		if path == "/" {
			c.Path(prefix)
		} else if !strings.HasPrefix(path, prefix+"/") && path != prefix {
			c.Path(prefix + path)
		}
		return c.Next()
	}
}
