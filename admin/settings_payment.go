package admin

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// settingsPaymentShow is the shop's offline payment instructions: what
// shoppers are told on their confirmation, order page and email.
func (h *Handler) settingsPaymentShow(c *fiber.Ctx) error {
	p, err := h.Merchants.PaymentInstructionsOf(web.Ctx(c), shopOf(c).Merchant.ID)
	if err != nil {
		return err
	}
	return web.Render(c, fiber.StatusOK, adminview.PaymentInstructions(paymentInstructionsView(c, p)))
}

// settingsPaymentSave saves them; bad input comes back beside its field
// with what was typed.
func (h *Handler) settingsPaymentSave(c *fiber.Ctx) error {
	in := merchants.PaymentInstructions{
		BankTransfer:   c.FormValue("bank_transfer") != "",
		BankPayee:      c.FormValue("bank_payee"),
		BankName:       c.FormValue("bank_name"),
		BankAccount:    c.FormValue("bank_account"),
		BankOther:      c.FormValue("bank_other"),
		CashOnDelivery: c.FormValue("cash_on_delivery") != "",
		Other:          c.FormValue("other"),
	}
	// A number that does not parse is 0 days, which the check refuses.
	in.UnpaidDays, _ = strconv.Atoi(strings.TrimSpace(c.FormValue("unpaid_days")))
	_, err := h.Merchants.SavePaymentInstructions(web.Ctx(c), shopOf(c).Merchant.ID, in)
	if err == nil {
		web.Flash(c, "success", "offline.admin.saved")
		return web.Redirect(c, "/admin/settings/payment")
	}
	errs := mall.FieldErrors{}
	if !mergeFieldErrors(errs, err) {
		return err
	}
	v := paymentInstructionsView(c, &in)
	v.Errors, v.UnpaidDays, v.BankAccount = errs, c.FormValue("unpaid_days"), c.FormValue("bank_account")
	return web.Render(c, fiber.StatusUnprocessableEntity, adminview.PaymentInstructions(v))
}

func paymentInstructionsView(c *fiber.Ctx, p *merchants.PaymentInstructions) adminview.PaymentInstructionsView {
	return adminview.PaymentInstructionsView{
		Shop: frameShop(c), BankTransfer: p.BankTransfer, BankPayee: p.BankPayee, BankName: p.BankName,
		BankAccount: p.BankAccountDisplay(), BankOther: p.BankOther, CashOnDelivery: p.CashOnDelivery,
		Other: p.Other, UnpaidDays: strconv.Itoa(p.UnpaidDays),
	}
}
