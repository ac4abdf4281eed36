package main

import (
	"context"
	"fmt"

	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

// demoShipping gives a demo shop the two shipping methods most shops
// start with: a flat rate that is free over a threshold, and an express
// service. Names are the merchant's own words, in the shop's language.
func (s *seeder) demoShipping(ctx context.Context, merchantID int64, shop *demoShop) error {
	methods := []orders.ShippingMethodInput{
		{Name: "Standard (3–5 days)", Price: 500, FreeOver: 5000, Active: true},
		{Name: "Express (next day)", Price: 1500, Active: true},
	}
	if shop.Locale == "zh-Hans" {
		methods = []orders.ShippingMethodInput{
			{Name: "标准快递（3–5 天）", Price: 500, FreeOver: 5000, Active: true},
			{Name: "顺丰特快（次日达）", Price: 1500, Active: true},
		}
	}
	for _, m := range methods {
		if _, err := s.orders.CreateShippingMethod(ctx, merchantID, m); err != nil {
			return fmt.Errorf("shipping method %s: %w", m.Name, err)
		}
	}
	return nil
}

// demoOrders has the demo shopper buy from the first two open shops with
// the offline provider, through the same checkout the storefront uses:
// one checkout paid, shipped and delivered by the first shop and reviewed
// by the shopper, one awaiting payment, so each shop's admin has orders to
// look at and the first shop's product page shows a verified review.
func (s *seeder) demoOrders(ctx context.Context) error {
	shopper, err := s.accounts.AccountByEmail(ctx, demoShopperEmail)
	if err != nil {
		return err
	}
	var shops []*demoShop
	for i := range demoShops {
		if !demoShops[i].Pending && len(shops) < 2 {
			shops = append(shops, &demoShops[i])
		}
	}
	if len(shops) < 2 {
		return nil
	}
	owner := orders.CartOwner{AccountID: shopper.ID}
	addr := orders.Address{Name: "Sam Shopper", Line1: "12 Market Street", City: "Springfield", Region: "IL",
		PostalCode: "62701", Country: "US", Phone: "+1 217 555 0100"}
	buy := func(from []*demoShop) (*orders.Checkout, error) {
		for _, shop := range from {
			variantID, err := s.firstInStock(ctx, shop)
			if err != nil {
				return nil, err
			}
			if err := s.orders.AddToCart(ctx, owner, variantID, 1); err != nil {
				return nil, fmt.Errorf("add to cart from %s: %w", shop.Slug, err)
			}
		}
		q, err := s.orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
		if err != nil {
			return nil, err
		}
		return s.orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: demoShopperEmail, Address: addr,
			ExpectedTotal: q.Total, Provider: orders.ProviderOffline, Locale: "en"})
	}
	paid, err := buy(shops)
	if err != nil {
		return fmt.Errorf("demo checkout: %w", err)
	}
	for _, o := range paid.Orders {
		m, err := s.merchants.MerchantByID(ctx, o.MerchantID)
		if err != nil {
			return err
		}
		if m.Slug != shops[0].Slug {
			continue
		}
		staff, err := s.accounts.AccountByEmail(ctx, ownerEmail(m.Slug))
		if err != nil {
			return err
		}
		by := orders.Actor{Kind: orders.ActorStaff, AccountID: staff.ID}
		if err := s.orders.ConfirmOfflinePayment(ctx, o.MerchantID, o.ID, by); err != nil {
			return fmt.Errorf("demo payment: %w", err)
		}
		if err := s.orders.MarkShipped(ctx, o.MerchantID, o.ID, "SF Express", "SF1234567890", by); err != nil {
			return fmt.Errorf("demo shipment: %w", err)
		}
		if err := s.orders.MarkDelivered(ctx, o.MerchantID, o.ID, by); err != nil {
			return fmt.Errorf("demo delivery: %w", err)
		}
		for _, l := range o.Lines {
			if _, err := s.reviews.Submit(ctx, shopper.ID, l.ID, reviews.Input{Rating: 5, Title: "Just as described",
				Body: "Arrived well packed and a day early. It looks and works exactly as the page says."}); err != nil {
				return fmt.Errorf("demo review: %w", err)
			}
		}
	}
	if _, err := buy(shops[1:]); err != nil {
		return fmt.Errorf("demo checkout: %w", err)
	}
	return nil
}

// firstInStock returns a variant of the shop's first product that has
// stock.
func (s *seeder) firstInStock(ctx context.Context, shop *demoShop) (int64, error) {
	m, err := s.merchants.MerchantBySlug(ctx, shop.Slug)
	if err != nil {
		return 0, err
	}
	for _, dp := range shop.Products {
		p, err := s.catalog.ProductBySlug(ctx, m.ID, dp.Slug)
		if err != nil {
			return 0, err
		}
		for _, v := range p.Variants {
			if v.Stock >= 2 {
				return v.ID, nil
			}
		}
	}
	return 0, fmt.Errorf("shop %s has nothing in stock", shop.Slug)
}
