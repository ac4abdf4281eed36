package main

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/internal/smtptest"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
)

// The background work of `mall serve`: the outbox worker mails the
// confirmation of an offline checkout through MALL_SMTP_URL, the expiry
// ticker releases an unpaid card checkout whose time ran out, and both stop
// when the server shuts down.
func TestServeBackgroundSendsMailAndExpiresCheckouts(t *testing.T) {
	smtp := smtptest.Start(t, smtptest.Options{})
	getenv, _, _, db := seedEnvDB(t)
	env := func(k string) string {
		switch k {
		case "MALL_SMTP_URL":
			return smtp.URL().String()
		case "MALL_MAIL_FROM":
			return "Test Mall <orders@mall.test>"
		case "MALL_CHECKOUT_TTL":
			return "2m"
		}
		return getenv(k)
	}
	cfg, err := loadConfig(env)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	app, appDB, err := buildApp(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB(appDB)

	now := time.Now().UTC()
	var merchantID int64
	if err := db.Raw(`INSERT INTO merchants (slug, name, status, contact_email, created_at, updated_at)
		VALUES ('acme', 'Acme', ?, '', ?, ?) RETURNING id`, merchants.MerchantActive, now, now).Scan(&merchantID).Error; err != nil {
		t.Fatal(err)
	}
	p, err := app.Catalog.CreateProduct(ctx, merchantID, catalog.ProductInput{Title: "Mug", Status: catalog.StatusActive,
		Variants: []catalog.VariantInput{{SKU: "MUG", Price: 1000, Currency: "USD", Stock: 5}}})
	if err != nil {
		t.Fatal(err)
	}
	variant := p.Variants[0].ID
	if _, err := app.Orders.CreateShippingMethod(ctx, merchantID, orders.ShippingMethodInput{Name: "Post", Price: 0, Active: true}); err != nil {
		t.Fatal(err)
	}
	place := func(provider orders.Provider) *orders.Checkout {
		t.Helper()
		owner := orders.CartOwner{Token: orders.NewCartToken()}
		if err := app.Orders.AddToCart(ctx, owner, variant, 1); err != nil {
			t.Fatal(err)
		}
		co, err := app.Orders.PlaceCheckout(ctx, orders.PlaceRequest{Owner: owner, Email: "ann@example.com", Provider: provider, ExpectedTotal: 1000,
			Address: orders.Address{Name: "Ann", Line1: "1 Main St", City: "Oslo", Country: "NO"}})
		if err != nil {
			t.Fatal(err)
		}
		return co
	}
	offline := place(orders.ProviderOffline)
	card := place(orders.ProviderStripe)
	if card.ExpiresAt == nil || card.ExpiresAt.Sub(card.CreatedAt) != 2*time.Minute {
		t.Fatalf("card checkout expires at %v, want 2m after %v (MALL_CHECKOUT_TTL)", card.ExpiresAt, card.CreatedAt)
	}
	// Its time runs out while no server is running.
	if err := db.Exec(`UPDATE checkouts SET expires_at = ? WHERE id = ?`, now.Add(-time.Minute), card.ID).Error; err != nil {
		t.Fatal(err)
	}

	bgCtx, stop := context.WithCancel(ctx)
	background := startBackground(bgCtx, app, log)
	deadline := time.Now().Add(20 * time.Second)
	for {
		co, err := app.Orders.Checkout(ctx, card.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(smtp.Messages()) > 0 && co.Status == orders.CheckoutExpired {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 20 s: %d emails, card checkout %s", len(smtp.Messages()), co.Status)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	background.Wait()

	msgs := smtp.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "ann@example.com" || msgs[0].From != "orders@mall.test" {
		t.Fatalf("emails %+v, want the offline confirmation only", msgs)
	}
	var stock int
	if err := db.Raw(`SELECT stock FROM variants WHERE id = ?`, variant).Scan(&stock).Error; err != nil {
		t.Fatal(err)
	}
	if stock != 4 {
		t.Errorf("stock %d, want 4: the expired card checkout gave its unit back, the offline one keeps it", stock)
	}
	if co, _ := app.Orders.Checkout(ctx, offline.ID); co.Status != orders.CheckoutPending {
		t.Errorf("offline checkout %s, want pending: it never expires by itself", co.Status)
	}
}
