package admin_test

import (
	"net/url"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/orders"
)

func TestCarrierComesFromAListAndTheParcelCanBeFollowed(t *testing.T) {
	app := malltest.NewApp(t)
	shop := newOrdShop(t, app, "acme", 10)
	o := shop.place(t, app, "Ada", "ada@example.test", map[int64]int{shop.s: 1})
	if err := app.Orders.ConfirmOfflinePayment(t.Context(), shop.m.ID, o.ID, orders.Actor{Kind: orders.ActorStaff}); err != nil {
		t.Fatal(err)
	}
	p := shop.b.Get(orderPath(o, ""))
	if list, _ := p.Doc.Find(`[data-testid="ship-form"] input[name="carrier"]`).Attr("list"); list != "carriers" {
		t.Fatalf("carrier field list %q", list)
	}
	var names []string
	p.Doc.Find(`datalist#carriers option`).Each(func(_ int, s *goquery.Selection) { v, _ := s.Attr("value"); names = append(names, v) })
	want := []string{"UPS", "FedEx", "USPS", "DHL", "Royal Mail", "SF Express", "China Post", "Cainiao", "YunExpress"}
	if len(names) != len(want) {
		t.Fatalf("carriers %q", names)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Errorf("carrier %d %q, want %q", i, names[i], want[i])
		}
	}
	if p := shop.b.Post(orderPath(o, "ship"), url.Values{"carrier": {"Royal Mail"}, "tracking_number": {"AB123456789GB"}}); p.Status != 303 {
		t.Fatalf("ship: %d", p.Status)
	}
	p = shop.b.Get(orderPath(o, ""))
	if href := p.Attr(`[data-testid="tracking-link"]`, "href"); href != "https://www.royalmail.com/track-your-item#/tracking-results/AB123456789GB" {
		t.Errorf("admin tracking link %q", href)
	}
}
