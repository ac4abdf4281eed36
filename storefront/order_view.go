package storefront

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates/shopview"
	"github.com/mall-project/mall/web"
)

// shopNames looks up the shops of a page's orders once each.
type shopNames struct {
	h    *Handler
	byID map[int64]*merchants.Merchant
}

func newShopNames(h *Handler) *shopNames {
	return &shopNames{h: h, byID: map[int64]*merchants.Merchant{}}
}

func (s *shopNames) get(ctx context.Context, merchantID int64) (*merchants.Merchant, error) {
	if m, ok := s.byID[merchantID]; ok {
		return m, nil
	}
	m, err := s.h.Merchants.MerchantByID(ctx, merchantID)
	if err != nil {
		return nil, err
	}
	s.byID[merchantID] = m
	return m, nil
}

// orderView is an order as its shopper sees it.
func orderView(c *fiber.Ctx, shops *shopNames, o *orders.Order) (shopview.OrderView, error) {
	m := &merchants.Merchant{Slug: o.MerchantSlug, Name: o.MerchantName}
	if m.Slug == "" {
		var err error
		if m, err = shops.get(web.Ctx(c), o.MerchantID); err != nil {
			return shopview.OrderView{}, err
		}
	}
	money := func(amount int64) mall.Money { return mall.Money{Amount: amount, Currency: o.Currency} }
	view := shopview.OrderView{
		Number:         o.Number,
		ShopName:       m.Name,
		ShopURL:        mallShopPath(m.Slug, ""),
		Status:         o.Status,
		StatusKey:      orders.StatusKey(o.Status),
		PlacedAt:       o.PlacedAt,
		ShippingMethod: o.ShippingMethodName,
		Subtotal:       money(o.Subtotal),
		Shipping:       money(o.Shipping),
		Total:          money(o.Total),
		Refunded:       money(o.RefundedAmount),
		Net:            money(o.Total - o.RefundedAmount),
		Carrier:        o.Carrier,
		Tracking:       o.TrackingNumber,
		TrackingURL:    orders.TrackingURL(o.Carrier, o.TrackingNumber),
		URL:            "/account/orders/" + strconv.FormatInt(o.ID, 10),
	}
	if o.Provider == orders.ProviderOffline && o.Status == orders.StatusPendingPayment {
		full, err := shops.get(web.Ctx(c), o.MerchantID)
		if err != nil {
			return shopview.OrderView{}, err
		}
		if view.Pay, err = shops.h.payInstructions(web.Ctx(c), full, o); err != nil {
			return shopview.OrderView{}, err
		}
	}
	for _, l := range o.Lines {
		view.Lines = append(view.Lines, shopview.OrderLineView{
			Title: l.Title, VariantTitle: l.VariantTitle, SKU: l.SKU, Quantity: l.Quantity,
			UnitPrice: money(l.UnitPrice), Total: money(l.Total),
		})
	}
	return view, nil
}
