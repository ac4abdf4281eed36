package admin

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// shopNames looks up shops' names once each.
type shopNames struct {
	ctx   context.Context
	store *merchants.Store
	names map[int64]string
}

func (s *shopNames) of(id int64) (string, error) {
	if n, ok := s.names[id]; ok {
		return n, nil
	}
	m, err := s.store.MerchantByID(s.ctx, id)
	if err != nil {
		return "", err
	}
	s.names[id] = m.Name
	return m.Name, nil
}

// operatorReviewGroup is one group of buyers the integrity signals
// linked: their masked emails, their orders and their reviews.
func (h *Handler) operatorReviewGroup(c *fiber.Ctx) error {
	id, err := paramID(c, "id")
	if err != nil {
		return err
	}
	ctx := web.Ctx(c)
	g, err := h.Reviews.GroupAcrossMall(ctx, id)
	if err != nil {
		return err
	}
	shops := &shopNames{ctx: ctx, store: h.Merchants, names: map[int64]string{}}
	v := adminview.ReviewGroupView{ID: g.ID, ViaKeys: viaKeys(g.Via), Staff: g.Staff}
	if v.ShopName, err = shops.of(g.MerchantID); err != nil {
		return err
	}
	var ids []int64
	for _, m := range g.Members {
		for _, r := range m.Reviews {
			ids = append(ids, r.ID)
		}
	}
	sigs, err := h.Reviews.SignalsAcrossMall(ctx, ids)
	if err != nil {
		return err
	}
	for _, m := range g.Members {
		mv := adminview.GroupMemberView{MaskedEmail: m.MaskedEmail}
		for _, o := range m.Orders {
			name, err := shops.of(o.MerchantID)
			if err != nil {
				return err
			}
			mv.Orders = append(mv.Orders, adminview.GroupOrderView{Number: o.OrderNumber, ShopName: name,
				StatusKey: orders.StatusKey(o.Status), PlacedAt: o.PlacedAt})
		}
		for _, r := range m.Reviews {
			mv.Reviews = append(mv.Reviews, adminview.GroupReviewView{ID: r.ID, Rating: r.Rating, Title: r.Title, Body: r.Body,
				CreatedAt: r.CreatedAt, Removed: r.Status == reviews.StatusRemoved, Integrity: integrityOf(sigs[r.ID], "")})
		}
		v.Members = append(v.Members, mv)
	}
	return web.Render(c, fiber.StatusOK, adminview.ReviewGroup(v))
}
