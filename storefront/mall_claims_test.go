package storefront_test

import (
	"strings"
	"testing"

	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/server"
)

// TestUnnamedMallUsesTheDefaultName: with no MALL_NAME the home page's
// title and og:title start with the default name, not ": ".
func TestUnnamedMallUsesTheDefaultName(t *testing.T) {
	app := malltest.NewAppOn(t, dbtest.Open(t), func(o *server.Options) { o.Site.Name = "" })
	b := malltest.NewBrowser(t, app)
	for _, tc := range []struct{ lang, name string }{{"en", "Open Mall"}, {"zh-Hans", "开放商城"}} {
		p := b.Get("/?lang=" + tc.lang)
		title := p.Text("title")
		og := p.Attr(`meta[property="og:title"]`, "content")
		for _, got := range []string{title, og} {
			if !strings.HasPrefix(got, tc.name) {
				t.Errorf("%s: title %q, want it to start with %q", tc.lang, got, tc.name)
			}
		}
	}
}

// TestPagesClaimOnlyWhatTheMallDoes: the home page, footer, sign-up and
// /sell say nothing of verified-buyer reviews or streaming customer
// lists, which the mall does not offer yet.
func TestPagesClaimOnlyWhatTheMallDoes(t *testing.T) {
	s := newShopMall(t)
	seller := s.visitor()
	signUp(t, seller, "seller@example.test")
	for _, path := range []string{"/", "/account/sign-up", "/sell", "/?lang=zh-Hans", "/account/sign-up?lang=zh-Hans", "/sell?lang=zh-Hans"} {
		body := s.get(path).Doc.Find("body").Text()
		if strings.HasPrefix(path, "/sell") {
			// The application form too, as a signed-in visitor sees it.
			body += seller.Get(path).Doc.Find("body").Text()
		}
		for _, claim := range []string{"review", "Review", "real buyer", "verified", "stream", "评价", "真实买家", "实时同步"} {
			if strings.Contains(body, claim) {
				t.Errorf("%s claims %q", path, claim)
			}
		}
	}
}
