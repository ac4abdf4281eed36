package web

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

const localClientIP = "mall.client_ip"

// ParseProxies reads the trusted proxies (MALL_TRUSTED_PROXIES): addresses
// or CIDR ranges.
func ParseProxies(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("web: trusted proxy %q is neither an address nor a CIDR range", s)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// ClientAddress finds the address of the visitor behind each request once,
// for ClientIP: the peer's address, or, when the peer is one of the trusted
// proxies, the right-most address in X-Forwarded-For that is not a trusted
// proxy. Entries left of it were written by the client and prove nothing;
// an entry that is not an address is not believed either, and the request
// counts as coming from the proxy that forwarded it.
func ClientAddress(trusted []netip.Prefix) fiber.Handler {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return func(c *fiber.Ctx) error {
		peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
		if !ok {
			peer = netip.IPv4Unspecified()
		}
		ip := peer.Unmap()
		if len(trusted) > 0 && isTrusted(ip) {
			ip = forwardedFor(c, ip, isTrusted)
		}
		c.Locals(localClientIP, ip.String())
		return c.Next()
	}
}

// forwardedFor walks X-Forwarded-For (every such header, in order) from the
// right, starting at the trusted peer.
func forwardedFor(c *fiber.Ctx, peer netip.Addr, isTrusted func(netip.Addr) bool) netip.Addr {
	var hops []string
	c.Request().Header.VisitAll(func(k, v []byte) {
		if strings.EqualFold(string(k), fiber.HeaderXForwardedFor) {
			hops = append(hops, strings.Split(string(v), ",")...)
		}
	})
	ip := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := hopAddr(strings.TrimSpace(hops[i]))
		if !ok {
			return ip
		}
		ip = a.Unmap()
		if !isTrusted(ip) {
			return ip
		}
	}
	return ip
}

// hopAddr reads one X-Forwarded-For entry: an address, or an address and a
// port as some proxies write it.
func hopAddr(s string) (netip.Addr, bool) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, err := netip.ParseAddrPort(s)
		if err != nil {
			return netip.Addr{}, false
		}
		a = ap.Addr()
	}
	return a, a.Zone() == "" && !a.IsUnspecified()
}

// ClientIP is the address of the visitor (see ClientAddress); never empty.
func ClientIP(c *fiber.Ctx) string {
	if ip, ok := c.Locals(localClientIP).(string); ok {
		return ip
	}
	if a, ok := netip.AddrFromSlice(c.Context().RemoteIP()); ok {
		return a.Unmap().String()
	}
	return netip.IPv4Unspecified().String()
}
