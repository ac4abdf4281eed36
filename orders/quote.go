package orders

import (
	"context"
	"sort"
)

// Address field limits, in characters.
const (
	maxNameLen   = 120
	maxLineLen   = 200
	maxCityLen   = 120
	maxPostalLen = 20
	maxPhoneLen  = 32
)

// QuoteRequest asks what owner's cart costs with the chosen shipping.
type QuoteRequest struct {
	Owner CartOwner
	// Shipping maps a merchant id to the chosen shipping method id; a
	// missing or 0 entry means the merchant's first active method.
	Shipping map[int64]int64
}

// Quote is what the shopper is about to pay: per-merchant subtotals,
// shipping and the total, with what changed since the lines were added.
type Quote struct {
	Groups        []QuoteGroup
	Subtotal      int64
	ShippingTotal int64
	Total         int64
	Currency      string
	// Changes lists lines whose price changed since they were added, that
	// are short of stock, or that are no longer on sale.
	Changes []LineChange
	// CanPlace is true when the cart may be checked out as it stands
	// (price changes alone do not stop it: the shopper sees the new total).
	CanPlace bool
	// Count is the number of items.
	Count int
}

// QuoteGroup is one merchant's part of a quote.
type QuoteGroup struct {
	Merchant CartMerchant
	Lines    []CartLine
	// Methods are the merchant's active shipping methods; MethodID is the
	// one chosen (0 when there are none: NoShipping).
	Methods    []ShippingMethod
	MethodID   int64
	NoShipping bool
	Subtotal   int64
	Shipping   int64
	Total      int64

	method       *ShippingMethod
	commissionBP int
}

// Kinds of LineChange.
const (
	ChangePrice       = "price"
	ChangeStock       = "stock"
	ChangeUnavailable = "unavailable"
)

// LineChange tells the shopper about one line before paying: a price
// (Was, Now in minor units), a stock shortage (Was the quantity wanted,
// Now the quantity in stock) or a product no longer on sale.
type LineChange struct {
	LineID int64
	Title  string
	Kind   string
	Was    int64
	Now    int64
}

// quoteOf prices cart with the merchants' active methods and the chosen
// shipping. badChoice reports a chosen method that is not among the
// merchant's active ones (the first active one is used instead).
func quoteOf(cart *Cart, methods map[int64][]ShippingMethod, choice map[int64]int64) (q *Quote, badChoice bool) {
	q = &Quote{Currency: cart.Currency, Count: cart.Count}
	blocked := cart.Count == 0
	for _, g := range cart.Groups {
		qg := QuoteGroup{Merchant: g.Merchant, Lines: g.Lines, Methods: methods[g.Merchant.ID], Subtotal: g.Subtotal}
		for _, l := range g.Lines {
			qg.commissionBP = l.commissionBP
			if l.currency != cart.Currency {
				blocked = true
			}
			switch {
			case !l.Available:
				q.Changes = append(q.Changes, LineChange{LineID: l.ID, Title: l.Title, Kind: ChangeUnavailable})
				blocked = true
			case l.Quantity > l.Stock:
				q.Changes = append(q.Changes, LineChange{LineID: l.ID, Title: l.Title, Kind: ChangeStock,
					Was: int64(l.Quantity), Now: int64(max(l.Stock, 0))})
				blocked = true
			}
			if l.UnitPrice != l.UnitPriceSeen {
				q.Changes = append(q.Changes, LineChange{LineID: l.ID, Title: l.Title, Kind: ChangePrice,
					Was: l.UnitPriceSeen, Now: l.UnitPrice})
			}
		}
		if len(qg.Methods) == 0 {
			qg.NoShipping = true
			blocked = true
		} else {
			qg.method = &qg.Methods[0]
			if want := choice[g.Merchant.ID]; want != 0 {
				found := false
				for i := range qg.Methods {
					if qg.Methods[i].ID == want {
						qg.method, found = &qg.Methods[i], true
					}
				}
				badChoice = badChoice || !found
			}
			qg.MethodID = qg.method.ID
			qg.Shipping = qg.method.CostFor(qg.Subtotal)
		}
		qg.Total = qg.Subtotal + qg.Shipping
		q.Groups = append(q.Groups, qg)
		q.Subtotal += qg.Subtotal
		q.ShippingTotal += qg.Shipping
	}
	q.Total = q.Subtotal + q.ShippingTotal
	q.CanPlace = !blocked && checkTotal(q) == nil
	return q, badChoice
}

func merchantIDsOf(cart *Cart) []int64 {
	ids := make([]int64, 0, len(cart.Groups))
	for _, g := range cart.Groups {
		ids = append(ids, g.Merchant.ID)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// Quote prices owner's cart as it stands now: current prices and stock,
// the chosen (or first) shipping method of each merchant, and the changes
// the shopper should see before paying.
func (s *Store) Quote(ctx context.Context, req QuoteRequest) (*Quote, error) {
	db := s.conn(ctx)
	cartID, err := findCart(db, req.Owner)
	if err != nil {
		return nil, err
	}
	cart, err := loadCart(db, cartID)
	if err != nil {
		return nil, err
	}
	methods, err := activeMethodsOf(db, merchantIDsOf(cart))
	if err != nil {
		return nil, err
	}
	q, _ := quoteOf(cart, methods, req.Shipping)
	return q, nil
}
