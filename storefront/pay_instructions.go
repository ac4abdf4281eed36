package storefront

import (
	"context"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/templates/shopview"
)

// payInstructions is how to pay the shop of an order awaiting an offline
// payment, from the shop's settings; nil for any other order.
func (h *Handler) payInstructions(ctx context.Context, m *merchants.Merchant, o *orders.Order) (*shopview.PayInstructionsView, error) {
	if o.Provider != orders.ProviderOffline || o.Status != orders.StatusPendingPayment {
		return nil, nil
	}
	p, err := h.Merchants.PaymentInstructionsOf(ctx, o.MerchantID)
	if err != nil {
		return nil, err
	}
	return &shopview.PayInstructionsView{
		ShopName: m.Name, Reference: o.Number, Amount: mall.Money{Amount: o.Total, Currency: o.Currency},
		DueAt: o.PaymentDueAt, BankTransfer: p.BankTransfer, BankPayee: p.BankPayee, BankName: p.BankName,
		BankAccount: p.BankAccountDisplay(), IBAN: p.IsIBAN(), BankOther: p.BankOther,
		CashOnDelivery: p.CashOnDelivery, Other: p.Other, ContactEmail: m.ContactEmail,
	}, nil
}
