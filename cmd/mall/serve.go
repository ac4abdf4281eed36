package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/database/schema"
	"github.com/mall-project/mall/media"
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
	app, err := server.New(server.Options{
		DB:     db,
		Logger: log,
		Media:  mediaStore,
		Web: web.Config{
			Secret:        cfg.Secret,
			BaseURL:       cfg.BaseURL,
			SecureCookies: cfg.BaseURL.Scheme == "https",
		},
		Site:           templates.Site{Name: cfg.Name, BaseURL: cfg.BaseURL.String(), Currency: cfg.Currency},
		TrustedProxies: cfg.TrustedProxies,
	})
	if err != nil {
		closeDB(db)
		return nil, nil, err
	}
	return app, db, nil
}

func runServe(ctx context.Context, cfg *config, log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
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
	log.Info("stopped")
	return nil
}

// housekeeping removes expired sessions and old login-failure counters once
// an hour. Any number of instances may run it: the deletes are idempotent.
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
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
