package admin

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// operatorEventKeys names each entry kind of a merchant's log.
var operatorEventKeys = map[merchants.EventKind]string{
	merchants.EventApplied:           "operator.event.applied",
	merchants.EventApproved:          "operator.event.approved",
	merchants.EventSuspended:         "operator.event.suspended",
	merchants.EventReinstated:        "operator.event.reinstated",
	merchants.EventRejected:          "operator.event.rejected",
	merchants.EventCommissionChanged: "operator.event.commission_changed",
}

func (h *Handler) operatorMerchant(c *fiber.Ctx) error {
	view, err := h.operatorMerchantView(c)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.OperatorMerchant(view))
}

// operatorMerchantID reads the merchant id of the path.
func operatorMerchantID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, mall.NotFound("merchant")
	}
	return id, nil
}

// operatorMerchantView gathers what the detail page shows of a merchant.
func (h *Handler) operatorMerchantView(c *fiber.Ctx) (adminview.OperatorMerchantView, error) {
	ctx := web.Ctx(c)
	id, err := operatorMerchantID(c)
	if err != nil {
		return adminview.OperatorMerchantView{}, err
	}
	m, err := h.Merchants.MerchantByID(ctx, id)
	if err != nil {
		return adminview.OperatorMerchantView{}, err
	}
	view := adminview.OperatorMerchantView{
		Merchant: operatorRow(m), Description: m.Description,
		Commission: adminview.OperatorPercent(m.CommissionBP),
	}
	staff, err := h.Merchants.ListStaff(ctx, m.ID)
	if err != nil {
		return view, err
	}
	for _, s := range staff {
		if s.Role == merchants.RoleOwner {
			if owner, err := h.Accounts.AccountByID(ctx, s.AccountID); err == nil {
				view.OwnerName, view.OwnerEmail = owner.Name, owner.Email
			}
			break
		}
	}
	events, err := h.Merchants.MerchantEvents(ctx, m.ID)
	if err != nil {
		return view, err
	}
	names := map[int64]string{}
	for _, e := range events {
		ev := adminview.OperatorEvent{At: e.CreatedAt, KindKey: operatorEventKeys[e.Kind], Reason: e.Reason}
		if e.ActorID != 0 {
			if _, ok := names[e.ActorID]; !ok {
				if a, err := h.Accounts.AccountByID(ctx, e.ActorID); err == nil {
					names[e.ActorID] = a.Email
				}
			}
			ev.Actor = names[e.ActorID]
		}
		view.Events = append(view.Events, ev)
	}
	return view, nil
}
