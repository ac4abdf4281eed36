package admin_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/merchants"
)

func TestShippingMethodsAddEditDelete(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	m, _, b := malltest.Shop(t, app, "post", true)

	p := b.Get("/admin/shipping")
	if p.Status != 200 || p.Doc.Find(`[data-testid="shipping-empty"]`).Length() != 1 {
		t.Fatalf("empty shipping page: %d", p.Status)
	}
	if p.Doc.Find(`nav a[href="/admin/shipping"][aria-current="page"]`).Length() != 1 {
		t.Error("shipping not marked in the nav")
	}

	// Typos keep what was typed and say why beside each field; nothing is saved.
	p = b.Post("/admin/shipping", url.Values{"name": {"Courier"}, "price": {"4.999"}, "free_over": {"fifty"}, "active": {"1"}})
	if p.Status != 422 {
		t.Fatalf("invalid form: %d", p.Status)
	}
	if p.Doc.Find(`#field-name`).AttrOr("value", "") != "Courier" || p.Doc.Find(`#field-price`).AttrOr("value", "") != "4.999" {
		t.Error("input not kept")
	}
	if p.Doc.Find(`#field-price-error`).Length() != 1 || p.Doc.Find(`#field-free_over-error`).Length() != 1 {
		t.Errorf("no messages beside price and free-over:\n%s", p.Doc.Find(`[data-testid="shipping-form"]`).Text())
	}
	if p := b.Post("/admin/shipping", url.Values{"name": {" "}, "price": {"4"}}); p.Status != 422 || p.Doc.Find(`#field-name-error`).Length() != 1 {
		t.Errorf("blank name: %d", p.Status)
	}
	if list, _ := app.Orders.ShippingMethods(ctx, m.ID); len(list) != 0 {
		t.Fatalf("saved %d methods from rejected forms", len(list))
	}

	p = b.Post("/admin/shipping", url.Values{"name": {"Standard post"}, "price": {"4.50"}, "free_over": {"50"}, "active": {"1"}})
	if p.Status != 303 || p.Location != "/admin/shipping" {
		t.Fatalf("create: %d %q\n%s", p.Status, p.Location, p.Body)
	}
	if p := b.Post("/admin/shipping", url.Values{"name": {"Courier"}, "price": {"12"}}); p.Status != 303 {
		t.Fatalf("create second: %d", p.Status)
	}
	list, err := app.Orders.ShippingMethods(ctx, m.ID)
	if err != nil || len(list) != 2 {
		t.Fatalf("methods: %v %d", err, len(list))
	}
	std, courier := list[0], list[1]
	if std.Name != "Standard post" || std.Price != 450 || std.FreeOver != 5000 || !std.Active {
		t.Errorf("standard: %+v", std)
	}
	if courier.Price != 1200 || courier.FreeOver != 0 || courier.Active {
		t.Errorf("courier (unchecked box, no threshold): %+v", courier)
	}
	p = b.Get("/admin/shipping")
	if got := p.Text(`[data-testid="flash"]`); got != "Shipping method added." {
		t.Errorf("flash %q", got)
	}
	rows := p.Doc.Find(`[data-testid="shipping-method"]`)
	if rows.Length() != 2 {
		t.Fatalf("rows %d", rows.Length())
	}
	first := rows.First()
	if got := first.Find(`[data-testid="shipping-price"]`).Text(); got != "$4.50" {
		t.Errorf("price shown %q", got)
	}
	if got := first.Find(`[data-testid="shipping-free-over"]`).Text(); !strings.Contains(got, "$50.00") {
		t.Errorf("free over shown %q", got)
	}
	// The edit form is filled with the method's values as decimals.
	if v := p.Doc.Find(`#shipping-`+itoa(std.ID)+`-price`).AttrOr("value", ""); v != "4.50" {
		t.Errorf("edit price value %q", v)
	}

	// A rejected edit shows that row again as typed.
	p = b.Post("/admin/shipping/"+itoa(std.ID), url.Values{"name": {"Standard post"}, "price": {"-1"}, "free_over": {"50"}, "active": {"1"}})
	if p.Status != 422 || p.Doc.Find(`#shipping-`+itoa(std.ID)+`-price`).AttrOr("value", "") != "-1" {
		t.Fatalf("invalid edit: %d", p.Status)
	}
	if p.Doc.Find(`#shipping-`+itoa(std.ID)+`-price-error`).Length() != 1 {
		t.Error("no message beside the row's price")
	}
	p = b.Post("/admin/shipping/"+itoa(std.ID), url.Values{"name": {"Slow post"}, "price": {"3"}, "free_over": {""}})
	if p.Status != 303 {
		t.Fatalf("edit: %d\n%s", p.Status, p.Body)
	}
	list, _ = app.Orders.ShippingMethods(ctx, m.ID)
	if list[0].Name != "Slow post" || list[0].Price != 300 || list[0].FreeOver != 0 || list[0].Active {
		t.Errorf("after edit: %+v", list[0])
	}

	if p := b.Post("/admin/shipping/"+itoa(courier.ID)+"/delete", nil); p.Status != 303 {
		t.Fatalf("delete: %d", p.Status)
	}
	if list, _ = app.Orders.ShippingMethods(ctx, m.ID); len(list) != 1 || list[0].ID != std.ID {
		t.Errorf("after delete: %+v", list)
	}
	if p := b.Post("/admin/shipping/"+itoa(courier.ID)+"/delete", nil); p.Status != 404 {
		t.Errorf("deleting again: %d", p.Status)
	}
}

func TestClerksDoNotManageShipping(t *testing.T) {
	app := malltest.NewApp(t)
	ctx := t.Context()
	m, owner, b := malltest.Shop(t, app, "post", true)
	if p := b.Post("/admin/shipping", url.Values{"name": {"Standard"}, "price": {"5"}, "active": {"1"}}); p.Status != 303 {
		t.Fatalf("create: %d", p.Status)
	}
	list, _ := app.Orders.ShippingMethods(ctx, m.ID)
	for _, role := range []merchants.StaffRoleName{merchants.RoleClerk, merchants.RoleManager} {
		acct := malltest.Account(t, app, string(role)+"@post.test", string(role))
		token, err := app.Merchants.Invite(ctx, m.ID, owner.ID, acct.Email, role)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.Merchants.AcceptInvitation(ctx, token, acct.ID); err != nil {
			t.Fatal(err)
		}
		sb := malltest.SignedIn(t, app, acct)
		p := sb.Get("/admin/shipping")
		price := "6"
		want := 303
		if role == merchants.RoleClerk {
			if p.Status != 403 || p.Doc.Find(`[data-testid="shipping-method"]`).Length() != 0 {
				t.Errorf("clerk sees shipping: %d", p.Status)
			}
			sb.Get("/admin")
			want = 403
			price = "0"
		} else if p.Status != 200 || p.Doc.Find(`[data-testid="shipping-form"]`).Length() != 1 {
			t.Fatalf("%s sees: %d", role, p.Status)
		}
		got := []int{
			sb.Post("/admin/shipping", url.Values{"name": {"By " + string(role)}, "price": {"1"}}).Status,
			sb.Post("/admin/shipping/"+itoa(list[0].ID), url.Values{"name": {"Standard"}, "price": {price}, "active": {"1"}}).Status,
		}
		for i, status := range got {
			if status != want {
				t.Errorf("%s post %d: %d, want %d", role, i, status, want)
			}
		}
		if role == merchants.RoleClerk {
			if p := sb.Post("/admin/shipping/"+itoa(list[0].ID)+"/delete", nil); p.Status != 403 {
				t.Errorf("clerk delete: %d", p.Status)
			}
			after, _ := app.Orders.ShippingMethods(ctx, m.ID)
			if len(after) != 1 || after[0].Price != 500 {
				t.Errorf("clerk changed shipping: %+v", after)
			}
		}
	}
	after, _ := app.Orders.ShippingMethods(ctx, m.ID)
	if len(after) != 2 || after[0].Price != 600 {
		t.Errorf("manager's changes: %+v", after)
	}
}
