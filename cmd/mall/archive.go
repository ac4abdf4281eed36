package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/archive"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/reviews"
)

func newArchiver(db *gorm.DB, cfg *config) (*archive.Archiver, error) {
	store, err := media.NewDiskStore(filepath.Join(cfg.DataDir, "media"))
	if err != nil {
		return nil, err
	}
	key, err := reviews.LoadLogKey(cfg.ReviewLogKey, cfg.DataDir, reviewLogOrigin(cfg))
	if err != nil {
		return nil, err
	}
	return &archive.Archiver{Merchants: merchants.NewStore(db), Catalog: catalog.NewStore(db), Media: store,
		Reviews: reviews.NewStore(db, reviews.Options{Key: key})}, nil
}

// runExport writes everything one merchant owns into a zip archive.
func runExport(ctx context.Context, cfg *config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	slug := fs.String("merchant", "", "the shop's slug (required)")
	out := fs.String("out", "", "archive file to write (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *slug == "" || *out == "" {
		return errors.New("export: --merchant and --out are required")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB(db)
	a, err := newArchiver(db, cfg)
	if err != nil {
		return err
	}
	m, err := a.Merchants.MerchantBySlug(ctx, *slug)
	if err != nil {
		return fmt.Errorf("export: no shop %q: %w", *slug, err)
	}
	// Write beside the target and rename, so a failed export never leaves
	// a truncated archive that looks complete.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	man, err := a.Write(ctx, tmp, m.ID)
	if err == nil {
		err = tmp.Close()
	} else {
		tmp.Close()
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	log.Info("exported", "merchant", m.Slug, "file", *out, "counts", man.Counts)
	fmt.Fprintf(stdout, "exported %s to %s: %d products, %d variants, %d categories, %d images, %d shipping methods, %d orders\n",
		m.Slug, *out, man.Counts["products"], man.Counts["variants"], man.Counts["categories"], man.Counts["images"],
		man.Counts["shipping_methods"], man.Counts["orders"])
	return nil
}

// runImport reads a merchant archive into this mall as a pending shop.
func runImport(ctx context.Context, cfg *config, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	file := fs.String("file", "", "archive to read (required)")
	ownerEmail := fs.String("owner", "", "email of the existing account that will own the shop (required)")
	slug := fs.String("slug", "", "slug for the shop (default: the archive's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" || *ownerEmail == "" {
		return errors.New("import: --file and --owner are required")
	}
	f, err := os.Open(*file)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	contents, err := archive.Read(f, st.Size())
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB(db)
	owner, err := accounts.NewStore(db).AccountByEmail(ctx, *ownerEmail)
	if err != nil {
		return fmt.Errorf("import: no account %s (create it by signing up first): %w", *ownerEmail, err)
	}
	a, err := newArchiver(db, cfg)
	if err != nil {
		return err
	}
	m, err := a.Import(ctx, contents, archive.ImportOptions{OwnerAccountID: owner.ID, Slug: *slug})
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	log.Info("imported", "merchant", m.Slug, "products", len(contents.Products), "orders", len(contents.Orders),
		"reviews", len(contents.Reviews.Reviews))
	fmt.Fprintf(stdout, "imported %s with %d products and %d orders; it is pending until an operator approves it\n",
		m.Slug, len(contents.Products), len(contents.Orders))
	if n := len(contents.Reviews.Reviews); n > 0 {
		fmt.Fprintf(stdout, "%d reviews verified against the signed log of %s (kept read-only, with their proofs)\n", n, contents.Reviews.Origin)
	}
	return nil
}
