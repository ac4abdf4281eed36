package adminview

import (
	"context"
	"fmt"
	"net/url"

	"github.com/mall-project/mall/i18n"
)

// OrderStatusKeys names each order status on pages (the words are the
// orders package's).
var OrderStatusKeys = map[string]string{
	"pending_payment": "orders.status.pending_payment",
	"paid":            "orders.status.paid",
	"shipped":         "orders.status.shipped",
	"delivered":       "orders.status.delivered",
	"cancelled":       "orders.status.cancelled",
	"refunded":        "orders.status.refunded",
}

// OrderStatusTabs are the order list's status filters, "" for all.
var OrderStatusTabs = []string{"", "pending_payment", "paid", "shipped", "delivered", "cancelled", "refunded"}

func orderStatusLabel(ctx context.Context, status string) string {
	if k, ok := OrderStatusKeys[status]; ok {
		return i18n.T(ctx, k)
	}
	return i18n.T(ctx, "orders.status.unknown")
}

// orderStatusClass picks the badge colour of a status.
func orderStatusClass(status string) string {
	if status == "pending_payment" {
		return "status status-pending"
	}
	return "status status-" + status
}

// OrdersURL is the address of one page of the order list.
func OrdersURL(status, q string, page int) string {
	v := url.Values{}
	if status != "" {
		v.Set("status", status)
	}
	if q != "" {
		v.Set("q", q)
	}
	if page > 1 {
		v.Set("page", fmt.Sprint(page))
	}
	if len(v) == 0 {
		return "/admin/orders"
	}
	return "/admin/orders?" + v.Encode()
}

// TransferStatusKeys names how far the merchant's share of a card payment
// has travelled.
var TransferStatusKeys = map[string]string{
	"none":        "admin.order.transfer.none",
	"pending":     "admin.order.transfer.pending",
	"held":        "admin.order.transfer.held",
	"transferred": "admin.order.transfer.transferred",
}

func transferLabel(ctx context.Context, status string) string {
	if k, ok := TransferStatusKeys[status]; ok {
		return i18n.T(ctx, k)
	}
	return i18n.T(ctx, "admin.order.transfer.none")
}

// RefundStatusKeys names each refund status.
var RefundStatusKeys = map[string]string{
	"pending":   "admin.order.refund_status.pending",
	"succeeded": "admin.order.refund_status.succeeded",
	"failed":    "admin.order.refund_status.failed",
}

func refundStatusLabel(ctx context.Context, status string) string {
	if k, ok := RefundStatusKeys[status]; ok {
		return i18n.T(ctx, k)
	}
	return status
}
