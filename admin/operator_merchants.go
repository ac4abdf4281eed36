package admin

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

const operatorPerPage = 50

// operatorStatusKeys names each merchant status on the operator's pages.
var operatorStatusKeys = map[merchants.MerchantStatus]string{
	merchants.MerchantPending:   "merchant.status.pending",
	merchants.MerchantActive:    "merchant.status.active",
	merchants.MerchantSuspended: "merchant.status.suspended",
	merchants.MerchantRejected:  "merchant.status.rejected",
}

func (h *Handler) operatorMerchants(c *fiber.Ctx) error {
	status := merchants.MerchantStatus(c.Query("status"))
	if !status.Valid() {
		status = ""
	}
	query := strings.TrimSpace(c.Query("q"))
	page, _ := strconv.Atoi(c.Query("page"))
	if page < 1 {
		page = 1
	}
	list, total, err := h.Merchants.ListMerchantsAcrossMall(web.Ctx(c), merchants.MerchantFilter{
		Status: status, Query: query, Page: page, PerPage: operatorPerPage,
	})
	if err != nil {
		return err
	}
	view := adminview.OperatorMerchantsView{
		Status: status, Query: query, Merchants: operatorRows(list),
		Pager: templates.Pager{Page: page, PerPage: operatorPerPage, Total: total, URL: func(n int) string {
			return adminview.OperatorMerchantsURL(status, query, n)
		}},
	}
	return web.Render(c, fiber.StatusOK, adminview.OperatorMerchants(view))
}

func operatorRows(list []merchants.Merchant) []adminview.OperatorMerchantRow {
	rows := make([]adminview.OperatorMerchantRow, 0, len(list))
	for i := range list {
		rows = append(rows, operatorRow(&list[i]))
	}
	return rows
}

func operatorRow(m *merchants.Merchant) adminview.OperatorMerchantRow {
	return adminview.OperatorMerchantRow{
		ID: m.ID, Name: m.Name, Slug: m.Slug, Status: m.Status, StatusKey: operatorStatusKeys[m.Status],
		ContactEmail: m.ContactEmail, CommissionBP: m.CommissionBP, CreatedAt: m.CreatedAt,
	}
}
