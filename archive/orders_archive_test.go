package archive_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"

	"gorm.io/gorm"

	"github.com/mall-project/mall/archive"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/malltest"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/server"
)

var staff = orders.Actor{Kind: orders.ActorStaff}

// buy has a guest check out qty of each variant of the shop offline.
func buy(t *testing.T, app *server.App, email string, qty map[int64]int) *orders.Order {
	t.Helper()
	ctx := t.Context()
	owner := orders.CartOwner{Token: orders.NewCartToken()}
	for v, n := range qty {
		if err := app.Orders.AddToCart(ctx, owner, v, n); err != nil {
			t.Fatalf("add to cart: %v", err)
		}
	}
	q, err := app.Orders.Quote(ctx, orders.QuoteRequest{Owner: owner})
	if err != nil {
		t.Fatal(err)
	}
	co, err := app.Orders.PlaceCheckout(ctx, orders.PlaceRequest{
		Owner: owner, Email: email, Provider: orders.ProviderOffline, ExpectedTotal: q.Total, Locale: "zh-Hans",
		Address: orders.Address{Name: "林小姐", Line1: "1 Harbour Road", City: "Central", Region: "Hong Kong Island", Country: "HK", Phone: "+852 2123 4567"},
	})
	if err != nil {
		t.Fatalf("place: %v", err)
	}
	return &co.Orders[0]
}

func approve(t *testing.T, app *server.App, m *merchants.Merchant) {
	t.Helper()
	if err := app.Merchants.Approve(t.Context(), malltest.Operator(t, app).ID, m.ID); err != nil {
		t.Fatal(err)
	}
}

func variantID(t *testing.T, app *server.App, merchantID int64, slug, sku string) int64 {
	t.Helper()
	p, err := app.Catalog.ProductBySlug(t.Context(), merchantID, slug)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range p.Variants {
		if v.SKU == sku {
			return v.ID
		}
	}
	t.Fatalf("no variant %s", sku)
	return 0
}

// shopWithOrders is shop() opened, with two shipping methods (one
// inactive), a second product, and orders in every state: shipped,
// partly refunded, cancelled, awaiting payment.
func shopWithOrders(t *testing.T, app *server.App) (*merchants.Merchant, map[string]*orders.Order) {
	t.Helper()
	ctx := t.Context()
	m := shop(t, app)
	approve(t, app, m)
	if _, err := app.Orders.CreateShippingMethod(ctx, m.ID, orders.ShippingMethodInput{Name: "顺丰 (2 days)", Price: 500, FreeOver: 10000, Active: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Orders.CreateShippingMethod(ctx, m.ID, orders.ShippingMethodInput{Name: "Sea freight", Price: 200}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Catalog.CreateProduct(ctx, m.ID, catalog.ProductInput{Title: "Bamboo tray", Slug: "tray", Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{SKU: "TRAY-1", Price: 1500, Currency: "USD", Stock: 10}}}); err != nil {
		t.Fatal(err)
	}
	lj := variantID(t, app, m.ID, "longjing", "LJ-50")
	tray := variantID(t, app, m.ID, "tray", "TRAY-1")

	got := map[string]*orders.Order{}
	got["shipped"] = buy(t, app, "a@shopper.test", map[int64]int{lj: 2})
	if err := app.Orders.ConfirmOfflinePayment(ctx, m.ID, got["shipped"].ID, staff); err != nil {
		t.Fatal(err)
	}
	if err := app.Orders.MarkShipped(ctx, m.ID, got["shipped"].ID, "SF Express", "SF1234567", staff); err != nil {
		t.Fatal(err)
	}

	got["refunded"] = buy(t, app, "b@shopper.test", map[int64]int{lj: 1, tray: 3})
	if err := app.Orders.ConfirmOfflinePayment(ctx, m.ID, got["refunded"].ID, staff); err != nil {
		t.Fatal(err)
	}
	o, err := app.Orders.OrderInMerchant(ctx, m.ID, got["refunded"].ID)
	if err != nil {
		t.Fatal(err)
	}
	var trayLine int64
	for _, l := range o.Lines {
		if l.SKU == "TRAY-1" {
			trayLine = l.ID
		}
	}
	ref, err := app.Orders.PrepareRefund(ctx, m.ID, o.ID, orders.RefundRequest{Lines: []orders.RefundLine{{LineID: trayLine, Quantity: 1}},
		Shipping: true, Reason: "one arrived cracked", By: staff})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Orders.CompleteRefund(ctx, m.ID, ref.ID, "", "", staff); err != nil {
		t.Fatal(err)
	}

	got["cancelled"] = buy(t, app, "c@shopper.test", map[int64]int{tray: 1})
	if err := app.Orders.CancelOrder(ctx, m.ID, got["cancelled"].ID, "changed my mind", staff); err != nil {
		t.Fatal(err)
	}
	got["pending"] = buy(t, app, "d@shopper.test", map[int64]int{lj: 1})
	return m, got
}

func count(t *testing.T, db *gorm.DB, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Table(table).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOrdersTravelWithTheShop(t *testing.T) {
	ctx := t.Context()
	src := malltest.NewApp(t)
	m, placed := shopWithOrders(t, src)
	first := export(t, src, m.ID)

	c, err := archive.Read(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatalf("read own export: %v", err)
	}
	if c.Manifest.Version != archive.Version || c.Manifest.Counts["orders"] != 4 || c.Manifest.Counts["shipping_methods"] != 2 {
		t.Fatalf("manifest = %+v", c.Manifest)
	}
	var shipped archive.Order
	for _, o := range c.Orders {
		if o.Number == placed["shipped"].Number {
			shipped = o
		}
	}
	if shipped.Status != string(orders.StatusShipped) || shipped.TrackingNumber != "SF1234567" || shipped.Carrier != "SF Express" ||
		shipped.Provider != string(orders.ProviderOffline) || shipped.ShippingAddress.Name != "林小姐" || len(shipped.Events) != 3 {
		t.Errorf("exported shipped order = %+v", shipped)
	}

	dst, dstDB := malltest.NewAppDB(t)
	acct := owner(t, dst, "owner@new.test")
	jobsBefore := count(t, dstDB, "outbox_jobs", "topic <> ?", merchants.TopicMerchantDecided)
	imported, err := archiver(dst).Import(ctx, c, archive.ImportOptions{OwnerAccountID: acct.ID, Slug: "tea-two"})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	second := export(t, dst, imported.ID)

	// Everything an order is, and its shipping methods, come out of the
	// new mall as they went in.
	for _, name := range []string{"orders.json", "shipping_methods.json"} {
		if x, y := entry(t, first, name), entry(t, second, name); !bytes.Equal(x, y) {
			t.Errorf("%s differs after a round trip:\nfirst:  %s\nsecond: %s", name, x, y)
		}
	}

	list, total, err := dst.Orders.ListOrders(ctx, imported.ID, orders.OrderFilter{PerPage: 100})
	if err != nil || total != 4 {
		t.Fatalf("imported orders: %d %v", total, err)
	}
	byNumber := map[string]orders.Order{}
	for _, o := range list {
		byNumber[o.Number] = o
	}
	for kind, want := range placed {
		o, ok := byNumber[want.Number]
		if !ok {
			t.Fatalf("order %s (%s) was not imported", want.Number, kind)
		}
		full, err := dst.Orders.OrderInMerchant(ctx, imported.ID, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		orig, err := src.Orders.OrderInMerchant(ctx, m.ID, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if full.Status != orig.Status || full.Total != orig.Total || full.RefundedAmount != orig.RefundedAmount ||
			full.Seq != orig.Seq || len(full.Lines) != len(orig.Lines) || len(full.Events) != len(orig.Events) ||
			len(full.Refunds) != len(orig.Refunds) || full.AccountID != nil || full.Provider != orders.ProviderOffline {
			t.Errorf("%s: imported %+v\noriginal %+v", kind, full, orig)
		}
		for i, l := range full.Lines {
			want := variantID(t, dst, imported.ID, map[string]string{"LJ-50": "longjing", "TRAY-1": "tray"}[l.SKU], l.SKU)
			if l.VariantID != want || l.RefundedQuantity != orig.Lines[i].RefundedQuantity {
				t.Errorf("%s line %s: variant %d (want %d), refunded %d", kind, l.SKU, l.VariantID, want, l.RefundedQuantity)
			}
		}
		for _, r := range full.Refunds {
			for _, rl := range r.Lines {
				var sku string
				for _, l := range full.Lines {
					if l.ID == rl.OrderLineID {
						sku = l.SKU
					}
				}
				if sku != "TRAY-1" || rl.Quantity != 1 || rl.Amount != 1500 || r.Amount != 2000 || r.Status != orders.RefundSucceeded {
					t.Errorf("imported refund %+v, line %+v (SKU %q)", r, rl, sku)
				}
			}
		}
	}

	// History only: the stock is the archive's, and nothing about its
	// orders was queued (no shopper is emailed). The owner alone is told
	// that the imported shop awaits the operator, as any application.
	p, err := dst.Catalog.ProductBySlug(ctx, imported.ID, "longjing")
	if err != nil {
		t.Fatal(err)
	}
	srcP, _ := src.Catalog.ProductBySlug(ctx, m.ID, "longjing")
	if p.Variants[0].Stock != srcP.Variants[0].Stock {
		t.Errorf("stock after import = %d, want the archive's %d", p.Variants[0].Stock, srcP.Variants[0].Stock)
	}
	if n := count(t, dstDB, "outbox_jobs", "topic <> ?", merchants.TopicMerchantDecided); n != jobsBefore {
		t.Errorf("the import queued %d outbox jobs besides the application's", n-jobsBefore)
	}
	if n := count(t, dstDB, "outbox_jobs", "topic = ?", merchants.TopicMerchantDecided); n != 1 {
		t.Errorf("the import announced the application %d times, want once", n)
	}
	if n := count(t, dstDB, "checkouts", "1 = 1"); n != 4 {
		t.Errorf("%d checkouts for 4 imported orders", n)
	}

	// The imported order awaiting payment can still be paid, and the next
	// order carries on the numbering under the new slug.
	pending := byNumber[placed["pending"].Number]
	if err := dst.Orders.ConfirmOfflinePayment(ctx, imported.ID, pending.ID, staff); err != nil {
		t.Errorf("confirm the imported pending order: %v", err)
	}
	approve(t, dst, imported)
	var maxSeq int64
	for _, o := range placed {
		maxSeq = max(maxSeq, o.Seq)
	}
	next := buy(t, dst, "e@shopper.test", map[int64]int{variantID(t, dst, imported.ID, "tray", "TRAY-1"): 1})
	if next.Seq != maxSeq+1 || next.Number != "TEA-TWO-"+strconv.FormatInt(maxSeq+1, 10) {
		t.Errorf("next order = %s (seq %d), want seq %d", next.Number, next.Seq, maxSeq+1)
	}
}

// A line whose SKU the archive's catalog no longer has keeps its text,
// and points at no variant.
func TestOrderLineOfAGoneProductKeepsItsText(t *testing.T) {
	src := malltest.NewApp(t)
	m, _ := shopWithOrders(t, src)
	data := export(t, src, m.ID)
	c, err := archive.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var kept []archive.Product
	for _, p := range c.Products {
		if p.Slug != "tray" {
			kept = append(kept, p)
		}
	}
	c.Products = kept
	dst, db := malltest.NewAppDB(t)
	imported, err := archiver(dst).Import(t.Context(), c, archive.ImportOptions{OwnerAccountID: owner(t, dst, "o@new.test").ID})
	if err != nil {
		t.Fatal(err)
	}
	var lines []orders.OrderLine
	db.Where("merchant_id = ? AND sku = ?", imported.ID, "TRAY-1").Find(&lines)
	if len(lines) != 2 {
		t.Fatalf("tray lines = %+v", lines)
	}
	for _, l := range lines {
		if l.VariantID != 0 || l.ProductID != 0 || l.Title != "Bamboo tray" || l.UnitPrice != 1500 {
			t.Errorf("line of a gone product = %+v", l)
		}
	}
}

// rewriteEntry returns data with the file name edited (nil: removed).
func rewriteEntry(data []byte, name string, edit func([]byte) []byte) []byte {
	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == name {
			if b = edit(b); b == nil {
				continue
			}
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return out.Bytes()
}

// editOrders decodes orders.json loosely, lets edit change it, encodes it.
func editOrders(edit func([]map[string]any)) func([]byte) []byte {
	return func(b []byte) []byte {
		var ords []map[string]any
		if err := json.Unmarshal(b, &ords); err != nil {
			panic(err)
		}
		edit(ords)
		out, _ := json.Marshal(ords)
		return out
	}
}

func TestTamperedOrdersAreRefusedAndWriteNothing(t *testing.T) {
	src := malltest.NewApp(t)
	m, _ := shopWithOrders(t, src)
	good := export(t, src, m.ID)
	line := func(o map[string]any) map[string]any { return o["lines"].([]any)[0].(map[string]any) }
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"line total wrong", rewriteEntry(good, "orders.json", editOrders(func(o []map[string]any) {
			line(o[0])["total"] = 1.0
		})), `orders.json: order 1 ("TEA-HOUSE-1001"): line 1 (SKU "LJ-50"): total 1 is not unit_price 3800 × quantity 2`},
		{"unknown status", rewriteEntry(good, "orders.json", editOrders(func(o []map[string]any) {
			o[1]["status"] = "lost"
		})), `orders.json: order 2 ("TEA-HOUSE-1002"): unknown status "lost"`},
		{"duplicate number", rewriteEntry(good, "orders.json", editOrders(func(o []map[string]any) {
			o[2]["number"] = o[0]["number"]
		})), `orders.json: order 3 ("TEA-HOUSE-1001"): the number appears twice`},
		{"negative quantity", rewriteEntry(good, "orders.json", editOrders(func(o []map[string]any) {
			line(o[3])["quantity"] = -1.0
		})), `order 4 ("TEA-HOUSE-1004"): line 1 (SKU "LJ-50"): quantity -1`},
		{"subtotal not the lines'", rewriteEntry(good, "orders.json", editOrders(func(o []map[string]any) {
			o[0]["subtotal"] = 1.0
		})), `order 1 ("TEA-HOUSE-1001"): subtotal 1`},
		{"refund of a line the order lacks", rewriteEntry(good, "orders.json", editOrders(func(o []map[string]any) {
			o[1]["refunds"].([]any)[0].(map[string]any)["lines"].([]any)[0].(map[string]any)["line"] = 9.0
		})), `order 2 ("TEA-HOUSE-1002"): refund 1: line 1: the order has no line 9`},
		{"not a list", rewriteEntry(good, "orders.json", func([]byte) []byte { return []byte(`{"number": 1}`) }), "orders.json is not valid"},
		{"missing orders", rewriteEntry(good, "orders.json", func([]byte) []byte { return nil }), "no orders.json"},
	}
	dst, db := malltest.NewAppDB(t)
	acct := owner(t, dst, "owner@new.test")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := archive.Read(bytes.NewReader(tt.data), int64(len(tt.data)))
			if err == nil {
				_, err = archiver(dst).Import(t.Context(), c, archive.ImportOptions{OwnerAccountID: acct.ID})
			}
			if err == nil || mall.ErrorCode(err) != mall.EInvalid || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want an invalid-archive error saying %q", err, tt.want)
			}
		})
	}
	for _, table := range []string{"merchants", "products", "shipping_methods", "checkouts", "orders", "order_lines", "order_events", "refunds", "order_counters"} {
		if n := count(t, db, table, "1 = 1"); n != 0 {
			t.Errorf("refused archives left %d rows in %s", n, table)
		}
	}
}

// An archive that reads but that the database refuses half-way through
// the orders leaves no shop, no catalog and no orders behind.
func TestOrdersFailingHalfWayLeaveNothing(t *testing.T) {
	src := malltest.NewApp(t)
	m, _ := shopWithOrders(t, src)
	data := export(t, src, m.ID)
	c, err := archive.Read(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	c.Orders[len(c.Orders)-1].CommissionBP = 20000 // past the table's CHECK
	dst, db := malltest.NewAppDB(t)
	if _, err := archiver(dst).Import(t.Context(), c, archive.ImportOptions{OwnerAccountID: owner(t, dst, "o@new.test").ID}); err == nil {
		t.Fatal("import of an impossible order succeeded")
	}
	for _, table := range []string{"merchants", "products", "variants", "shipping_methods", "checkouts", "orders", "order_lines", "order_events", "refunds", "refund_lines", "order_counters"} {
		if n := count(t, db, table, "1 = 1"); n != 0 {
			t.Errorf("a failed import left %d rows in %s", n, table)
		}
	}
}

// Archives written before orders existed still import.
func TestVersionOneArchiveStillImports(t *testing.T) {
	src := malltest.NewApp(t)
	m, _ := shopWithOrders(t, src)
	data := export(t, src, m.ID)
	old := rewriteEntry(data, "orders.json", func([]byte) []byte { return nil })
	old = rewriteEntry(old, "shipping_methods.json", func([]byte) []byte { return nil })
	old = rewriteEntry(old, "reviews.json", func([]byte) []byte { return nil })
	old = rewriteEntry(old, "manifest.json", func(b []byte) []byte {
		return bytes.Replace(b, []byte(`"version": 3`), []byte(`"version": 1`), 1)
	})
	c, err := archive.Read(bytes.NewReader(old), int64(len(old)))
	if err != nil {
		t.Fatalf("read a version 1 archive: %v", err)
	}
	dst := malltest.NewApp(t)
	imported, err := archiver(dst).Import(t.Context(), c, archive.ImportOptions{OwnerAccountID: owner(t, dst, "o@new.test").ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, total, err := dst.Orders.ListOrders(t.Context(), imported.ID, orders.OrderFilter{}); err != nil || total != 0 {
		t.Errorf("a version 1 archive brought %d orders (%v)", total, err)
	}
}
