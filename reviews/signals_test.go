package reviews_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
	"github.com/mall-project/mall/reviews"
)

// buy says how a test order is placed: who, from which browser and
// network, to where, paid with which card.
type buy struct {
	account int64
	email   string
	name    string
	line1   string
	device  string
	ip      string
	card    string
}

// delivered places a paid, delivered order of variant as b says, through
// the real checkout (a card order when b.card is set, paid with that
// card's fingerprint), and returns it.
func (f *fixture) delivered(variantID int64, b buy) *orders.Order {
	f.t.Helper()
	owner := orders.CartOwner{AccountID: b.account}
	if b.account == 0 {
		owner = orders.CartOwner{Token: orders.NewCartToken()}
	}
	if err := f.orders.AddToCart(ctx, owner, variantID, 1); err != nil {
		f.t.Fatal(err)
	}
	q, err := f.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		f.t.Fatal(err)
	}
	if b.email == "" {
		b.email = fmt.Sprintf("buyer%d@example.test", f.seq.Add(1))
	}
	if b.name == "" {
		b.name = "Shopper"
	}
	if b.line1 == "" {
		b.line1 = fmt.Sprintf("%d Harbour Road", f.seq.Add(1))
	}
	provider := orders.ProviderOffline
	if b.card != "" {
		provider = orders.ProviderStripe
	}
	co, err := f.orders.PlaceCheckout(ctx, orders.PlaceRequest{
		Owner: owner, Email: b.email, Provider: provider, ExpectedTotal: q.Total, ClientIP: b.ip, DeviceToken: b.device,
		Address: orders.Address{Name: b.name, Line1: b.line1, City: "Central", Region: "Hong Kong Island", Country: "HK"},
	})
	if err != nil {
		f.t.Fatalf("place: %v", err)
	}
	o := co.Orders[0]
	if b.card != "" {
		pi := fmt.Sprintf("pi_%d", co.ID)
		if _, err := f.orders.MarkCheckoutPaid(ctx, co.ID, orders.Payment{PaymentIntentID: pi}); err != nil {
			f.t.Fatal(err)
		}
		if ok, err := f.orders.SetCardFingerprint(ctx, pi, "", b.card); err != nil || !ok {
			f.t.Fatalf("card: %v %v", ok, err)
		}
	} else if err := f.orders.ConfirmOfflinePayment(ctx, o.MerchantID, o.ID, staffActor); err != nil {
		f.t.Fatal(err)
	}
	if err := f.orders.MarkShipped(ctx, o.MerchantID, o.ID, "DHL", "JD0001", staffActor); err != nil {
		f.t.Fatal(err)
	}
	if err := f.orders.MarkDelivered(ctx, o.MerchantID, o.ID, staffActor); err != nil {
		f.t.Fatal(err)
	}
	got, err := f.orders.OrderInMerchant(ctx, o.MerchantID, o.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return got
}

// agedAccount makes an account created age before the fixture's clock.
func (f *fixture) agedAccount(email, name string, age time.Duration) int64 {
	f.t.Helper()
	at := f.clock().Add(-age)
	var id int64
	if err := f.db.Raw(`INSERT INTO accounts (email, name, password_hash, created_at, updated_at)
		VALUES (?, ?, 'x', ?, ?) RETURNING id`, email, name, at, at).Scan(&id).Error; err != nil {
		f.t.Fatal(err)
	}
	return id
}

func (f *fixture) review(accountID int64, o *orders.Order, in reviews.Input) *reviews.Review {
	f.t.Helper()
	var r *reviews.Review
	var err error
	if accountID == 0 {
		r, err = f.reviews.SubmitAsGuest(ctx, o.Lines[0].ID, in)
	} else {
		r, err = f.reviews.Submit(ctx, accountID, o.Lines[0].ID, in)
	}
	if err != nil {
		f.t.Fatalf("review: %v", err)
	}
	return r
}

// signals recomputes the shop's signals and returns them by review.
func (f *fixture) signals(merchantID int64, ids ...int64) map[int64]*reviews.ReviewSignals {
	f.t.Helper()
	if err := f.reviews.RecomputeSignals(ctx, merchantID); err != nil {
		f.t.Fatalf("recompute: %v", err)
	}
	got, err := f.reviews.SignalsInMerchant(ctx, merchantID, ids)
	if err != nil {
		f.t.Fatal(err)
	}
	return got
}

func signal(rs *reviews.ReviewSignals, code string) *reviews.Signal {
	if rs == nil {
		return nil
	}
	for i := range rs.Signals {
		if rs.Signals[i].Code == code {
			return &rs.Signals[i]
		}
	}
	return nil
}

func codes(rs *reviews.ReviewSignals) []string {
	var out []string
	if rs != nil {
		for _, s := range rs.Signals {
			out = append(out, s.Code)
		}
	}
	return out
}

// old is an account age no rule calls young.
const old = 400 * 24 * time.Hour

func text(n int) reviews.Input {
	bodies := []string{
		"The cotton is soft and the stitching held up after many washes, colour still bright.",
		"Arrived late and the box was crushed; the mug itself has a chip on the handle sadly.",
		"Bought it as a gift for my father, he wears it every weekend in the garden now.",
		"Runs small, order one size up. The fabric is thinner than the photos suggest.",
		"Excellent value for money, I ordered three more in other colours for the family.",
		"Customer service answered within the hour and swapped the size without any fuss.",
	}
	return reviews.Input{Rating: 5, Title: fmt.Sprintf("Note %d", n), Body: bodies[n%len(bodies)]}
}

// TestSignalRefundAfterGoodReview: a 4-5 star review whose line is
// refunded within 30 days is flagged; a refunded 2-star one, or a refund
// after the window, is not.
func TestSignalRefundAfterGoodReview(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	a := f.agedAccount("a@example.test", "Shopper", old)
	b := f.agedAccount("b@example.test", "Shopper", old)
	c := f.agedAccount("c@example.test", "Shopper", old)
	oa, ob, oc := f.delivered(v[0], buy{account: a}), f.delivered(v[0], buy{account: b}), f.delivered(v[0], buy{account: c})
	f.advance(2 * time.Hour)
	good := f.review(a, oa, text(0))
	bad := f.review(b, ob, reviews.Input{Rating: 2, Body: text(1).Body})
	late := f.review(c, oc, text(2))
	f.advance(3 * 24 * time.Hour)
	f.refund(oa, 1)
	f.refund(ob, 1)
	f.advance(40 * 24 * time.Hour)
	f.refund(oc, 1)
	got := f.signals(shop, good.ID, bad.ID, late.ID)
	if s := signal(got[good.ID], reviews.SignalRefundAfterGood); s == nil || s.N != 3 {
		t.Errorf("5-star review refunded 3 days later: %v", codes(got[good.ID]))
	}
	if signal(got[bad.ID], reviews.SignalRefundAfterGood) != nil {
		t.Error("a refunded 2-star review is flagged")
	}
	if signal(got[late.ID], reviews.SignalRefundAfterGood) != nil {
		t.Error("a refund 43 days after the review is flagged")
	}
	if got[good.ID].Score < reviews.SignalWeight(reviews.SignalRefundAfterGood) {
		t.Errorf("score %d", got[good.ID].Score)
	}
}

// TestSignalShopFiveStarRefunds: a shop whose 5-star reviews are refunded
// far more often than its other order lines has it on its 5-star
// reviews; refunds at the shop's usual rate do not.
func TestSignalShopFiveStarRefunds(t *testing.T) {
	for _, tc := range []struct {
		name          string
		otherRefunded int
		want          bool
	}{{"other lines never refunded", 0, true}, {"other lines refunded as often", 4, false}} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			shop := f.merchant("alpha")
			_, v := f.product(shop, "Tee", 0, 2000)
			var five []*reviews.Review
			var fiveOrders []*orders.Order
			for i := range 5 {
				acct := f.agedAccount(fmt.Sprintf("r%d@example.test", i), "Shopper", old)
				o := f.delivered(v[0], buy{account: acct})
				f.advance(2 * time.Hour)
				five = append(five, f.review(acct, o, text(i)))
				fiveOrders = append(fiveOrders, o)
			}
			f.refund(fiveOrders[0], 1)
			f.refund(fiveOrders[1], 1)
			for i := range 10 {
				o := f.delivered(v[0], buy{})
				if i < tc.otherRefunded {
					f.refund(o, 1)
				}
			}
			got := f.signals(shop, five[2].ID)
			s := signal(got[five[2].ID], reviews.SignalShopRefundsAfter5)
			if (s != nil) != tc.want {
				t.Fatalf("signal %v, want %v (%v)", s, tc.want, codes(got[five[2].ID]))
			}
			if s != nil && s.N != 40 {
				t.Errorf("percent %d, want 40", s.N)
			}
		})
	}
}

// TestSignalLinkedReviewers: buyers sharing a card, a device cookie, a
// network or an address form one group, with its share of the product's
// reviews; a buyer sharing nothing is in none. The shop's staff's own
// orders join groups too.
func TestSignalLinkedReviewers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		link  string
		a, b  buy
		staff bool
	}{
		{"card", reviews.LinkCard, buy{card: "fp_same", ip: "203.0.113.7"}, buy{card: "fp_same", ip: "198.51.100.9"}, false},
		{"device", reviews.LinkDevice, buy{device: "dev-1", ip: "203.0.113.7"}, buy{device: "dev-1", ip: "198.51.100.9"}, false},
		{"ipv4 /24", reviews.LinkNetwork, buy{ip: "203.0.113.7"}, buy{ip: "203.0.113.200"}, false},
		{"ipv6 /48", reviews.LinkNetwork, buy{ip: "2001:db8:1:1::5"}, buy{ip: "2001:db8:1:ffff::9"}, false},
		{"address", reviews.LinkAddress, buy{line1: "8 Queen's Road", ip: "203.0.113.7"}, buy{line1: "8 queens rd", ip: "198.51.100.9"}, false},
		{"staff", reviews.LinkDevice, buy{device: "dev-staff", ip: "203.0.113.7"}, buy{device: "dev-staff", ip: "198.51.100.9"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			shop := f.merchant("alpha")
			_, v := f.product(shop, "Tee", 0, 2000)
			a := f.agedAccount("a@example.test", "Shopper", old)
			b := f.agedAccount("b@example.test", "Shopper", old)
			loner := f.agedAccount("c@example.test", "Shopper", old)
			tc.a.account = a
			if tc.staff {
				clerk := f.agedAccount("clerk@example.test", "Shopper", old)
				f.staff(shop, clerk)
				tc.b.account = clerk
				_, ov := f.product(f.merchant("bravo"), "Mug", 0, 900)
				f.delivered(ov[0], tc.b) // the clerk's own order, elsewhere
			} else {
				tc.b.account = b
			}
			oa := f.delivered(v[0], tc.a)
			ol := f.delivered(v[0], buy{account: loner, ip: "192.0.2.1", device: "dev-other"})
			f.advance(2 * time.Hour)
			ra := f.review(a, oa, text(0))
			rl := f.review(loner, ol, text(2))
			ids := []int64{ra.ID, rl.ID}
			var rb *reviews.Review
			if !tc.staff {
				ob := f.delivered(v[0], tc.b)
				f.advance(2 * time.Hour)
				rb = f.review(b, ob, text(1))
				ids = append(ids, rb.ID)
			}
			got := f.signals(shop, ids...)
			if signal(got[rl.ID], reviews.SignalLinkedReviewers) != nil || signal(got[rl.ID], reviews.SignalLinkedStaff) != nil || got[rl.ID].GroupID != 0 {
				t.Errorf("a buyer sharing nothing is linked: %v", codes(got[rl.ID]))
			}
			if tc.staff {
				s := signal(got[ra.ID], reviews.SignalLinkedStaff)
				if s == nil || !slices.Contains(s.Via, tc.link) {
					t.Fatalf("a reviewer sharing a device with the clerk: %v", codes(got[ra.ID]))
				}
				return
			}
			for _, r := range []*reviews.Review{ra, rb} {
				s := signal(got[r.ID], reviews.SignalLinkedReviewers)
				if s == nil || s.N != 2 || !slices.Contains(s.Via, tc.link) {
					t.Fatalf("review %d: %+v (%v)", r.ID, s, codes(got[r.ID]))
				}
				if s.Share != 66 { // 2 of the product's 3 reviews
					t.Errorf("share %d, want 66", s.Share)
				}
				if got[r.ID].GroupID != ra.ID || got[r.ID].GroupSize != 2 {
					t.Errorf("group %d size %d", got[r.ID].GroupID, got[r.ID].GroupSize)
				}
			}
			g, err := f.reviews.GroupAcrossMall(ctx, ra.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(g.Members) != 2 || !slices.Contains(g.Via, tc.link) || len(g.Members[0].Orders) != 1 || len(g.Members[0].Reviews) != 1 {
				t.Fatalf("group %+v", g)
			}
			for _, m := range g.Members {
				if !strings.Contains(m.MaskedEmail, "***@example.test") || strings.HasPrefix(m.MaskedEmail, "a@") {
					t.Errorf("email shown as %q", m.MaskedEmail)
				}
			}
			if _, err := f.reviews.GroupAcrossMall(ctx, rl.ID); key(err) != "error.not_found" {
				t.Errorf("the loner's group: %v", err)
			}
			if _, err := f.reviews.GroupInMerchant(ctx, f.merchant("charlie"), ra.ID); key(err) != "error.not_found" {
				t.Errorf("another shop reads the group: %v", err)
			}
		})
	}
}

// TestSignalAddresses: several reviewers' orders to one address
// (brushing), and an order shipped to a name not the account's.
func TestSignalAddresses(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	var rs []*reviews.Review
	for i := range 3 {
		acct := f.agedAccount(fmt.Sprintf("r%d@example.test", i), "Shopper", old)
		o := f.delivered(v[0], buy{account: acct, line1: "Unit 5, 12 Depot Street", ip: fmt.Sprintf("198.51.%d.1", i)})
		f.advance(2 * time.Hour)
		rs = append(rs, f.review(acct, o, text(i)))
	}
	two := f.agedAccount("two@example.test", "Shopper", old)
	o := f.delivered(v[0], buy{account: two, line1: "9 Elsewhere Lane", ip: "192.0.2.9"})
	f.advance(2 * time.Hour)
	alone := f.review(two, o, text(4))
	gifted := f.agedAccount("jane@example.test", "Jane Smith", old)
	og := f.delivered(v[0], buy{account: gifted, name: "Someone Else", line1: "4 Far Road", ip: "192.0.2.77"})
	mine := f.agedAccount("lee@example.test", "Lee", old)
	om := f.delivered(v[0], buy{account: mine, name: "Lee Wong", line1: "5 Far Road", ip: "192.0.2.78"})
	f.advance(2 * time.Hour)
	rg := f.review(gifted, og, text(5))
	rm := f.review(mine, om, text(3))

	got := f.signals(shop, rs[0].ID, alone.ID, rg.ID, rm.ID)
	if s := signal(got[rs[0].ID], reviews.SignalSharedAddress); s == nil || s.N != 3 {
		t.Errorf("three reviewers to one address: %v", codes(got[rs[0].ID]))
	}
	if signal(got[alone.ID], reviews.SignalSharedAddress) != nil {
		t.Error("a reviewer at an address of their own is flagged")
	}
	if signal(got[rg.ID], reviews.SignalOtherAddress) == nil {
		t.Errorf("shipped to another name: %v", codes(got[rg.ID]))
	}
	if signal(got[rm.ID], reviews.SignalOtherAddress) != nil {
		t.Error("'Lee Wong' for the account 'Lee' is flagged")
	}
}

// TestSignalBurst: four reviews of a product on one day when it sells a
// handful a month is a burst; three are not.
func TestSignalBurst(t *testing.T) {
	for _, n := range []int{3, 4} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			f := newFixture(t)
			shop := f.merchant("alpha")
			_, v := f.product(shop, "Tee", 0, 2000)
			var os []*orders.Order
			var accts []int64
			for i := range n {
				acct := f.agedAccount(fmt.Sprintf("r%d@example.test", i), "Shopper", old)
				accts = append(accts, acct)
				os = append(os, f.delivered(v[0], buy{account: acct, ip: fmt.Sprintf("198.51.%d.1", i)}))
			}
			f.advance(2 * time.Hour)
			var last *reviews.Review
			for i := range os {
				last = f.review(accts[i], os[i], text(i))
			}
			got := f.signals(shop, last.ID)
			s := signal(got[last.ID], reviews.SignalBurst)
			if (s != nil) != (n >= reviews.BurstMinReviews) {
				t.Fatalf("%d reviews in a day: %v", n, codes(got[last.ID]))
			}
		})
	}
}

// TestSignalBuyers: a young account, a buyer of one shop only, and a
// review minutes after delivery; an old account buying in two shops a day
// later has none of them.
func TestSignalBuyers(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	_, ov := f.product(f.merchant("bravo"), "Mug", 0, 900)
	young := f.agedAccount("new@example.test", "Shopper", 3*24*time.Hour)
	seasoned := f.agedAccount("old@example.test", "Shopper", old)
	oy := f.delivered(v[0], buy{account: young, ip: "198.51.100.1"})
	f.advance(5 * time.Minute)
	ry := f.review(young, oy, text(0))
	os := f.delivered(v[0], buy{account: seasoned, ip: "192.0.2.1"})
	f.delivered(ov[0], buy{account: seasoned, ip: "192.0.2.1"})
	f.advance(26 * time.Hour)
	rs := f.review(seasoned, os, text(1))

	got := f.signals(shop, ry.ID, rs.ID)
	if s := signal(got[ry.ID], reviews.SignalYoungAccount); s == nil || s.N != 3 {
		t.Errorf("3-day-old account: %v", codes(got[ry.ID]))
	}
	if signal(got[ry.ID], reviews.SignalOneShopBuyer) == nil {
		t.Errorf("buyer of one shop: %v", codes(got[ry.ID]))
	}
	if s := signal(got[ry.ID], reviews.SignalQuickReview); s == nil || s.N != 5 {
		t.Errorf("review 5 minutes after delivery: %v", codes(got[ry.ID]))
	}
	if c := codes(got[rs.ID]); len(c) != 0 {
		t.Errorf("the seasoned buyer has signals %v", c)
	}
}

// TestSignalSimilarText: near-identical texts by different buyers (one
// word changed, in English and in Chinese) are flagged; different texts
// and short ones are not.
func TestSignalSimilarText(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	write := func(i int, body string) *reviews.Review {
		acct := f.agedAccount(fmt.Sprintf("r%d@example.test", i), "Shopper", old)
		o := f.delivered(v[0], buy{account: acct, ip: fmt.Sprintf("198.51.%d.1", i)})
		f.advance(2 * time.Hour)
		return f.review(acct, o, reviews.Input{Rating: 5, Body: body})
	}
	en := "Absolutely love this shirt, the cotton is so soft and the fit is perfect for summer days at the beach with friends."
	a := write(0, en)
	b := write(1, strings.Replace(en, "friends", "family", 1))
	zh := "这件衬衫质量非常好，棉布很柔软，穿着特别舒服，夏天去海边穿正合适，强烈推荐给大家购买。"
	c := write(2, zh)
	d := write(3, strings.Replace(zh, "大家", "朋友", 1))
	other := write(4, text(1).Body)
	s1 := write(5, "Great!")
	s2 := write(6, "Great!")
	got := f.signals(shop, a.ID, b.ID, c.ID, d.ID, other.ID, s1.ID, s2.ID)
	for _, r := range []*reviews.Review{a, b, c, d} {
		if s := signal(got[r.ID], reviews.SignalSimilarText); s == nil || s.N != 1 {
			t.Errorf("review %d: %v", r.ID, codes(got[r.ID]))
		}
	}
	for _, r := range []*reviews.Review{other, s1, s2} {
		if signal(got[r.ID], reviews.SignalSimilarText) != nil {
			t.Errorf("review %q is flagged as similar", r.Body)
		}
	}
}

// TestSignalFlags: deep discounts and declared incentives, already marked
// on the review, are signals too.
func TestSignalFlags(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 5000, 2000) // half price or less
	acct := f.agedAccount("a@example.test", "Shopper", old)
	o := f.delivered(v[0], buy{account: acct, ip: "198.51.100.1"})
	f.advance(2 * time.Hour)
	in := text(0)
	in.Incentivized = true
	r := f.review(acct, o, in)
	got := f.signals(shop, r.ID)
	if signal(got[r.ID], reviews.SignalDeepDiscount) == nil || signal(got[r.ID], reviews.SignalIncentive) == nil {
		t.Errorf("signals %v", codes(got[r.ID]))
	}
	want := reviews.SignalWeight(reviews.SignalDeepDiscount) + reviews.SignalWeight(reviews.SignalIncentive) + reviews.SignalWeight(reviews.SignalOneShopBuyer)
	if got[r.ID].Score != want {
		t.Errorf("score %d, want %d (%v)", got[r.ID].Score, want, codes(got[r.ID]))
	}
}

// TestSignalsChangeNoReview: however many signals fire, every review
// stays as it was (status, verification, rating), the product shows the
// same reviews and the aggregates do not move; the queue ranks them by
// score.
func TestSignalsChangeNoReview(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	pid, v := f.product(shop, "Tee", 0, 2000)
	var ids []int64
	for i := range 5 {
		acct := f.agedAccount(fmt.Sprintf("r%d@example.test", i), "Shopper", 24*time.Hour)
		o := f.delivered(v[0], buy{account: acct, device: "one-browser", card: "fp_one", line1: "1 Same Street"})
		ids = append(ids, f.review(acct, o, reviews.Input{Rating: 5, Body: text(0).Body}).ID)
	}
	calm := f.agedAccount("calm@example.test", "Shopper", old)
	oc := f.delivered(v[0], buy{account: calm, ip: "192.0.2.1"})
	f.advance(3 * time.Hour)
	ids = append(ids, f.review(calm, oc, reviews.Input{Rating: 3, Body: text(3).Body}).ID)

	type state struct {
		list []string
		agg  reviews.Aggregate
	}
	read := func() state {
		list, _, err := f.reviews.ProductReviews(ctx, shop, pid, reviews.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var st state
		for _, r := range list {
			st.list = append(st.list, fmt.Sprintf("%d/%s/%v/%d/%v", r.ID, r.Status, r.Verified, r.Rating, r.Counted()))
		}
		a, err := f.reviews.ProductAggregate(ctx, shop, pid)
		if err != nil {
			t.Fatal(err)
		}
		st.agg = *a
		return st
	}
	before := read()
	changed := f.changed.Load()
	got := f.signals(shop, ids...)
	if got[ids[0]].Score < reviews.QueueScore {
		t.Fatalf("the linked reviews score %d (%v)", got[ids[0]].Score, codes(got[ids[0]]))
	}
	after := read()
	if !slices.Equal(before.list, after.list) || before.agg != after.agg || len(after.list) != 6 {
		t.Fatalf("signals changed the product's reviews:\n%v %+v\n%v %+v", before.list, before.agg, after.list, after.agg)
	}
	if f.changed.Load() != changed {
		t.Error("computing signals dropped the product pages")
	}
	q, err := f.reviews.QueueAcrossMall(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 5 {
		t.Fatalf("queue holds %d reviews, want the 5 flagged", len(q))
	}
	for i := 1; i < len(q); i++ {
		if q[i].Score() > q[i-1].Score() {
			t.Errorf("queue not by score: %d before %d", q[i-1].Score(), q[i].Score())
		}
	}
}

// TestSignalsRecomputedThroughTheOutbox: a review written, and a refund
// of a reviewed line, ask for the shop's signals again through the
// outbox; the worker computes them.
func TestSignalsRecomputedThroughTheOutbox(t *testing.T) {
	f := newFixture(t)
	q := outbox.NewQueue(f.db, nil)
	q.SetClock(f.clock)
	f.reviews.RegisterSignals(q)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	acct := f.agedAccount("a@example.test", "Shopper", old)
	o := f.delivered(v[0], buy{account: acct, ip: "198.51.100.1"})
	f.advance(2 * time.Hour)
	r := f.review(acct, o, text(0))
	if n := f.count("review_signals", "review_id = ?", r.ID); n != 0 {
		t.Fatal("signals computed before the worker ran")
	}
	if _, err := q.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	sig, err := f.reviews.SignalsInMerchant(ctx, shop, []int64{r.ID})
	if err != nil || sig[r.ID] == nil || signal(sig[r.ID], reviews.SignalRefundAfterGood) != nil {
		t.Fatalf("after the review: %+v %v", sig[r.ID], err)
	}
	f.advance(24 * time.Hour)
	f.refund(o, 1)
	if _, err := q.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	sig, err = f.reviews.SignalsInMerchant(ctx, shop, []int64{r.ID})
	if err != nil || signal(sig[r.ID], reviews.SignalRefundAfterGood) == nil {
		t.Fatalf("after the refund: %v %v", codes(sig[r.ID]), err)
	}
}

// TestSignalWideNetworkLinksNoOne: more than NetworkLinkMax buyers on one
// /24 (a carrier's or an office's) are not linked by it.
func TestSignalWideNetworkLinksNoOne(t *testing.T) {
	f := newFixture(t)
	shop := f.merchant("alpha")
	_, v := f.product(shop, "Tee", 0, 2000)
	var ids []int64
	for i := range reviews.NetworkLinkMax + 1 {
		acct := f.agedAccount(fmt.Sprintf("r%d@example.test", i), "Shopper", old)
		o := f.delivered(v[0], buy{account: acct, ip: fmt.Sprintf("203.0.113.%d", i+1)})
		f.advance(2 * time.Hour)
		ids = append(ids, f.review(acct, o, text(i)).ID)
	}
	got := f.signals(shop, ids...)
	for _, id := range ids {
		if s := signal(got[id], reviews.SignalLinkedReviewers); s != nil {
			t.Fatalf("review %d linked by a network %d buyers share: %+v", id, reviews.NetworkLinkMax+1, s)
		}
	}
}
