package adminview

import (
	"context"
	"fmt"
	"net/url"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/orders"
)

// OrderStatusTabs are the order list's status filters, "" for all.
var OrderStatusTabs = append([]orders.Status{""}, orders.Statuses()...)

// orderStatusLabel names a status in the orders package's words.
func orderStatusLabel(ctx context.Context, status orders.Status) string {
	return i18n.T(ctx, orders.StatusKey(status))
}

// orderStatusClass picks the badge colour of a status.
func orderStatusClass(status orders.Status) string {
	if status == orders.StatusPendingPayment {
		return "status status-pending"
	}
	return "status status-" + string(status)
}

// OrdersURL is the address of one page of the order list.
func OrdersURL(status orders.Status, q string, page int) string {
	v := url.Values{}
	if status != "" {
		v.Set("status", string(status))
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
var TransferStatusKeys = map[orders.TransferStatus]string{
	orders.TransferNone:        "admin.order.transfer.none",
	orders.TransferPending:     "admin.order.transfer.pending",
	orders.TransferHeld:        "admin.order.transfer.held",
	orders.TransferTransferred: "admin.order.transfer.transferred",
}

func transferLabel(ctx context.Context, status orders.TransferStatus) string {
	if k, ok := TransferStatusKeys[status]; ok {
		return i18n.T(ctx, k)
	}
	return i18n.T(ctx, "admin.order.transfer.none")
}

// RefundStatusKeys names each refund status.
var RefundStatusKeys = map[orders.RefundStatus]string{
	orders.RefundPending:   "admin.order.refund_status.pending",
	orders.RefundSucceeded: "admin.order.refund_status.succeeded",
	orders.RefundFailed:    "admin.order.refund_status.failed",
}

func refundStatusLabel(ctx context.Context, status orders.RefundStatus) string {
	if k, ok := RefundStatusKeys[status]; ok {
		return i18n.T(ctx, k)
	}
	return string(status)
}
