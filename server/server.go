// Package server builds the mall's HTTP application: middleware, the static
// and media files, health checks, custom-domain routing, and the storefront
// and admin handlers.
package server

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/admin"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/notify"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
	"github.com/mall-project/mall/payments"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/storefront"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

// Options is everything the app is built from.
type Options struct {
	DB     *gorm.DB
	Web    web.Config
	Site   templates.Site
	Media  media.Store
	Logger *slog.Logger
	// TrustedProxies are the load balancers whose X-Forwarded-For is
	// believed (for the client IP used in login limits and logs).
	TrustedProxies []string
	// Now is the clock of every store and service (tests); nil means
	// time.Now.
	Now func() time.Time
	// Mail sends the shoppers' and merchants' emails; nil only logs them.
	Mail mail.Sender
	// CheckoutTTL is how long an unpaid card checkout holds its stock; 0
	// means orders.DefaultCheckoutTTL.
	CheckoutTTL time.Duration
	// Payments configures Stripe; without a key the offline provider runs.
	Payments payments.Config
	// ReviewLogKey signs the review log's checkpoints; nil makes a key for
	// this process only (tests).
	ReviewLogKey *reviews.LogKey
	// AdjustLimits may change the per-address limits on sign-ups,
	// applications, cart adds and searches (tests); nil keeps the defaults.
	AdjustLimits func(*storefront.Limits)
}

// App is the built application and the stores behind it.
type App struct {
	Fiber     *fiber.App
	Accounts  *accounts.Store
	Merchants *merchants.Store
	Catalog   *catalog.Store
	Orders    *orders.Store
	Media     media.Store
	// Outbox carries the events of checkouts and orders to their
	// subscribers (emails); cmd/mall runs its worker.
	Outbox *outbox.Queue
	// Payments takes payment (Stripe or offline) and receives Stripe's
	// webhooks.
	Payments *payments.Service
	// Storefront serves shoppers; its page cache reports how it serves.
	Storefront *storefront.Handler
	// Reviews keeps the reviews and the review log.
	Reviews *reviews.Store

	access *accessLogger
}

// Close writes the access log lines still waiting: call it after the last
// request was answered.
func (a *App) Close() { a.access.close() }

// New builds the app.
func New(opts Options) (*App, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	// BodyLimit is the largest body any route takes; limitBodies picks
	// each route's own, smaller, limit before the body is read.
	cfg := fiber.Config{
		AppName:               "mall",
		ErrorHandler:          web.ErrorHandler,
		DisableStartupMessage: true,
		// Every string fiber hands out (params, query, form, headers,
		// cookies) is the request's own copy, safe to keep after the
		// request: no handler has to remember to copy.
		Immutable:      true,
		BodyLimit:      reviewBodyLimit,
		ReadTimeout:    30 * time.Second,
		WriteTimeout:   60 * time.Second,
		IdleTimeout:    120 * time.Second,
		ReadBufferSize: 16 << 10,
	}
	// The proxies are trusted with X-Forwarded-Proto and -Host; the
	// client's address is web.ClientAddress's to find, not fiber's (which
	// would take the whole X-Forwarded-For, or its spoofable left end).
	trusted, err := web.ParseProxies(opts.TrustedProxies)
	if err != nil {
		return nil, err
	}
	if len(opts.TrustedProxies) > 0 {
		cfg.EnableTrustedProxyCheck = true
		cfg.TrustedProxies = opts.TrustedProxies
	}
	app := fiber.New(cfg)
	app.Server().HeaderReceived = limitBodies

	a := &App{
		Fiber:     app,
		Accounts:  accounts.NewStore(opts.DB),
		Merchants: merchants.NewStore(opts.DB),
		Catalog:   catalog.NewStore(opts.DB),
		Outbox:    outbox.NewQueue(opts.DB, opts.Logger),
		Media:     opts.Media,
	}
	a.Merchants.PublishTo(a.Outbox)
	a.Orders = orders.NewStore(opts.DB, orders.Options{Outbox: a.Outbox, OnStockChange: a.Catalog.NotifyStockMoved, CheckoutTTL: opts.CheckoutTTL})
	if opts.ReviewLogKey == nil {
		skey, err := reviews.GenerateLogKey(reviewLogOrigin(opts.Site.BaseURL))
		if err != nil {
			return nil, err
		}
		if opts.ReviewLogKey, err = reviews.ParseLogKey(skey); err != nil {
			return nil, err
		}
	}
	a.Reviews = reviews.NewStore(opts.DB, reviews.Options{
		Orders: a.Orders, Catalog: a.Catalog, Merchants: a.Merchants, Accounts: a.Accounts, Key: opts.ReviewLogKey,
		Media: opts.Media, OnChange: a.Catalog.NotifyChanged,
	})
	if opts.Mail == nil {
		opts.Mail = mail.NewLogSender(opts.Logger)
	}
	a.Reviews.RegisterRequests(a.Outbox, reviews.RequestConfig{
		Mail: opts.Mail, BaseURL: opts.Site.BaseURL, Secret: opts.Web.Secret, MallName: opts.Site.Name, Log: opts.Logger,
	})
	a.Reviews.RegisterSignals(a.Outbox)
	notify.Register(a.Outbox, notify.Config{
		Orders: a.Orders, Merchants: a.Merchants, Mail: opts.Mail,
		BaseURL: opts.Site.BaseURL, Secret: opts.Web.Secret, MallName: opts.Site.Name, Log: opts.Logger,
	})
	if opts.Payments.BaseURL == "" {
		opts.Payments.BaseURL = opts.Site.BaseURL
	}
	a.Payments = payments.New(opts.DB, a.Orders, a.Merchants, a.Outbox, opts.Payments, opts.Logger)
	if opts.Now != nil {
		for _, c := range []interface{ SetClock(func() time.Time) }{
			a.Accounts, a.Merchants, a.Catalog, a.Outbox, a.Orders, a.Reviews, a.Payments,
		} {
			c.SetClock(opts.Now)
		}
	}

	app.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: func(c *fiber.Ctx, e any) {
		opts.Logger.Error("panic", "path", c.Path(), "panic", e)
	}}))
	app.Use(requestid.New())
	app.Use(web.ClientAddress(trusted))
	a.access = newAccessLogger(opts.Logger)
	app.Use(a.access.handler())
	app.Use(securityHeaders(contentSecurityPolicy(opts.Payments.StripeKey != ""), strings.HasPrefix(opts.Site.BaseURL, "https://")))
	app.Use(refuseEncodedBodies)

	// Health checks answer before sessions and custom domains.
	app.Get("/healthz", func(c *fiber.Ctx) error { return c.SendString("ok") })
	app.Get("/readyz", readyz(opts.DB))
	// Stripe's webhooks carry no session or CSRF token: the signature on
	// the raw body is their proof.
	app.Post("/webhooks/stripe", stripeWebhook(a.Payments, opts.Payments.WebhookSecret != ""))
	app.Post("/reviews/opt-out/:token", reviewOneClickOptOut(a.Reviews, opts.Web.Secret))
	app.Get("/static/*", serveStatic)
	app.Get("/theme/:file", serveTheme)
	app.Get("/media/:size/:file", serveMedia(opts.Media))

	app.Use(compress.New(compress.Config{Level: compress.LevelBestSpeed}))
	app.Use(customDomains(a.Merchants, opts.Site))
	web.Install(app, opts.Web, a.Accounts)
	app.Use(web.RefuseBadText)
	app.Use(privatePages)
	app.Use(func(c *fiber.Ctx) error {
		web.VisitorOf(c).Site = &opts.Site
		return c.Next()
	})
	app.Get("/locale", switchLocale)

	// Memory for 100,000 addresses' counters, about 10 MB at most.
	limits := storefront.DefaultLimits(a.Accounts, web.NewMemoryCounter(100_000))
	if opts.AdjustLimits != nil {
		opts.AdjustLimits(&limits)
	}
	shop := storefront.New(storefront.Deps{
		Catalog: a.Catalog, Merchants: a.Merchants, Accounts: a.Accounts, Media: opts.Media, Site: opts.Site,
		Orders: a.Orders, Payments: a.Payments, Secret: opts.Web.Secret, Reviews: a.Reviews, Limits: limits, Mail: opts.Mail,
	})
	adm := admin.New(admin.Deps{
		Catalog: a.Catalog, Merchants: a.Merchants, Accounts: a.Accounts, Media: opts.Media, Site: opts.Site,
		Orders: a.Orders, Payments: a.Payments, Reviews: a.Reviews,
	})
	adm.Register(app)
	shop.Register(app)
	a.Storefront = shop

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	return a, nil
}

func readyz(db *gorm.DB) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
		defer cancel()
		sqlDB, err := db.DB()
		if err == nil {
			err = sqlDB.PingContext(ctx)
		}
		if err != nil {
			return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable")
		}
		return c.SendString("ready")
	}
}

// reviewLogOrigin names a review log after the mall's host.
func reviewLogOrigin(baseURL string) string {
	host := strings.TrimPrefix(strings.TrimPrefix(baseURL, "https://"), "http://")
	host = strings.TrimSuffix(host, "/")
	if host == "" {
		host = "localhost"
	}
	return host + "/reviews"
}
