package storefront

import (
	"time"

	"github.com/mall-project/mall/web"
)

// Limits bound what one visitor's address may do, beside sign-in's own
// throttle (accounts.Throttle).
type Limits struct {
	// SignUp counts sign-up forms sent.
	SignUp web.Limit
	// Apply counts shop applications sent.
	Apply web.Limit
	// CartAdd counts products put in a cart.
	CartAdd web.Limit
	// Search counts searches the page cache could not answer: the ones
	// that cost the database a query.
	Search web.Limit
}

// DefaultLimits are the mall's limits. Sign-ups and applications are rare
// and worth the most to an abuser, so they are counted in shared (the
// database, like the sign-in throttle: every instance sees one count).
// Cart adds and searches are the hot paths a shopper clicks through, so
// they are counted in local (this instance's memory; behind a load
// balancer each instance allows the limit on its own).
func DefaultLimits(shared, local web.Counter) Limits {
	return Limits{
		SignUp:  web.Limit{Name: "signup", Max: 10, Window: time.Hour, Counter: shared},
		Apply:   web.Limit{Name: "apply", Max: 5, Window: time.Hour, Counter: shared},
		CartAdd: web.Limit{Name: "cart", Max: 60, Window: time.Minute, Counter: local},
		Search:  web.Limit{Name: "search", Max: 30, Window: time.Minute, Counter: local},
	}
}
