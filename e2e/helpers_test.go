// Package e2e_test drives the whole mall in a real headless Chromium: the
// app as cmd/mall serves it, on a real listener on 127.0.0.1, with data put
// in through the domain stores and everything else done by clicking and
// typing as a shopper or a merchant would.
package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/i18n"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/server"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

// waitTimeout bounds one wait for a page to show something; the browser
// test as a whole is bounded by browsertest.Timeout.
const waitTimeout = 15 * time.Second

// password is every seeded account's password.
const password = "correct horse battery staple"

// testMall is the running mall and the stores behind it.
type testMall struct {
	app *server.App
	URL string // http://127.0.0.1:PORT, no trailing slash
	// db is the mall's database, for a test that tampers with it behind
	// the mall's back.
	db *gorm.DB
}

// startMall builds the mall on a fresh database (SQLite, or PostgreSQL
// when DATABASE_URL is set) and serves it on 127.0.0.1 until the test ends.
func startMall(t *testing.T, configure ...func(*server.Options)) *testMall {
	t.Helper()
	db := dbtest.Open(t)
	store, err := media.NewDiskStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://" + ln.Addr().String())
	opts := server.Options{
		DB:     db,
		Media:  store,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Web:    web.Config{Secret: []byte(strings.Repeat("e2e-secret-", 4)), BaseURL: base},
		Site:   templates.Site{Name: "Test Mall", BaseURL: base.String(), Currency: "USD"},
	}
	for _, fn := range configure {
		fn(&opts)
	}
	app, err := server.New(opts)
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- app.Fiber.Listener(ln) }()
	t.Cleanup(func() {
		if err := app.Fiber.ShutdownWithTimeout(5 * time.Second); err != nil {
			t.Logf("shut down the mall: %v", err)
		}
		<-served
	})
	return &testMall{app: app, URL: base.String(), db: db}
}

// shop is a seeded merchant with its owner.
type shop struct {
	Merchant *merchants.Merchant
	Owner    *accounts.Account
}

// openShop makes an account (password: password), lets it apply for a shop
// and has an operator approve it, so the shop is open and its owner staff.
func (m *testMall) openShop(t *testing.T, slug, name string) shop {
	t.Helper()
	ctx := t.Context()
	owner, err := m.app.Accounts.SignUp(ctx, accounts.SignUpInput{Email: "owner@" + slug + ".test", Name: "Owner of " + name, Password: password})
	if err != nil {
		t.Fatalf("sign up the owner of %s: %v", slug, err)
	}
	mer, err := m.app.Merchants.Apply(ctx, owner.ID, merchants.ApplyInput{Name: name, Slug: slug, Description: "A shop for tests", ContactEmail: owner.Email})
	if err != nil {
		t.Fatalf("apply for %s: %v", slug, err)
	}
	op, err := m.app.Accounts.CreateOperator(ctx, "operator-"+slug+"@mall.test", "Operator", password)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.app.Merchants.Approve(ctx, op.ID, mer.ID); err != nil {
		t.Fatalf("approve %s: %v", slug, err)
	}
	if mer, err = m.app.Merchants.MerchantByID(ctx, mer.ID); err != nil {
		t.Fatal(err)
	}
	if mer.Status != merchants.MerchantActive {
		t.Fatalf("shop %s is %q after approval, want active", slug, mer.Status)
	}
	return shop{Merchant: mer, Owner: owner}
}

// addProduct puts an active product in the shop's catalogue.
func (m *testMall) addProduct(t *testing.T, s shop, in catalog.ProductInput) *catalog.Product {
	t.Helper()
	if in.Status == "" {
		in.Status = catalog.StatusActive
	}
	p, err := m.app.Catalog.CreateProduct(t.Context(), s.Merchant.ID, in)
	if err != nil {
		t.Fatalf("create product %q: %v", in.Title, err)
	}
	return p
}

// pngFile writes a generated 64×48 PNG into a temp dir and returns its path.
func pngFile(t *testing.T, name string) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for x := range 64 {
		for y := range 48 {
			img.Set(x, y, color.RGBA{R: uint8(x * 4), G: uint8(y * 5), B: 160, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// --- words: what the page says, from the same catalogue the app uses ---

func en(key string, args ...any) string { return i18n.Translate(i18n.English, key, args...) }
func zh(key string, args ...any) string { return i18n.Translate(i18n.Chinese, key, args...) }

// count is a plural message in a locale.
func count(loc i18n.Locale, key string, n int) string {
	return i18n.N(i18n.WithLocale(context.Background(), loc), key, n)
}

func usd(loc i18n.Locale, cents int64) string {
	return i18n.FormatMoney(loc, mall.Money{Amount: cents, Currency: "USD"})
}

// --- finding things as a person does: by label, by role and name ---

// xq quotes s as an XPath 1.0 string literal.
func xq(s string) string {
	if !strings.Contains(s, "'") {
		return "'" + s + "'"
	}
	if !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	parts := strings.Split(s, "'")
	return "concat('" + strings.Join(parts, `', "'", '`) + "')"
}

// labelled is the form control whose <label> reads text.
func labelled(text string) string {
	return fmt.Sprintf(`//*[(self::input or self::select or self::textarea) and @id=//label[normalize-space(.)=%s]/@for]`, xq(text))
}

// labelledIn is labelled, inside the element the XPath scope selects.
func labelledIn(scope, text string) string {
	return fmt.Sprintf(`%s//*[(self::input or self::select or self::textarea) and @id=//label[normalize-space(.)=%s]/@for]`, scope, xq(text))
}

// link is the link whose text reads text.
func link(text string) string {
	return fmt.Sprintf(`//a[normalize-space(.)=%s]`, xq(text))
}

// button is the button whose text reads text.
func button(text string) string {
	return fmt.Sprintf(`//button[normalize-space(.)=%s]`, xq(text))
}

// testid is the element with that data-testid, for chromedp.ByQuery.
func testid(id string) string { return fmt.Sprintf(`[data-testid=%q]`, id) }

// --- actions ---

// click clicks the element xpath selects, waiting at most waitTimeout for
// it to be there.
func click(xpath string) chromedp.Action {
	return bounded("to click "+xpath, chromedp.Click(xpath, chromedp.BySearch, chromedp.NodeVisible))
}

// bounded fails the action when it takes longer than waitTimeout (element
// queries otherwise wait until the test's deadline).
func bounded(what string, a chromedp.Action) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		c, cancel := context.WithTimeout(ctx, waitTimeout)
		defer cancel()
		if err := a.Do(c); err != nil {
			if c.Err() != nil && ctx.Err() == nil {
				return fmt.Errorf("%s: nothing after %v", what, waitTimeout)
			}
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	})
}

// typeInto types text into the labelled field (empty on the pages used).
func typeInto(label, text string) chromedp.Action {
	sel := labelled(label)
	return bounded("to type into the field labelled "+label, chromedp.Tasks{
		chromedp.WaitVisible(sel, chromedp.BySearch),
		chromedp.SendKeys(sel, text, chromedp.BySearch),
	})
}

// waitJS polls a JavaScript expression until it is true, for at most
// waitTimeout; what says why is the message of the failure.
func waitJS(why, expr string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		deadline := time.Now().Add(waitTimeout)
		for {
			var ok bool
			err := chromedp.Evaluate(expr, &ok).Do(ctx)
			if err == nil && ok {
				return nil
			}
			if ctx.Err() != nil {
				return fmt.Errorf("waiting for %s: %w", why, ctx.Err())
			}
			if time.Now().After(deadline) {
				var href string
				_ = chromedp.Evaluate(`location.href`, &href).Do(ctx)
				return fmt.Errorf("waiting for %s: not after %v (page %s, last error %v)", why, waitTimeout, href, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	})
}

// waitPage waits until the tab has loaded a page for which the JavaScript
// condition holds.
func waitPage(why, condition string) chromedp.Action {
	return waitJS(why, `document.readyState === "complete" && (`+condition+`)`)
}

// textOf waits for the element css selects and returns its text, spaces
// squeezed.
func textOf(css string, out *string) chromedp.Action {
	return bounded("to read "+css, chromedp.Tasks{
		chromedp.WaitVisible(css, chromedp.ByQuery),
		chromedp.Text(css, out, chromedp.ByQuery),
		chromedp.ActionFunc(func(context.Context) error {
			*out = strings.Join(strings.Fields(*out), " ")
			return nil
		}),
	})
}

// waitText waits until the element css selects reads want (spaces
// squeezed).
func waitText(css, want string) chromedp.Action {
	return waitJS(fmt.Sprintf("%s to read %q", css, want), fmt.Sprintf(
		`(() => { const e = document.querySelector(%s); return !!e && e.innerText.split(/\s+/).filter(Boolean).join(" ") === %s })()`,
		jsString(css), jsString(want)))
}

// waitContains waits until the element css selects contains want.
func waitContains(css, want string) chromedp.Action {
	return waitJS(fmt.Sprintf("%s to contain %q", css, want), fmt.Sprintf(
		`(() => { const e = document.querySelector(%s); return !!e && e.innerText.includes(%s) })()`,
		jsString(css), jsString(want)))
}

func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
