package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

// demoPassword is shared by every demo account; the seed prints it and the
// README lists it. A demo mall is for trying things out, not for real data.
const demoPassword = "demo-password-123"

// Demo accounts that are not shop owners.
const (
	demoOperatorEmail = "operator@mall.test"
	demoShopperEmail  = "shopper@mall.test"
)

// seeder loads data through the domain stores, the same code paths the
// web uses, so seeded data obeys every rule real data does.
type seeder struct {
	accounts  *accounts.Store
	merchants *merchants.Store
	catalog   *catalog.Store
	orders    *orders.Store
	reviews   *reviews.Store
	media     media.Store
	currency  string
	out       io.Writer
	log       *slog.Logger
}

// runSeed loads demo data: by default a small, real-looking mall; with
// --products/--merchants, a large generated catalogue for load tests.
func runSeed(ctx context.Context, cfg *config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	ifEmpty := fs.Bool("if-empty", false, "do nothing when the mall already has a merchant")
	products := fs.Int("products", 0, "load this many generated products (load testing)")
	merchantCount := fs.Int("merchants", 0, "spread the generated products over this many merchants")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *products < 0 || *merchantCount < 0 {
		return errors.New("seed: --products and --merchants must not be negative")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB(db)
	mediaStore, err := media.NewDiskStore(filepath.Join(cfg.DataDir, "media"))
	if err != nil {
		return err
	}
	s := &seeder{
		accounts: accounts.NewStore(db), merchants: merchants.NewStore(db), catalog: catalog.NewStore(db),
		orders: orders.NewStore(db, orders.Options{}), media: mediaStore, currency: cfg.Currency, out: stdout, log: log,
	}
	// The demo review goes into the same log, under the same key, as the
	// reviews the served mall takes.
	logKey, err := reviews.LoadLogKey(cfg.ReviewLogKey, cfg.DataDir, reviewLogOrigin(cfg))
	if err != nil {
		return err
	}
	s.reviews = reviews.NewStore(db, reviews.Options{
		Orders: s.orders, Catalog: s.catalog, Merchants: s.merchants, Accounts: s.accounts, Key: logKey,
	})
	if *ifEmpty {
		empty, err := s.mallIsEmpty(ctx)
		if err != nil {
			return err
		}
		if !empty {
			fmt.Fprintln(stdout, "seed: the mall already has merchants; nothing to do")
			return nil
		}
	}
	start := time.Now()
	if *products > 0 || *merchantCount > 0 {
		if *merchantCount == 0 {
			*merchantCount = 1
		}
		err = s.load(ctx, *products, *merchantCount)
	} else {
		err = s.demo(ctx)
	}
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	log.Info("seed finished", "took", time.Since(start).Round(time.Millisecond))
	return nil
}

func (s *seeder) mallIsEmpty(ctx context.Context) (bool, error) {
	_, total, err := s.merchants.ListMerchantsAcrossMall(ctx, merchants.MerchantFilter{Page: 1, PerPage: 1})
	if err != nil {
		return false, err
	}
	return total == 0, nil
}
