package orders

// Outbox topics the orders package publishes, each with its payload type.
// Subscribers (notify, payments) use these names and decode into these
// types; NewStore declares them on its queue.
const (
	// TopicCheckoutPlaced: a shopper placed a checkout. CheckoutPayload.
	TopicCheckoutPlaced = "checkout.placed"
	// TopicCheckoutPaid: a checkout's payment came in. CheckoutPayload.
	TopicCheckoutPaid = "checkout.paid"
	// TopicCheckoutExpired: an unpaid checkout ran out of time and gave
	// its stock back. CheckoutPayload.
	TopicCheckoutExpired = "checkout.expired"
	// TopicOrderPaid: one merchant's order is paid. OrderPayload.
	TopicOrderPaid = "order.paid"
	// TopicOrderShipped: an order was shipped. OrderPayload.
	TopicOrderShipped = "order.shipped"
	// TopicOrderDelivered: an order was delivered. OrderPayload.
	TopicOrderDelivered = "order.delivered"
	// TopicOrderCancelled: an order was cancelled. OrderPayload.
	TopicOrderCancelled = "order.cancelled"
	// TopicOrderRefunded: a refund of an order went through, keyed by the
	// refund. RefundPayload.
	TopicOrderRefunded = "order.refunded"
	// TopicPaymentReminder: an offline order is still unpaid and will be
	// cancelled at its PaymentDueAt unless the shop gets the money.
	// OrderPayload.
	TopicPaymentReminder = "order.payment_reminder"
	// TopicOrderExpired: an offline order went unpaid past its
	// PaymentDueAt; it was cancelled and its stock given back. OrderPayload.
	TopicOrderExpired = "order.expired"
)

// Topics lists every topic the orders package publishes.
var Topics = []string{
	TopicCheckoutPlaced, TopicCheckoutPaid, TopicCheckoutExpired,
	TopicOrderPaid, TopicOrderShipped, TopicOrderDelivered, TopicOrderCancelled, TopicOrderRefunded,
	TopicPaymentReminder, TopicOrderExpired,
}

// CheckoutPayload is the payload of the checkout topics.
type CheckoutPayload struct {
	CheckoutID int64 `json:"checkout_id"`
}

// OrderPayload is the payload of the order topics but TopicOrderRefunded.
type OrderPayload struct {
	OrderID    int64 `json:"order_id"`
	MerchantID int64 `json:"merchant_id"`
}

// RefundPayload is the payload of TopicOrderRefunded.
type RefundPayload struct {
	RefundID   int64 `json:"refund_id"`
	OrderID    int64 `json:"order_id"`
	MerchantID int64 `json:"merchant_id"`
}

func orderPayload(o *Order) OrderPayload {
	return OrderPayload{OrderID: o.ID, MerchantID: o.MerchantID}
}

// EventKind names an entry of an order's history (order_events.kind).
type EventKind string

// The kinds of order history entries. A status change is recorded under
// the kind of the same name as the status it led to.
const (
	EventPlaced            EventKind = "placed"
	EventPaid              EventKind = "paid"
	EventShipped           EventKind = "shipped"
	EventDelivered         EventKind = "delivered"
	EventCancelled         EventKind = "cancelled"
	EventExpired           EventKind = "expired"
	EventRefunded          EventKind = "refunded"
	EventStockShort        EventKind = "stock_short"
	EventDisputed          EventKind = "disputed"
	EventRefundStarted     EventKind = "refund_started"
	EventPartiallyRefunded EventKind = "partially_refunded"
	EventRefundFailed      EventKind = "refund_failed"
)

// EventKinds lists every kind of order history entry.
var EventKinds = []EventKind{
	EventPlaced, EventPaid, EventShipped, EventDelivered, EventCancelled, EventExpired, EventRefunded,
	EventStockShort, EventDisputed, EventRefundStarted, EventPartiallyRefunded, EventRefundFailed,
}
