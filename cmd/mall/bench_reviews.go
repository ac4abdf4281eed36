package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"golang.org/x/mod/sumdb/tlog"
	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/reviews/reviewseed"
)

// runBenchReviews is `mall bench-reviews seed` and `mall bench-reviews
// submit`, the review runs of `make bench` (scripts/reviewbench.sh), on a
// mall seeded with `mall seed --products N`.
//
// seed gives the mall's first active product --product-reviews reviews,
// leaves its second with none, and spreads the rest of --reviews over the
// products after the third, through reviews/reviewseed (real rows,
// thousands per transaction). It prints the two products' page paths.
//
// submit has one shopper buy the third product --count times through the
// real checkout (paid offline, shipped, delivered), then times each
// review's real Submit, then --proofs inclusion proofs at the log's size
// and a few checkpoints, and prints p50, p95 and max of each.
func runBenchReviews(ctx context.Context, cfg *config, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("bench-reviews: say seed or submit")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB(db)
	targets, err := benchProducts(ctx, db)
	if err != nil {
		return err
	}
	switch args[0] {
	case "seed":
		return benchReviewsSeed(ctx, db, targets, args[1:], stdout)
	case "submit":
		return benchReviewsSubmit(ctx, cfg, db, targets[2], args[1:], stdout)
	}
	return fmt.Errorf("bench-reviews: unknown command %q (seed or submit)", args[0])
}

type benchProduct struct {
	reviewseed.Target
	Path string
}

// benchProducts lists up to 20,000 active products of active shops, by
// id, each with its first variant, through the catalogue's and the
// merchants' own reads; the first three have their roles (busy, empty,
// bought by submit).
func benchProducts(ctx context.Context, db *gorm.DB) ([]benchProduct, error) {
	cat, mer := catalog.NewStore(db), merchants.NewStore(db)
	shops, _, err := mer.ListMerchantsAcrossMall(ctx, merchants.MerchantFilter{Status: merchants.MerchantActive, PerPage: 500})
	if err != nil {
		return nil, fmt.Errorf("bench-reviews: shops: %w", err)
	}
	var out []benchProduct
	for _, m := range shops {
		for page := 1; len(out) < 20000; page++ {
			ps, _, err := cat.ListProducts(ctx, m.ID, catalog.ProductFilter{Status: catalog.StatusActive, Page: page, PerPage: 100})
			if err != nil {
				return nil, fmt.Errorf("bench-reviews: products of %s: %w", m.Slug, err)
			}
			if len(ps) == 0 {
				break
			}
			for _, p := range ps {
				out = append(out, benchProduct{Target: reviewseed.Target{MerchantID: m.ID, ProductID: p.ID},
					Path: "/s/" + m.Slug + "/p/" + p.Slug})
			}
		}
	}
	if len(out) < 4 {
		return nil, fmt.Errorf("bench-reviews: the mall has %d active products; seed one with `mall seed --products 1000` first", len(out))
	}
	slices.SortFunc(out, func(a, b benchProduct) int { return cmp.Compare(a.ProductID, b.ProductID) })
	for i := range out {
		p, err := cat.ProductInMerchant(ctx, out[i].MerchantID, out[i].ProductID)
		if err != nil {
			return nil, err
		}
		if len(p.Variants) == 0 {
			return nil, fmt.Errorf("bench-reviews: product %d has no variant", p.ID)
		}
		out[i].VariantID = p.Variants[0].ID
	}
	return out, nil
}

func benchReviewsSeed(ctx context.Context, db *gorm.DB, products []benchProduct, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench-reviews seed", flag.ContinueOnError)
	total := fs.Int("reviews", 1000000, "reviews (and so log leaves) to write in all")
	busy := fs.Int("product-reviews", 5000, "of which the first product gets")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *busy < 0 || *total < *busy {
		return errors.New("bench-reviews seed: --product-reviews must be between 0 and --reviews")
	}
	rest := products[3:]
	targets := []reviewseed.Target{products[0].Target}
	targets[0].Count = *busy
	for i := range rest {
		t := rest[i].Target
		t.Count = (*total - *busy) / len(rest)
		if i < (*total-*busy)%len(rest) {
			t.Count++
		}
		targets = append(targets, t)
	}
	start := time.Now()
	bar := newProgress(stdout, *total, "reviews")
	n, err := reviewseed.Write(ctx, db, targets, reviewseed.Options{ReplyEvery: 10, Progress: bar.add})
	bar.done()
	if err != nil {
		return fmt.Errorf("bench-reviews seed: %w", err)
	}
	fmt.Fprintf(stdout, "seeded %d reviews in %s\n", n, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(stdout, "busy %s %d\n", products[0].Path, *busy)
	fmt.Fprintf(stdout, "empty %s 0\n", products[1].Path)
	return nil
}

// spread is p50, p95 and max of ds, as a line.
func spread(ds []time.Duration) string {
	if len(ds) == 0 {
		return "none"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(q float64) time.Duration { return s[min(len(s)-1, int(q*float64(len(s))))] }
	r := func(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }
	return fmt.Sprintf("n=%d p50=%s p95=%s max=%s", len(s), r(at(0.50)), r(at(0.95)), r(s[len(s)-1]))
}

func benchReviewsSubmit(ctx context.Context, cfg *config, db *gorm.DB, product benchProduct, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench-reviews submit", flag.ContinueOnError)
	count := fs.Int("count", 200, "reviews to submit")
	proofs := fs.Int("proofs", 200, "inclusion proofs to time")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *count < 1 || *count > 10000 || *proofs < 0 {
		return errors.New("bench-reviews submit: --count must be 1-10000")
	}
	key, err := reviews.LoadLogKey(cfg.ReviewLogKey, cfg.DataDir, reviewLogOrigin(cfg))
	if err != nil {
		return err
	}
	acc, cat, mer := accounts.NewStore(db), catalog.NewStore(db), merchants.NewStore(db)
	ord := orders.NewStore(db, orders.Options{})
	store := reviews.NewStore(db, reviews.Options{Orders: ord, Catalog: cat, Merchants: mer, Accounts: acc, Key: key})

	// The purchases, through the checkout the storefront uses.
	email := "reviewer-" + mall.RandomHex(4) + "@bench.test"
	buyer, err := acc.SignUp(ctx, accounts.SignUpInput{Email: email, Name: "Bench Reviewer", Password: demoPassword})
	if err != nil {
		return err
	}
	if err := cat.SetStock(ctx, product.MerchantID, product.VariantID, *count+10); err != nil {
		return err
	}
	owner := orders.CartOwner{AccountID: buyer.ID}
	addr := orders.Address{Name: "Bench Reviewer", Line1: "12 Market Street", City: "Springfield", Region: "IL",
		PostalCode: "62701", Country: "US"}
	staff := orders.Actor{Kind: orders.ActorStaff}
	bar := newProgress(stdout, *count, "delivered orders")
	lines := make([]int64, 0, *count)
	for range *count {
		if err := ord.AddToCart(ctx, owner, product.VariantID, 1); err != nil {
			return err
		}
		q, err := ord.Quote(ctx, orders.QuoteRequest{Owner: owner})
		if err != nil {
			return err
		}
		co, err := ord.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: email, Address: addr,
			ExpectedTotal: q.Total, Provider: orders.ProviderOffline, Locale: "en"})
		if err != nil {
			return fmt.Errorf("bench-reviews submit: checkout: %w", err)
		}
		o := co.Orders[0]
		for _, step := range []func() error{
			func() error { return ord.ConfirmOfflinePayment(ctx, o.MerchantID, o.ID, staff) },
			func() error { return ord.MarkShipped(ctx, o.MerchantID, o.ID, "DHL", "JD0001", staff) },
			func() error { return ord.MarkDelivered(ctx, o.MerchantID, o.ID, staff) },
		} {
			if err := step(); err != nil {
				return fmt.Errorf("bench-reviews submit: order %d: %w", o.ID, err)
			}
		}
		lines = append(lines, o.Lines[0].ID)
		bar.add(1)
	}
	bar.done()

	before, err := store.LogSize(ctx)
	if err != nil {
		return err
	}
	submits := make([]time.Duration, 0, *count)
	for i, line := range lines {
		t0 := time.Now()
		_, err := store.Submit(ctx, buyer.ID, line, reviews.Input{Rating: 1 + i%5, Title: "Bench review",
			Body: "Arrived well packed; brews a strong, smooth cup. Would buy again."})
		submits = append(submits, time.Since(t0))
		if err != nil {
			return fmt.Errorf("bench-reviews submit: review of line %d: %w", line, err)
		}
	}
	size, root, err := store.Head(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "submit (log from %d to %d leaves): %s\n", before, size, spread(submits))

	rng := rand.New(rand.NewPCG(uint64(size), 15))
	var proofTimes []time.Duration
	for range *proofs {
		idx := rng.Int64N(size)
		t0 := time.Now()
		p, err := store.InclusionProof(ctx, idx, size)
		proofTimes = append(proofTimes, time.Since(t0))
		if err != nil {
			return err
		}
		leaves, err := store.Leaves(ctx, idx, 1)
		if err != nil || len(leaves) != 1 {
			return fmt.Errorf("bench-reviews submit: leaf %d: %v", idx, err)
		}
		if err := tlog.CheckRecord(p, size, root, idx, leaves[0].Hash); err != nil {
			return fmt.Errorf("bench-reviews submit: proof of leaf %d does not check: %w", idx, err)
		}
	}
	fmt.Fprintf(stdout, "inclusion proof at %d leaves: %s\n", size, spread(proofTimes))
	var cps []time.Duration
	for range 20 {
		t0 := time.Now()
		if _, err := store.Checkpoint(ctx); err != nil {
			return err
		}
		cps = append(cps, time.Since(t0))
	}
	fmt.Fprintf(stdout, "checkpoint at %d leaves: %s\n", size, spread(cps))
	return nil
}
