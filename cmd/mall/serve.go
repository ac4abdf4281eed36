package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/database/schema"
	"github.com/mall-project/mall/mail"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/payments"
	"github.com/mall-project/mall/reviews"
	"github.com/mall-project/mall/server"
	"github.com/mall-project/mall/templates"
	"github.com/mall-project/mall/web"
)

func openDB(ctx context.Context, cfg *config) (*gorm.DB, error) {
	db, err := database.Open(ctx, database.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir})
	if err != nil {
		return nil, err
	}
	if err := schema.Migrate(ctx, db); err != nil {
		return nil, err
	}
	return db, nil
}

func runMigrate(ctx context.Context, cfg *config, log *slog.Logger) error {
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB(db)
	log.Info("database is up to date", "dialect", database.DialectOf(db))
	return nil
}

func closeDB(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
}

// buildApp opens what the server needs; tests call it too.
func buildApp(ctx context.Context, cfg *config, log *slog.Logger) (*server.App, *gorm.DB, error) {
	if err := cfg.ensureSecret(log); err != nil {
		return nil, nil, err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	mediaStore, err := media.NewDiskStore(filepath.Join(cfg.DataDir, "media"))
	if err != nil {
		closeDB(db)
		return nil, nil, err
	}
	sender, err := mailSender(cfg, log)
	if err != nil {
		closeDB(db)
		return nil, nil, err
	}
	logKey, err := reviews.LoadLogKey(cfg.ReviewLogKey, cfg.DataDir, reviewLogOrigin(cfg))
	if err != nil {
		closeDB(db)
		return nil, nil, err
	}
	app, err := server.New(server.Options{
		ReviewLogKey: logKey,
		DB:           db,
		Logger:       log,
		Media:        mediaStore,
		Mail:         sender,
		CheckoutTTL:  cfg.CheckoutTTL,
		Web: web.Config{
			Secret:        cfg.Secret,
			BaseURL:       cfg.BaseURL,
			SecureCookies: cfg.BaseURL.Scheme == "https",
		},
		Site:           templates.Site{Name: cfg.Name, BaseURL: cfg.BaseURL.String(), Currency: cfg.Currency},
		TrustedProxies: cfg.TrustedProxies,
		Payments:       payments.Config{StripeKey: cfg.StripeKey, WebhookSecret: cfg.StripeWebhook, BaseURL: cfg.BaseURL.String()},
	})
	if err != nil {
		closeDB(db)
		return nil, nil, err
	}
	return app, db, nil
}

// defaultMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is unset.
const defaultMemoryLimit = 100 << 20

func runServe(ctx context.Context, cfg *config, log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// A soft limit on the Go heap unless GOMEMLIMIT sets one: the page
	// cache is bounded by bytes, and the collector then works a little
	// harder instead of letting garbage double the process's memory.
	if !cfg.MemoryLimitSet {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
	app, db, err := buildApp(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer closeDB(db)

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on MALL_ADDR %s: %w", cfg.Addr, err)
	}
	errc := make(chan error, 1)
	go func() { errc <- app.Fiber.Listener(ln) }()
	go housekeeping(ctx, app, log)
	if cfg.DebugAddr != "" {
		stopDebug, err := serveDebug(cfg.DebugAddr, app, log)
		if err != nil {
			return err
		}
		defer stopDebug()
	}
	// The outbox worker and the checkout expiry stop with bgCtx, after
	// the last request was answered.
	bgCtx, stopBackground := context.WithCancel(context.WithoutCancel(ctx))
	background := startBackground(bgCtx, app, log)
	defer func() {
		stopBackground()
		background.Wait()
	}()
	log.Info("mall is serving", "addr", ln.Addr().String(), "url", cfg.BaseURL.String(), "dialect", database.DialectOf(db))

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	if err := app.Fiber.ShutdownWithTimeout(20 * time.Second); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	app.Close()
	log.Info("stopped")
	return nil
}

// outboxRetention is how long finished outbox jobs are kept: while they
// are, the same event published again (a webhook replayed) sends nothing.
const outboxRetention = 90 * 24 * time.Hour

// housekeeping removes expired sessions, old login-failure counters and
// long-finished outbox jobs once an hour. Any number of instances may run
// it: the deletes are idempotent.
func housekeeping(ctx context.Context, app *server.App, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := app.Accounts.PurgeExpired(ctx); err != nil && ctx.Err() == nil {
			log.Warn("purge expired sessions", "err", err)
		}
		if err := app.Accounts.PurgeLoginFailures(ctx); err != nil && ctx.Err() == nil {
			log.Warn("purge login failures", "err", err)
		}
		if _, err := app.Outbox.PurgeDone(ctx, time.Now().Add(-outboxRetention)); err != nil && ctx.Err() == nil {
			log.Warn("purge finished outbox jobs", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// mailSender sends through MALL_SMTP_URL, or only logs the emails when it
// is not set, so `make run` needs no mail server.
func mailSender(cfg *config, log *slog.Logger) (mail.Sender, error) {
	if cfg.SMTPURL == nil {
		log.Warn("MALL_SMTP_URL is not set: emails are written to the log, not sent")
		return mail.NewLogSender(log), nil
	}
	from := cfg.MailFrom
	if from == "" {
		from = (&netmail.Address{Name: cfg.Name, Address: "noreply@" + cfg.BaseURL.Hostname()}).String()
	}
	s, err := mail.NewSMTPSender(cfg.SMTPURL, from)
	if err != nil {
		return nil, fmt.Errorf("MALL_SMTP_URL / MALL_MAIL_FROM: %w", err)
	}
	return s, nil
}

// expiryInterval is how often unpaid card checkouts and offline orders
// past their time are released (and offline orders reminded). The deadline is in the database, so a restart loses nothing.
const expiryInterval = 30 * time.Second

// startBackground runs the outbox worker (emails) and the expiry of unpaid
// checkouts until ctx ends. Every instance runs both: jobs are claimed by
// lease and a checkout expires exactly once, whoever gets there first.
func startBackground(ctx context.Context, app *server.App, log *slog.Logger) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Go(func() { app.Outbox.Run(ctx) })
	wg.Go(func() {
		t := time.NewTicker(expiryInterval)
		defer t.Stop()
		for {
			if n, err := app.Orders.ExpireDueCheckouts(ctx); err != nil && ctx.Err() == nil {
				log.Warn("expire unpaid checkouts", "err", err)
			} else if n > 0 {
				log.Info("released the stock of unpaid checkouts", "checkouts", n)
			}
			if n, err := app.Orders.RemindDueOfflineOrders(ctx); err != nil && ctx.Err() == nil {
				log.Warn("remind unpaid offline orders", "err", err)
			} else if n > 0 {
				log.Info("reminded shoppers of unpaid offline orders", "orders", n)
			}
			if n, err := app.Orders.ExpireDueOfflineOrders(ctx); err != nil && ctx.Err() == nil {
				log.Warn("expire unpaid offline orders", "err", err)
			} else if n > 0 {
				log.Info("released the stock of unpaid offline orders", "orders", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
	return &wg
}

// reviewLogOrigin names the mall's review log, for a key generated here:
// its host and "/reviews".
func reviewLogOrigin(cfg *config) string { return cfg.BaseURL.Host + "/reviews" }
