package orders

import (
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/catalog"
)

// stockTake is a quantity of one variant to take or give back.
type stockTake struct {
	variantID  int64
	merchantID int64
	productID  int64
	qty        int
	title, sku string
}

// byVariant sums the quantities of the same variant and sorts by variant
// id: every transaction that changes stock touches the variant rows in
// that one order, so two of them never wait on each other in a circle.
func byVariant(in []stockTake) []stockTake {
	sum := map[int64]int{}
	var out []stockTake
	for _, t := range in {
		if i, ok := sum[t.variantID]; ok {
			out[i].qty += t.qty
			continue
		}
		sum[t.variantID] = len(out)
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].variantID < out[j].variantID })
	return out
}

// takeStock decrements each variant's stock through the catalog, in tx,
// only if enough is left (stock >= qty). When one cannot be taken it stops
// and returns what is short; the caller rolls the transaction back. Products whose last unit
// went get their in-stock flag recomputed. It returns the moves made.
func takeStock(tx *gorm.DB, want []stockTake, now time.Time) ([]StockShort, []catalog.StockMove, error) {
	want = byVariant(want)
	var emptied []stockTake
	moves := make([]catalog.StockMove, 0, len(want))
	for i, t := range want {
		left, ok, err := catalog.TakeVariantStock(tx, t.merchantID, t.variantID, t.qty, now)
		if err != nil {
			return nil, nil, fmt.Errorf("orders: %w", err)
		}
		if !ok {
			short, err := shortOf(tx, want[i:])
			return short, nil, err
		}
		moves = append(moves, t.move(left+t.qty, left))
		if left == 0 {
			emptied = append(emptied, t)
		}
	}
	return nil, moves, refreshProducts(tx, emptied)
}

// move is t's stock moved from before to after.
func (t stockTake) move(before, after int) catalog.StockMove {
	return catalog.StockMove{MerchantID: t.merchantID, ProductID: t.productID, VariantID: t.variantID, Before: before, After: after}
}

// shortOf lists the variants of rest with less stock than wanted.
func shortOf(tx *gorm.DB, rest []stockTake) ([]StockShort, error) {
	ids := make([]int64, len(rest))
	for i, t := range rest {
		ids[i] = t.variantID
	}
	stock, err := catalog.VariantStock(tx, ids)
	if err != nil {
		return nil, fmt.Errorf("orders: %w", err)
	}
	var short []StockShort
	for i, t := range rest {
		if i == 0 || stock[t.variantID] < t.qty {
			short = append(short, StockShort{VariantID: t.variantID, Title: t.title, SKU: t.sku,
				Wanted: t.qty, Available: min(stock[t.variantID], t.qty)})
		}
	}
	return short, nil
}

// giveStock puts quantities back on the shelf. A variant deleted since
// is skipped. It returns the moves made.
func giveStock(tx *gorm.DB, back []stockTake, now time.Time) ([]catalog.StockMove, error) {
	back = byVariant(back)
	var moves []catalog.StockMove
	var refilled []stockTake
	for _, t := range back {
		left, found, err := catalog.GiveVariantStock(tx, t.merchantID, t.variantID, t.qty, now)
		if err != nil {
			return nil, fmt.Errorf("orders: %w", err)
		}
		if !found {
			continue
		}
		moves = append(moves, t.move(left-t.qty, left))
		if left == t.qty {
			refilled = append(refilled, t)
		}
	}
	return moves, refreshProducts(tx, refilled)
}

// refreshProducts recomputes the in-stock flag of the products of ts, in
// ascending product id.
func refreshProducts(tx *gorm.DB, ts []stockTake) error {
	sort.Slice(ts, func(i, j int) bool { return ts[i].productID < ts[j].productID })
	for i, t := range ts {
		if i > 0 && ts[i-1].productID == t.productID {
			continue
		}
		if err := catalog.RefreshStockSummary(tx, t.merchantID, t.productID); err != nil {
			return err
		}
	}
	return nil
}

// linesStock turns order lines into quantities of variants.
func linesStock(lines []OrderLine) []stockTake {
	out := make([]stockTake, 0, len(lines))
	for _, l := range lines {
		out = append(out, stockTake{variantID: l.VariantID, merchantID: l.MerchantID, productID: l.ProductID,
			qty: l.Quantity, title: l.Title, sku: l.SKU})
	}
	return out
}
