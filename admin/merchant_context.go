package admin

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/templates/adminview"
	"github.com/mall-project/mall/web"
)

// merchantCookie remembers which shop an account working for several shops
// is managing. It is only a preference: every request checks it against the
// account's staff memberships.
const merchantCookie = "mall_admin_shop"

const localShop = "adminShop"

// shopContext is the shop the request works on and the staff member's
// place in it, resolved from the signed-in account.
type shopContext struct {
	Merchant *merchants.Merchant
	Role     merchants.StaffRoleName
	// Staff lists every shop the account works for (for the switcher).
	Staff []merchants.Staff
	// OrdersToShip counts the shop's paid orders not shipped yet (pages
	// only: the nav shows it).
	OrdersToShip int
	// CloseReason is the operator's reason while the shop is suspended or
	// rejected (pages only: the banner shows it).
	CloseReason string
}

// requireStaffAccount sends visitors who are not signed in to sign in.
func (h *Handler) requireStaffAccount(c *fiber.Ctx) error { return web.RequireAccount(c) }

// adminLocale writes the admin in the staff member's saved language, else
// the visitor's choice (cookie), else the browser's (already on the visitor).
func (h *Handler) adminLocale(c *fiber.Ctx) error {
	if loc, ok := i18n.Parse(web.Account(c).Locale); ok {
		web.SetLocale(c, loc)
	} else if loc, ok := web.CookieLocale(c); ok {
		web.SetLocale(c, loc)
	}
	return c.Next()
}

// requireMerchant resolves the shop from the account's staff memberships
// (the cookie only chooses among them) and keeps it for the handlers. An
// account that works for no shop is refused, and invited to apply.
func (h *Handler) requireMerchant(c *fiber.Ctx) error {
	ctx := web.Ctx(c)
	staff, err := h.Merchants.StaffOf(ctx, web.Account(c).ID)
	if err != nil {
		return err
	}
	if len(staff) == 0 {
		return web.Render(c, fiber.StatusForbidden, adminview.MerchantNone())
	}
	chosen := staff[0]
	if id, err := strconv.ParseInt(c.Cookies(merchantCookie), 10, 64); err == nil {
		for _, s := range staff {
			if s.MerchantID == id {
				chosen = s
			}
		}
	}
	m := chosen.Merchant
	if m == nil {
		if m, err = h.Merchants.MerchantByID(ctx, chosen.MerchantID); err != nil {
			return err
		}
	}
	sc := &shopContext{Merchant: m, Role: chosen.Role, Staff: staff}
	if c.Method() == fiber.MethodGet {
		if sc.OrdersToShip, err = h.ordersToShip(ctx, m.ID); err != nil {
			return err
		}
		if m.Closed() {
			if sc.CloseReason, err = h.Merchants.ClosingReason(ctx, m.ID); err != nil {
				return err
			}
		}
	}
	c.Locals(localShop, sc)
	web.VisitorOf(c).Account.IsStaff = true
	return c.Next()
}

// shopOf returns the shop the request works on (set by requireMerchant).
func shopOf(c *fiber.Ctx) *shopContext {
	return c.Locals(localShop).(*shopContext)
}

// merchantID is the id of the shop the request works on.
func merchantID(c *fiber.Ctx) int64 { return shopOf(c).Merchant.ID }

// frameShop is what the admin frame shows of the shop.
func frameShop(c *fiber.Ctx) adminview.Shop {
	sc := shopOf(c)
	m := sc.Merchant
	return adminview.Shop{
		Name: m.Name, Slug: m.Slug, Pending: m.Status == merchants.MerchantPending, OrdersToShip: sc.OrdersToShip,
		Role: sc.Role, Closed: m.Closed(), Rejected: m.Status == merchants.MerchantRejected, CloseReason: sc.CloseReason,
	}
}

// paramID reads a positive integer id from the path; anything else is a
// page that does not exist.
func paramID(c *fiber.Ctx, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Params(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, mall.NotFound(name)
	}
	return id, nil
}

// merchantSwitch changes the shop the admin manages, among the account's own.
func (h *Handler) merchantSwitch(c *fiber.Ctx) error {
	id, err := strconv.ParseInt(c.FormValue("merchant"), 10, 64)
	if err != nil {
		return mall.NotFound("merchant")
	}
	for _, s := range shopOf(c).Staff {
		if s.MerchantID == id {
			web.SetCookie(c, web.Cookie{Name: merchantCookie, Value: strconv.FormatInt(id, 10), Path: "/admin", MaxAge: 365 * 24 * time.Hour})
			web.Flash(c, "success", "admin.switch.done")
			return web.Redirect(c, "/admin")
		}
	}
	return mall.NotFound("merchant")
}
