package reviews

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mfonda/simhash"
	"golang.org/x/text/unicode/norm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/orders"
)

// Integrity signal codes. Each is one rule of docs/REVIEWS.md ("Integrity
// signals"); the operator's queue is ranked by their weights. A signal
// never changes what a review shows or counts: a person decides.
const (
	SignalRefundAfterGood     = "refund_after_good"
	SignalChargebackAfterGood = "chargeback_after_good"
	SignalShopRefundsAfter5   = "shop_refunds_after_five"
	SignalLinkedReviewers     = "linked_reviewers"
	SignalLinkedStaff         = "linked_staff"
	SignalOtherAddress        = "other_address"
	SignalSharedAddress       = "shared_address"
	SignalBurst               = "burst"
	SignalYoungAccount        = "young_account"
	SignalOneShopBuyer        = "one_shop_buyer"
	SignalQuickReview         = "quick_review"
	SignalSimilarText         = "similar_text"
	SignalDeepDiscount        = "deep_discount"
	SignalIncentive           = "incentive"
	SignalRewardCases         = "shop_reward_cases"
)

// Links: what two buyers of a linked group share.
const (
	LinkCard    = "card"
	LinkDevice  = "device"
	LinkNetwork = "network"
	LinkAddress = "address"
)

// Thresholds and weights of the rules (documented in docs/REVIEWS.md).
const (
	// RefundAfterGoodWindow: a 4-5 star review whose line is refunded or
	// charged back within this time of the review.
	RefundAfterGoodWindow = 30 * 24 * time.Hour
	// A shop with at least ShopFiveMinReviews 5-star reviews of which at
	// least 1 in ShopFiveRatioDivisor were refunded, ShopFiveFactor times
	// as often as its other order lines.
	ShopFiveMinReviews   = 5
	ShopFiveRatioDivisor = 5
	ShopFiveFactor       = 3
	// NetworkLinkMax: a network (/24, /48) shared by more buyers than
	// this links none of them.
	NetworkLinkMax = 5
	// SharedAddressMin distinct reviewers' orders to one address.
	SharedAddressMin = 3
	// BurstMinReviews reviews of one product on one UTC day, more than
	// BurstFactor times its daily paid order lines over the 30 days up to
	// that day.
	BurstMinReviews = 4
	BurstFactor     = 3
	BurstDays       = 30
	// YoungAccountAge: the account was made this shortly before the
	// review.
	YoungAccountAge = 14 * 24 * time.Hour
	// QuickReviewWindow: the review was written this soon after delivery.
	QuickReviewWindow = time.Hour
	// Texts of at least SimilarMinTokens words (or Chinese characters)
	// whose SimHash over pairs of neighbouring tokens differs in at most
	// SimilarMaxBits of 64 bits (a quick first sieve) and which share at
	// least 6 in 10 of those pairs (Jaccard).
	SimilarMinTokens  = 8
	SimilarMaxBits    = 16
	SimilarJaccardNum = 6
	SimilarJaccardDen = 10
	// QueueScore: a review scoring this much joins the operator's queue
	// unreported.
	QueueScore = 40
	MaxScore   = 100
)

var signalWeights = map[string]int{
	SignalRefundAfterGood: 25, SignalChargebackAfterGood: 30, SignalShopRefundsAfter5: 15,
	SignalLinkedReviewers: 15, SignalLinkedStaff: 40, SignalOtherAddress: 5, SignalSharedAddress: 20,
	SignalBurst: 15, SignalYoungAccount: 10, SignalOneShopBuyer: 5, SignalQuickReview: 10,
	SignalSimilarText: 25, SignalDeepDiscount: 10, SignalIncentive: 5, SignalRewardCases: 10,
}

// SignalWeight is the weight of a signal code in the score.
func SignalWeight(code string) int { return signalWeights[code] }

// Signal is one rule that fired on a review. N is the rule's number (the
// group's reviewers, the days of the account, the minutes after
// delivery, the similar reviews, the reviews that day, the shop's cases,
// the shop's percent of refunded 5-star reviews); Share is the percent of
// the product's reviews a linked group wrote; Via says what linked it.
type Signal struct {
	Code   string   `json:"code"`
	N      int64    `json:"n,omitempty"`
	Share  int64    `json:"share,omitempty"`
	Via    []string `json:"via,omitempty"`
	Weight int      `json:"weight"`
}

// signalInput is everything the rules look at for one shop's reviews.
type signalInput struct {
	reviews  []Review
	traces   map[int64]orders.PurchaseTrace // by order line
	staff    []orders.PurchaseTrace         // the shop's staff's own orders
	profiles map[int64]accounts.Profile
	shops    map[int64]int // shops each reviewer account bought from
	refunds  orders.LineRefunds
	cases    int64 // review-for-reward cases against the shop, not unfounded
	// sales counts the product's paid order lines in [from, to).
	sales func(productID int64, from, to time.Time) (int64, error)
}

// signalResult is one review's signals, score and linked group.
type signalResult struct {
	signals   []Signal
	score     int
	groupID   int64
	groupSize int
}

func (r *signalResult) add(s Signal) {
	if s.Weight == 0 {
		s.Weight = signalWeights[s.Code]
	}
	r.signals = append(r.signals, s)
}

// identity names the buyer behind a review: the account, or a guest's
// order email.
func identity(r *Review, t orders.PurchaseTrace, ok bool) string {
	switch {
	case r.AccountID != nil:
		return "a:" + itoa(*r.AccountID)
	case ok && t.Email != "":
		return "e:" + strings.ToLower(t.Email)
	}
	return "r:" + itoa(r.ID)
}

func traceKeys(t orders.PurchaseTrace) map[string]string {
	k := map[string]string{}
	if t.CardHash != "" {
		k[LinkCard] = "card:" + t.CardHash
	}
	if t.DeviceHash != "" {
		k[LinkDevice] = "device:" + t.DeviceHash
	}
	if t.NetworkHash != "" {
		k[LinkNetwork] = "net:" + t.NetworkHash
	}
	if t.AddressKey != "" {
		k[LinkAddress] = "addr:" + t.AddressKey
	}
	return k
}

// unionFind joins nodes into groups (path halving, union by size).
type unionFind struct{ parent, size []int }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n), size: make([]int, n)}
	for i := range u.parent {
		u.parent[i], u.size[i] = i, 1
	}
	return u
}

func (u *unionFind) find(x int) int {
	for u.parent[x] != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = u.parent[x]
	}
	return x
}

func (u *unionFind) union(a, b int) {
	a, b = u.find(a), u.find(b)
	if a == b {
		return
	}
	if u.size[a] < u.size[b] {
		a, b = b, a
	}
	u.parent[b] = a
	u.size[a] += u.size[b]
}

// computeSignals applies every rule to the shop's reviews.
func computeSignals(in signalInput) (map[int64]*signalResult, error) {
	n := len(in.reviews)
	out := make(map[int64]*signalResult, n)
	ids := make([]string, n)
	for i := range in.reviews {
		r := &in.reviews[i]
		t, ok := in.traces[r.OrderLineID]
		ids[i] = identity(r, t, ok)
		out[r.ID] = &signalResult{}
	}

	// Linked reviewers: reviews (and the staff's own orders) joined by a
	// shared card, device, network or address, or by being one buyer.
	nodes := n + len(in.staff)
	uf := newUnionFind(nodes)
	keyIDs := map[string]map[string]bool{} // trace key -> identities
	nodeKeys := make([]map[string]string, nodes)
	see := func(node int, keys map[string]string, who string) {
		nodeKeys[node] = map[string]string{"id": "id:" + who}
		for kind, key := range keys {
			nodeKeys[node][kind] = key
		}
		for _, key := range nodeKeys[node] {
			if keyIDs[key] == nil {
				keyIDs[key] = map[string]bool{}
			}
			keyIDs[key][who] = true
		}
	}
	for i := range in.reviews {
		var keys map[string]string
		if t, ok := in.traces[in.reviews[i].OrderLineID]; ok {
			keys = traceKeys(t)
		}
		see(i, keys, ids[i])
	}
	for j, t := range in.staff {
		who := "staff:" + itoa(int64(j))
		if t.AccountID != nil {
			who = "a:" + itoa(*t.AccountID)
		}
		see(n+j, traceKeys(t), who)
	}
	// A network shared by many buyers (a mobile carrier's, an office's)
	// says nothing about any two of them: it links no one.
	links := func(kind, key string) bool {
		return kind != LinkNetwork || len(keyIDs[key]) <= NetworkLinkMax
	}
	first := map[string]int{}
	for node := range nodes {
		for kind, key := range nodeKeys[node] {
			if !links(kind, key) {
				continue
			}
			if j, ok := first[key]; ok {
				uf.union(node, j)
			} else {
				first[key] = node
			}
		}
	}
	type group struct {
		reviewers map[string]bool
		staff     bool
		via       map[string]bool
		minID     int64
		byProduct map[int64]int64
	}
	groups := map[int]*group{}
	groupOf := func(node int) *group {
		root := uf.find(node)
		g := groups[root]
		if g == nil {
			g = &group{reviewers: map[string]bool{}, via: map[string]bool{}, byProduct: map[int64]int64{}}
			groups[root] = g
		}
		return g
	}
	productReviews := map[int64]int64{}
	for i := range in.reviews {
		r := &in.reviews[i]
		g := groupOf(i)
		g.reviewers[ids[i]] = true
		if g.minID == 0 || r.ID < g.minID {
			g.minID = r.ID
		}
		if r.Status == StatusPublished {
			g.byProduct[r.ProductID]++
			productReviews[r.ProductID]++
		}
	}
	for node := range nodes {
		g := groupOf(node)
		if node >= n {
			g.staff = true
		}
		for kind, key := range nodeKeys[node] {
			if kind != "id" && len(keyIDs[key]) > 1 && links(kind, key) {
				g.via[kind] = true
			}
		}
	}
	for i := range in.reviews {
		r := &in.reviews[i]
		g := groupOf(i)
		if len(g.reviewers) < 2 && !g.staff {
			continue
		}
		res := out[r.ID]
		res.groupID, res.groupSize = g.minID, len(g.reviewers)
		via := make([]string, 0, len(g.via))
		for k := range g.via {
			via = append(via, k)
		}
		sort.Strings(via)
		if g.staff {
			res.add(Signal{Code: SignalLinkedStaff, N: int64(len(g.reviewers)), Via: via})
		}
		if len(g.reviewers) >= 2 {
			var share int64
			if total := productReviews[r.ProductID]; total > 0 {
				share = g.byProduct[r.ProductID] * 100 / total
			}
			res.add(Signal{Code: SignalLinkedReviewers, N: int64(len(g.reviewers)), Share: share, Via: via,
				Weight: signalWeights[SignalLinkedReviewers] + int(share)/4})
		}
	}

	// Many reviewers' orders to one address (brushing).
	for i := range in.reviews {
		if key, ok := nodeKeys[i][LinkAddress]; ok {
			if k := len(keyIDs[key]); k >= SharedAddressMin {
				out[in.reviews[i].ID].add(Signal{Code: SignalSharedAddress, N: int64(k)})
			}
		}
	}

	// The shop's 5-star reviews refunded far more often than its other
	// order lines.
	var five, fiveRefunded int64
	for i := range in.reviews {
		if r := &in.reviews[i]; r.Rating == 5 {
			five++
			if !r.Verified {
				fiveRefunded++
			}
		}
	}
	otherLines, otherRefunded := max(in.refunds.Lines-five, 0), max(in.refunds.Refunded-fiveRefunded, 0)
	shopFive := five >= ShopFiveMinReviews && fiveRefunded*ShopFiveRatioDivisor >= five &&
		(otherLines == 0 || fiveRefunded*otherLines >= ShopFiveFactor*otherRefunded*five)

	// Bursts: reviews of one product on one day against its order rate.
	type day struct {
		product int64
		date    time.Time
	}
	perDay := map[day]int64{}
	for i := range in.reviews {
		r := &in.reviews[i]
		perDay[day{r.ProductID, r.CreatedAt.UTC().Truncate(24 * time.Hour)}]++
	}
	burst := map[day]bool{}
	for d, k := range perDay {
		if k < BurstMinReviews || in.sales == nil {
			continue
		}
		end := d.date.Add(24 * time.Hour)
		sold, err := in.sales(d.product, end.Add(-BurstDays*24*time.Hour), end)
		if err != nil {
			return nil, err
		}
		burst[d] = k*BurstDays > BurstFactor*sold
	}

	// Near-identical text by different buyers.
	hashes := make([]uint64, n)
	pairs := make([]map[string]bool, n)
	long := make([]bool, n)
	for i := range in.reviews {
		hashes[i], pairs[i], long[i] = textHash(in.reviews[i].Title + " " + in.reviews[i].Body)
	}
	similar := make([]int64, n)
	for i := range n {
		if !long[i] {
			continue
		}
		for j := i + 1; j < n; j++ {
			if long[j] && ids[i] != ids[j] && simhash.Compare(hashes[i], hashes[j]) <= SimilarMaxBits &&
				jaccardAtLeast(pairs[i], pairs[j], SimilarJaccardNum, SimilarJaccardDen) {
				similar[i]++
				similar[j]++
			}
		}
	}

	for i := range in.reviews {
		r := &in.reviews[i]
		res := out[r.ID]
		if r.Rating >= 4 && !r.Verified && r.UnverifiedAt != nil && r.UnverifiedAt.Sub(r.CreatedAt) <= RefundAfterGoodWindow {
			code := SignalRefundAfterGood
			if r.UnverifiedReason == UnverifiedChargeback {
				code = SignalChargebackAfterGood
			}
			res.add(Signal{Code: code, N: int64(r.UnverifiedAt.Sub(r.CreatedAt) / (24 * time.Hour))})
		}
		if shopFive && r.Rating == 5 {
			res.add(Signal{Code: SignalShopRefundsAfter5, N: fiveRefunded * 100 / five})
		}
		if in.cases > 0 {
			res.add(Signal{Code: SignalRewardCases, N: in.cases, Weight: int(min(in.cases, 2)) * signalWeights[SignalRewardCases]})
		}
		if burst[day{r.ProductID, r.CreatedAt.UTC().Truncate(24 * time.Hour)}] {
			res.add(Signal{Code: SignalBurst, N: perDay[day{r.ProductID, r.CreatedAt.UTC().Truncate(24 * time.Hour)}]})
		}
		if r.AccountID != nil {
			if p, ok := in.profiles[*r.AccountID]; ok {
				if age := r.CreatedAt.Sub(p.CreatedAt); age < YoungAccountAge {
					res.add(Signal{Code: SignalYoungAccount, N: int64(max(age, 0) / (24 * time.Hour))})
				}
				if t, ok := in.traces[r.OrderLineID]; ok && !sameName(p.Name, t.ShipName) {
					res.add(Signal{Code: SignalOtherAddress})
				}
			}
			if in.shops[*r.AccountID] == 1 {
				res.add(Signal{Code: SignalOneShopBuyer})
			}
		}
		if after := r.CreatedAt.Sub(r.DeliveredAt); after >= 0 && after < QuickReviewWindow {
			res.add(Signal{Code: SignalQuickReview, N: int64(after / time.Minute)})
		}
		if similar[i] > 0 {
			res.add(Signal{Code: SignalSimilarText, N: similar[i]})
		}
		if r.DeepDiscount {
			res.add(Signal{Code: SignalDeepDiscount})
		}
		if r.Incentivized {
			res.add(Signal{Code: SignalIncentive})
		}
		for _, s := range res.signals {
			res.score += s.Weight
		}
		res.score = min(res.score, MaxScore)
		slices.SortStableFunc(res.signals, func(a, b Signal) int { return b.Weight - a.Weight })
	}
	return out, nil
}

// textHash is the SimHash of a review's text over its distinct pairs of
// neighbouring tokens: words folded to lower case, and each Han, kana or
// Hangul character a token of its own (so Chinese, written without
// spaces, is compared as English is). long says whether the text has
// SimilarMinTokens tokens or more, below which texts like "Great!" are
// alike by nature. pairs is the set the hash was made of.
func textHash(s string) (hash uint64, pairs map[string]bool, long bool) {
	var tokens []string
	var word []rune
	flush := func() {
		if len(word) > 0 {
			tokens = append(tokens, string(word))
			word = word[:0]
		}
	}
	for _, r := range norm.NFKC.String(strings.ToLower(s)) {
		switch {
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			flush()
			tokens = append(tokens, string(r))
		case r == '\'' || r == '’': // "don't" is one word
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = append(word, r)
		default:
			flush()
		}
	}
	flush()
	if len(tokens) < SimilarMinTokens {
		return 0, nil, false
	}
	seen := map[string]bool{}
	features := make([]simhash.Feature, 0, len(tokens))
	for i := 0; i+2 <= len(tokens); i++ {
		pair := tokens[i] + " " + tokens[i+1]
		if !seen[pair] {
			seen[pair] = true
			features = append(features, simhash.NewFeature([]byte(pair)))
		}
	}
	return simhash.Fingerprint(simhash.Vectorize(features)), seen, true
}

// jaccardAtLeast reports whether the two sets share at least num/den of
// their union.
func jaccardAtLeast(a, b map[string]bool, num, den int) bool {
	both := 0
	for k := range a {
		if b[k] {
			both++
		}
	}
	union := len(a) + len(b) - both
	return union > 0 && both*den >= num*union
}

// sameName reports whether the shipping name is the account's: equal
// words, or one's words all among the other's ("Jane" and "Jane Smith").
// An account without a name matches any.
func sameName(account, ship string) bool {
	a, b := strings.Fields(strings.ToLower(account)), strings.Fields(strings.ToLower(ship))
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	within := func(x, y []string) bool {
		for _, w := range x {
			if !slices.Contains(y, w) {
				return false
			}
		}
		return true
	}
	return within(a, b) || within(b, a)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
