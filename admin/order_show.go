package admin

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/payments"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// orderEventKeys names each kind of entry of an order's timeline; other
// kinds are named by the status they led to.
var orderEventKeys = map[orders.EventKind]string{
	orders.EventPlaced:     "admin.order.event.placed",
	orders.EventPaid:       "admin.order.event.paid",
	orders.EventShipped:    "admin.order.event.shipped",
	orders.EventDelivered:  "admin.order.event.delivered",
	orders.EventCancelled:  "admin.order.event.cancelled",
	orders.EventExpired:    "admin.order.event.expired",
	orders.EventRefunded:   "admin.order.event.refunded",
	orders.EventStockShort: "admin.order.event.stock_short",
	orders.EventDisputed:   "admin.order.event.disputed",

	orders.EventRefundStarted:     "admin.order.event.refund_started",
	orders.EventPartiallyRefunded: "admin.order.event.partially_refunded",
	orders.EventRefundFailed:      "admin.order.event.refund_failed",
}

// orderActorKeys names who made a change.
var orderActorKeys = map[orders.ActorKind]string{
	orders.ActorShopper:  "admin.order.actor.shopper",
	orders.ActorStaff:    "admin.order.actor.staff",
	orders.ActorOperator: "admin.order.actor.operator",
	orders.ActorStripe:   "admin.order.actor.stripe",
	orders.ActorSystem:   "admin.order.actor.system",
}

// orderShow is one order of the shop.
func (h *Handler) orderShow(c *fiber.Ctx) error {
	o, err := h.orderOf(c)
	if err != nil {
		return err
	}
	v, err := h.orderView(c, o)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.OrderShow(v))
}

// orderOf reads the order of the path, among the shop's own.
func (h *Handler) orderOf(c *fiber.Ctx) (*orders.Order, error) {
	id, err := paramID(c, "id")
	if err != nil {
		return nil, err
	}
	return h.Orders.OrderInMerchant(web.Ctx(c), merchantID(c), id)
}

// orderView gathers what the order page shows and which actions the
// order's status (and the staff member's role) allows.
func (h *Handler) orderView(c *fiber.Ctx, o *orders.Order) (adminview.OrderView, error) {
	ctx := web.Ctx(c)
	money := func(n int64) mall.Money { return mall.Money{Amount: n, Currency: o.Currency} }
	v := adminview.OrderView{
		Shop: frameShop(c), ID: o.ID, Number: o.Number, PlacedAt: o.PlacedAt, Status: o.Status,
		PartiallyRefunded: o.PartiallyRefunded(), DisputedAt: o.DisputedAt,
		Email: o.Email, Address: addressLines(c, o.Address), Phone: o.Address.Phone, ShippingMethod: o.ShippingMethodName,
		Subtotal: money(o.Subtotal), Shipping: money(o.Shipping), Total: money(o.Total), Refunded: money(o.RefundedAmount),
		Commission: money(o.CommissionAmount), CommissionPct: adminview.OperatorPercent(o.CommissionBP),
		MerchantShare: money(o.MerchantShare()),
		Net:           money(o.Total - o.RefundedAmount), NetShare: money(payments.NetShare(o)),
		Provider: o.Provider, PaidAt: o.PaidAt, TransferStatus: o.TransferStatus, TransferAmount: money(o.TransferAmount),
		Carrier: o.Carrier, Tracking: o.TrackingNumber, TrackingURL: orders.TrackingURL(o.Carrier, o.TrackingNumber), ShippedAt: o.ShippedAt, DeliveredAt: o.DeliveredAt, CancelledAt: o.CancelledAt,
	}
	lines := map[int64]*orders.OrderLine{}
	refundable := 0
	for i := range o.Lines {
		l := &o.Lines[i]
		lines[l.ID] = l
		refundable += l.RefundableQuantity()
		v.Lines = append(v.Lines, adminview.OrderLineRow{
			ID: l.ID, Title: l.Title, VariantTitle: l.VariantTitle, SKU: l.SKU,
			UnitPrice: money(l.UnitPrice), Quantity: l.Quantity, Total: money(l.Total),
			Refunded: l.RefundedQuantity, Refundable: l.RefundableQuantity(),
		})
	}
	names := accountNames{h: h, c: c}
	for _, e := range o.Events {
		row := adminview.OrderEventRow{
			At: e.CreatedAt, KindKey: orderEventKeys[e.Kind], Kind: string(e.Kind), FromStatus: e.FromStatus, ToStatus: e.ToStatus,
			ActorKey: orderActorKeys[e.ActorKind], Note: e.Note,
		}
		if row.ActorKey == "" {
			row.ActorKey = "admin.order.actor.system"
		}
		if e.ActorAccountID != nil {
			row.Actor = names.of(*e.ActorAccountID)
		}
		v.Events = append(v.Events, row)
	}
	for _, r := range o.Refunds {
		row := adminview.RefundRow{At: r.CreatedAt, Amount: money(r.Amount), Shipping: money(r.ShippingAmount), Reason: r.Reason, Status: r.Status}
		for _, rl := range r.Lines {
			title := "#" + strconv.FormatInt(rl.OrderLineID, 10)
			if l := lines[rl.OrderLineID]; l != nil {
				title = l.Title
				if l.VariantTitle != "" {
					title += " (" + l.VariantTitle + ")"
				}
			}
			row.Lines = append(row.Lines, i18n.T(ctx, "admin.order.refund_line_done", "Count", rl.Quantity, "Title", title))
		}
		v.Refunds = append(v.Refunds, row)
	}
	paid := o.Status == orders.StatusPaid || o.Status == orders.StatusShipped || o.Status == orders.StatusDelivered
	v.ShippingRefundable = paid && o.Shipping > 0 && !o.ShippingRefunded
	v.CanConfirmPayment = o.Status == orders.StatusPendingPayment && o.Provider == orders.ProviderOffline
	v.CanShip = o.Status == orders.StatusPaid
	for _, cr := range orders.Carriers {
		v.Ship.Carriers = append(v.Ship.Carriers, cr.Name)
	}
	v.CanDeliver = o.Status == orders.StatusShipped
	v.CanCancel = o.Status == orders.StatusPendingPayment
	v.CanRefund = paid && can(c, merchants.PermRefunds) && (refundable > 0 || v.ShippingRefundable)
	return v, nil
}

// addressLines writes a shipping address as its country prints it, the
// country named in the admin's language.
func addressLines(c *fiber.Ctx, a orders.Address) []string {
	return a.Lines(i18n.FromContext(web.Ctx(c)).Tag())
}

// accountNames looks up the people named in a timeline, once each.
type accountNames struct {
	h     *Handler
	c     *fiber.Ctx
	names map[int64]string
}

func (n *accountNames) of(id int64) string {
	if n.names == nil {
		n.names = map[int64]string{}
	}
	if s, ok := n.names[id]; ok {
		return s
	}
	s := ""
	if a, err := n.h.Accounts.AccountByID(web.Ctx(n.c), id); err == nil {
		s = a.Name
		if s == "" {
			s = a.Email
		}
	}
	n.names[id] = s
	return s
}

// orderActionFailed shows the order again when an action was refused: a
// form's field errors beside its fields (422), or why the order's status
// does not allow it (409) at the top. Other errors go to the error page.
func (h *Handler) orderActionFailed(c *fiber.Ctx, err error, keep func(*adminview.OrderView)) error {
	status := web.StatusOf(err)
	if status != fiber.StatusUnprocessableEntity && status != fiber.StatusConflict {
		return err
	}
	o, oerr := h.orderOf(c)
	if oerr != nil {
		return oerr
	}
	v, verr := h.orderView(c, o)
	if verr != nil {
		return verr
	}
	if keep != nil {
		keep(&v)
	}
	if mall.Fields(err) == nil {
		v.Problem = i18n.Error(web.Ctx(c), err)
	}
	return web.Render(c, status, adminview.OrderShow(v))
}

// staffActor is the signed-in staff member, as orders records them.
func staffActor(c *fiber.Ctx) orders.Actor {
	return orders.Actor{Kind: orders.ActorStaff, AccountID: web.Account(c).ID}
}
