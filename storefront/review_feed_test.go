package storefront_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/storefront"
)

// deliveredLine has accountID buy one of variantID and the shop deliver
// it; it returns the order line's id.
func deliveredLine(t *testing.T, m *buyingMall, accountID, variantID int64) int64 {
	t.Helper()
	ctx := t.Context()
	owner := orders.CartOwner{AccountID: accountID}
	if err := m.app.Orders.AddToCart(ctx, owner, variantID, 1); err != nil {
		t.Fatal(err)
	}
	q, err := m.app.Orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	co, err := m.app.Orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: fmt.Sprintf("b%d@example.test", accountID),
		Provider: orders.ProviderOffline, ExpectedTotal: q.Total,
		Address: orders.Address{Name: "Lee", Line1: "1 Road", City: "Central", Region: "Hong Kong Island", Country: "HK"}})
	if err != nil {
		t.Fatal(err)
	}
	o := co.Orders[0]
	by := orders.Actor{Kind: orders.ActorStaff}
	if err := m.app.Orders.ConfirmOfflinePayment(ctx, o.MerchantID, o.ID, by); err != nil {
		t.Fatal(err)
	}
	if err := m.app.Orders.MarkShipped(ctx, o.MerchantID, o.ID, "DHL", "1", by); err != nil {
		t.Fatal(err)
	}
	if err := m.app.Orders.MarkDelivered(ctx, o.MerchantID, o.ID, by); err != nil {
		t.Fatal(err)
	}
	return o.Lines[0].ID
}

// xmlNode is a parsed XML element, for checking a document against a
// schema's required elements without the feed's own types.
type xmlNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []xmlNode  `xml:",any"`
}

func (n *xmlNode) child(name string) *xmlNode {
	for i := range n.Children {
		if n.Children[i].XMLName.Local == name {
			return &n.Children[i]
		}
	}
	return nil
}

func (n *xmlNode) all(name string) []xmlNode {
	var out []xmlNode
	for _, c := range n.Children {
		if c.XMLName.Local == name {
			out = append(out, c)
		}
	}
	return out
}

func (n *xmlNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// requiredByProductRatings24 is what the product ratings feed schema 2.4
// requires of each element (its minimal sample and reference): the
// feed's version and publisher name; a review's reviewer name,
// timestamp, content, URL, overall rating and products; a product's URL.
var requiredByProductRatings24 = map[string][]string{
	"feed":      {"version", "publisher"},
	"publisher": {"name"},
	"review":    {"reviewer", "review_timestamp", "content", "review_url", "ratings", "products"},
	"reviewer":  {"name"},
	"ratings":   {"overall"},
	"products":  {"product"},
	"product":   {"product_url"},
}

func checkRequired(t *testing.T, n *xmlNode, path string) {
	t.Helper()
	for _, want := range requiredByProductRatings24[n.XMLName.Local] {
		c := n.child(want)
		if c == nil || (len(c.Children) == 0 && strings.TrimSpace(c.Text) == "") {
			t.Errorf("%s has no %s", path, want)
		}
	}
	for i := range n.Children {
		checkRequired(t, &n.Children[i], path+"/"+n.Children[i].XMLName.Local)
	}
}

func TestProductRatingsFeedCarriesPublishedReviews(t *testing.T) {
	m := newBuyingMall(t)
	ctx := t.Context()
	kettle := m.kettle.Variants[0].ID
	review := func(email string, variant int64, in reviews.Input) *reviews.Review {
		t.Helper()
		a := malltest.Account(t, m.app, email, "Buyer")
		r, err := m.app.Reviews.Submit(ctx, a.ID, deliveredLine(t, m, a.ID, variant), in)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	tricky := review("a@example.test", kettle, reviews.Input{Rating: 5, Title: `Best <kettle> & "more"`, Body: "Boils fast & quiet <3 ]]>"})
	paid := review("b@example.test", kettle, review4Incentive)
	silent := review("c@example.test", kettle, reviews.Input{Rating: 3})
	erased := review("d@example.test", kettle, reviews.Input{Rating: 1, Body: "Erased text"})
	removed := review("e@example.test", kettle, reviews.Input{Rating: 2, Body: "Removed text"})
	other := review("f@example.test", m.lamp.Variants[0].ID, reviews.Input{Rating: 4, Body: "A lamp from the other shop"})
	if err := m.app.Reviews.EraseOwn(ctx, *erased.AccountID, erased.ID); err != nil {
		t.Fatal(err)
	}
	op := malltest.Operator(t, m.app)
	if err := m.app.Reviews.Remove(ctx, op.ID, removed.ID, "spam_fake", "The shop showed the buyer was its own employee."); err != nil {
		t.Fatal(err)
	}
	_ = silent
	_ = other

	p := m.visitor().Get("/s/acme/reviews/feed.xml")
	if p.Status != http.StatusOK || !strings.HasPrefix(p.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("feed: %d %q", p.Status, p.Header.Get("Content-Type"))
	}
	body := []byte(p.Body)
	if !bytes.Contains(body, []byte(storefront.ProductRatingsSchema)) {
		t.Fatal("the feed does not name the 2.4 schema")
	}
	var root xmlNode
	dec := xml.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&root); err != nil {
		t.Fatalf("not XML: %v\n%s", err, body)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("content after the feed: %v", err)
	}
	if root.XMLName.Local != "feed" || root.child("version").Text != "2.4" || root.child("publisher").child("name").Text != "Acme Kitchen" {
		t.Fatalf("feed head: %+v", root)
	}
	checkRequired(t, &root, "feed")

	list := root.child("reviews").all("review")
	byID := map[string]xmlNode{}
	for _, r := range list {
		byID[r.child("review_id").Text] = r
	}
	if len(list) != 2 || len(byID) != 2 {
		t.Fatalf("%d reviews in the feed, want the two with text of this shop:\n%s", len(list), body)
	}
	got := byID[itoa(tricky.ID)]
	if got.child("title") == nil || got.child("title").Text != `Best <kettle> & "more"` || got.child("content").Text != "Boils fast & quiet <3 ]]>" {
		t.Fatalf("escaped text came back as %q / %q", got.child("title").Text, got.child("content").Text)
	}
	if got.child("is_verified_purchase").Text != "true" || got.child("is_incentivized_review").Text != "false" {
		t.Fatalf("flags of the first review: %s %s", got.child("is_verified_purchase").Text, got.child("is_incentivized_review").Text)
	}
	ov := got.child("ratings").child("overall")
	if ov.Text != "5" || ov.attr("min") != "1" || ov.attr("max") != "5" {
		t.Fatalf("overall %+v", ov)
	}
	prod := got.child("products").child("product")
	if u := prod.child("product_url").Text; !strings.HasSuffix(u, "/s/acme/p/steel-kettle") || !strings.HasPrefix(u, "http") {
		t.Fatalf("product url %q", u)
	}
	if sku := prod.child("product_ids").child("skus").child("sku").Text; sku != "KET-1" {
		t.Fatalf("sku %q", sku)
	}
	if got.child("reviewer").child("name").attr("is_anonymous") != "true" {
		t.Fatal("reviewer not anonymous")
	}
	if pr := byID[itoa(paid.ID)]; pr.child("is_incentivized_review").Text != "true" || pr.child("is_verified_purchase").Text != "true" {
		t.Fatalf("incentivized review flags %s %s", pr.child("is_incentivized_review").Text, pr.child("is_verified_purchase").Text)
	}
	for _, leaked := range []string{"Erased text", "Removed text", "lamp"} {
		if bytes.Contains(body, []byte(leaked)) {
			t.Errorf("the feed carries %q", leaked)
		}
	}

	// The other shop's feed carries only its review.
	var bolt xmlNode
	if err := xml.Unmarshal([]byte(m.visitor().Get("/s/bolt/reviews/feed.xml").Body), &bolt); err != nil {
		t.Fatal(err)
	}
	if rs := bolt.child("reviews").all("review"); len(rs) != 1 || rs[0].child("review_id").Text != itoa(other.ID) {
		t.Fatalf("bolt's feed: %+v", rs)
	}
}

var review4Incentive = reviews.Input{Rating: 4, Body: "Got it free for a review", Incentivized: true}
