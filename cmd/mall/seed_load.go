package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
)

// loadBatch is how many products go into one bulk import (one transaction).
const loadBatch = 1000

// Word lists the generated catalogue is made of: enough combinations
// that searches return realistic result counts.
var (
	loadAdjectives = []string{"Classic", "Compact", "Deluxe", "Everyday", "Featherweight", "Handmade", "Heritage", "Lightweight", "Modern", "Organic", "Portable", "Rugged", "Rustic", "Signature", "Vintage", "Waterproof"}
	loadMaterials  = []string{"Bamboo", "Canvas", "Ceramic", "Cotton", "Copper", "Leather", "Linen", "Maple", "Merino", "Oak", "Porcelain", "Steel", "Titanium", "Walnut", "Wool", "Stoneware"}
	loadNouns      = []string{"Backpack", "Bowl", "Bottle", "Candle", "Chair", "Jacket", "Journal", "Kettle", "Lamp", "Mug", "Notebook", "Pan", "Scarf", "Teapot", "Tote", "Wallet", "Watch", "Blanket", "Knife", "Vase"}
	loadZh         = []string{"龙井", "白茶", "红茶", "茶杯", "茶壶", "围巾", "背包", "台灯", "花瓶", "笔记本"}
	loadColours    = []string{"Black", "Navy", "Olive", "Rust", "Sand", "White"}
	loadSizes      = []string{"S", "M", "L", "XL"}
)

// load seeds a large generated catalogue: count products spread evenly
// over merchantCount active merchants, in bulk batches, with a progress
// bar on the output.
func (s *seeder) load(ctx context.Context, count, merchantCount int) error {
	op, err := s.operator(ctx)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	owner, err := s.account(ctx, "owner@load.test", "Load Test Owner", "")
	if err != nil {
		return err
	}
	ids := make([]int64, 0, merchantCount)
	for i := 0; i < merchantCount; i++ {
		slug := fmt.Sprintf("load-shop-%03d", i+1)
		m, err := s.merchants.Apply(ctx, owner.ID, merchants.ApplyInput{
			Name: fmt.Sprintf("Load Shop %03d", i+1), Slug: slug,
			Description: "A generated shop for load testing.", ContactEmail: "owner@load.test",
		})
		if err != nil {
			return fmt.Errorf("merchant %s: %w", slug, err)
		}
		if err := s.merchants.Approve(ctx, op.ID, m.ID); err != nil {
			return err
		}
		// A way to ship, so that the load test can place checkouts.
		if _, err := s.orders.CreateShippingMethod(ctx, m.ID, orders.ShippingMethodInput{Name: "Standard", Price: 500, Active: true}); err != nil {
			return fmt.Errorf("shipping of merchant %s: %w", slug, err)
		}
		ids = append(ids, m.ID)
	}
	fmt.Fprintf(s.out, "%d merchants ready\n", merchantCount)

	perMerchant := make([]int, merchantCount)
	for i := 0; i < count; i++ {
		perMerchant[i%merchantCount]++
	}
	bar := newProgress(s.out, count, "products")
	serial := 0
	for mi, id := range ids {
		for left := perMerchant[mi]; left > 0; {
			n := min(left, loadBatch)
			batch := make([]catalog.ProductInput, n)
			for j := range batch {
				serial++
				batch[j] = s.loadProduct(rng, serial)
			}
			if err := s.catalog.ImportProductsBulk(ctx, id, batch); err != nil {
				return fmt.Errorf("import into merchant %d: %w", id, err)
			}
			left -= n
			bar.add(n)
		}
	}
	bar.done()
	return nil
}

// loadProduct generates one product; serial makes its slug unique.
func (s *seeder) loadProduct(rng *rand.Rand, serial int) catalog.ProductInput {
	adj := loadAdjectives[rng.IntN(len(loadAdjectives))]
	mat := loadMaterials[rng.IntN(len(loadMaterials))]
	noun := loadNouns[rng.IntN(len(loadNouns))]
	title := adj + " " + mat + " " + noun
	if rng.IntN(10) == 0 {
		title += " " + loadZh[rng.IntN(len(loadZh))]
	}
	price := int64(500 + rng.IntN(300)*100 + 99)
	in := catalog.ProductInput{
		Title: title, Slug: fmt.Sprintf("%s-%d", strings.ToLower(strings.ReplaceAll(adj+"-"+mat+"-"+noun, " ", "-")), serial),
		Description: fmt.Sprintf("A %s %s %s. Generated for load testing, item %d.", strings.ToLower(adj), strings.ToLower(mat), strings.ToLower(noun), serial),
		Status:      catalog.StatusActive,
		Tags:        []string{strings.ToLower(mat), strings.ToLower(noun)},
		Featured:    rng.IntN(50) == 0,
	}
	var compare int64
	if rng.IntN(5) == 0 {
		compare = price + price/4
	}
	switch rng.IntN(3) {
	case 0:
		in.Variants = []catalog.VariantInput{{SKU: fmt.Sprintf("L%07d", serial), Price: price, CompareAtPrice: compare, Currency: s.currency, Stock: rng.IntN(40)}}
	case 1:
		in.OptionNames = [3]string{"Colour"}
		for k, c := range loadColours[:2+rng.IntN(3)] {
			in.Variants = append(in.Variants, catalog.VariantInput{SKU: fmt.Sprintf("L%07d-%d", serial, k), Options: [3]string{c}, Price: price, CompareAtPrice: compare, Currency: s.currency, Stock: rng.IntN(25)})
		}
	default:
		in.OptionNames = [3]string{"Size"}
		for k, sz := range loadSizes {
			in.Variants = append(in.Variants, catalog.VariantInput{SKU: fmt.Sprintf("L%07d-%d", serial, k), Options: [3]string{sz}, Price: price, CompareAtPrice: compare, Currency: s.currency, Stock: rng.IntN(25)})
		}
	}
	return in
}

// progress draws a one-line progress bar: [#####.....] 45000/100000 products 12000/s
type progress struct {
	out   io.Writer
	total int
	count int
	what  string
	start time.Time
}

func newProgress(out io.Writer, total int, what string) *progress {
	p := &progress{out: out, total: total, what: what, start: time.Now()}
	p.draw()
	return p
}

func (p *progress) add(n int) {
	p.count += n
	p.draw()
}

func (p *progress) draw() {
	const width = 30
	filled := 0
	if p.total > 0 {
		filled = p.count * width / p.total
	}
	rate := 0
	if secs := time.Since(p.start).Seconds(); secs > 0 {
		rate = int(float64(p.count) / secs)
	}
	fmt.Fprintf(p.out, "\r[%s%s] %d/%d %s %d/s", strings.Repeat("#", filled), strings.Repeat(".", width-filled), p.count, p.total, p.what, rate)
}

func (p *progress) done() {
	p.draw()
	fmt.Fprintf(p.out, "\n%d %s in %s\n", p.count, p.what, time.Since(p.start).Round(time.Millisecond))
}
