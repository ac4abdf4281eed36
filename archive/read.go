package archive

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/mall"
	"github.com/mall-project/mall/merchants"
)

// Contents is a parsed, checked archive, ready to import.
type Contents struct {
	Manifest   Manifest
	Merchant   Merchant
	Categories []Category
	Products   []Product
	// ShippingMethods and Orders are empty for a version 1 archive.
	ShippingMethods []ShippingMethod
	Orders          []Order
	// Reviews is empty for archives before version 3.
	Reviews Reviews
	files   map[string]*zip.File
}

// MaxArchiveFiles bounds how many entries an archive may have.
const MaxArchiveFiles = 200_000

// Read opens and checks an archive without writing anything: the format
// and version, every JSON file, that products name only categories and
// images the archive has, that SKUs and slugs are unique, and that orders
// hold together (see checkOrders). A bad archive
// is a *mall.Error saying what is wrong and where.
func Read(r io.ReaderAt, size int64) (*Contents, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, bad("the file is not a zip archive: %v", err)
	}
	if len(zr.File) > MaxArchiveFiles {
		return nil, bad("the archive has %d files, more than %d", len(zr.File), MaxArchiveFiles)
	}
	c := &Contents{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		name := path.Clean(f.Name)
		if strings.HasPrefix(name, "/") || strings.HasPrefix(name, "..") {
			return nil, bad("the archive has an unsafe path %q", f.Name)
		}
		c.files[name] = f
	}
	if err := c.readJSON("manifest.json", &c.Manifest); err != nil {
		return nil, err
	}
	if c.Manifest.Format != Format {
		return nil, bad("manifest.json: format is %q, not a merchant archive of the mall", c.Manifest.Format)
	}
	if c.Manifest.Version < 1 || c.Manifest.Version > Version {
		return nil, bad("manifest.json: version %d is not one this mall reads (1 to %d)", c.Manifest.Version, Version)
	}
	if err := c.readJSON("merchant.json", &c.Merchant); err != nil {
		return nil, err
	}
	if err := c.readJSON("categories.json", &c.Categories); err != nil {
		return nil, err
	}
	if err := c.readJSON("products.json", &c.Products); err != nil {
		return nil, err
	}
	// Version 1 archives were written before orders existed.
	if c.Manifest.Version >= 2 {
		if err := c.readJSON("shipping_methods.json", &c.ShippingMethods); err != nil {
			return nil, err
		}
		if err := c.readJSON("orders.json", &c.Orders); err != nil {
			return nil, err
		}
	}
	// Version 3 added the reviews and their proofs.
	if c.Manifest.Version >= 3 {
		if err := c.readJSON("reviews.json", &c.Reviews); err != nil {
			return nil, err
		}
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	if err := c.checkReviews(); err != nil {
		return nil, err
	}
	if err := c.checkShippingMethods(); err != nil {
		return nil, err
	}
	return c, c.checkOrders()
}

func (c *Contents) check() error {
	if strings.TrimSpace(c.Merchant.Name) == "" {
		return bad("merchant.json: the shop has no name")
	}
	if c.Merchant.Logo != "" && c.files[c.Merchant.Logo] == nil {
		return bad("merchant.json: logo %q is not in the archive", c.Merchant.Logo)
	}
	cats := map[string]bool{}
	for i, cat := range c.Categories {
		if !mall.ValidSlug(cat.Slug) || strings.TrimSpace(cat.Name) == "" {
			return bad("categories.json: category %d needs a name and a valid slug (got %q)", i+1, cat.Slug)
		}
		if cats[cat.Slug] {
			return bad("categories.json: slug %q appears twice", cat.Slug)
		}
		cats[cat.Slug] = true
	}
	slugs, skus := map[string]bool{}, map[string]bool{}
	for i, p := range c.Products {
		where := fmt.Sprintf("products.json: product %d (%q)", i+1, p.Slug)
		if slugs[p.Slug] {
			return bad("%s: slug appears twice", where)
		}
		slugs[p.Slug] = true
		if !catalog.Status(p.Status).Valid() {
			return bad("%s: unknown status %q", where, p.Status)
		}
		if len(p.Variants) == 0 {
			return bad("%s: no variants", where)
		}
		for _, v := range p.Variants {
			if v.SKU != "" && skus[v.SKU] {
				return bad("%s: SKU %q appears twice in the archive", where, v.SKU)
			}
			skus[v.SKU] = true
			if v.Price < 0 || v.CompareAtPrice < 0 || v.Stock < 0 {
				return bad("%s: SKU %q has a negative price or stock", where, v.SKU)
			}
			if v.Image != nil && (*v.Image < 0 || *v.Image >= len(p.Images)) {
				return bad("%s: SKU %q shows image %d, which the product does not have", where, v.SKU, *v.Image)
			}
		}
		for _, slug := range p.Categories {
			if !cats[slug] {
				return bad("%s: category %q is not in categories.json", where, slug)
			}
		}
		for _, img := range p.Images {
			if c.files[path.Clean(img.File)] == nil {
				return bad("%s: image %q is not in the archive", where, img.File)
			}
		}
	}
	return nil
}

func (c *Contents) readJSON(name string, v any) error {
	f := c.files[name]
	if f == nil {
		return bad("the archive has no %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return bad("%s cannot be read: %v", name, err)
	}
	defer rc.Close()
	dec := json.NewDecoder(io.LimitReader(rc, 1<<30))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bad("%s is not valid: %v", name, err)
	}
	return nil
}

func (c *Contents) file(name string) ([]byte, error) {
	f := c.files[path.Clean(name)]
	if f == nil {
		return nil, bad("the archive has no %s", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(rc, 64<<20)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func bad(format string, args ...any) error {
	return &mall.Error{Code: mall.EInvalid, Message: "archive: " + fmt.Sprintf(format, args...)}
}

// ImportOptions say who owns the imported shop and under which slug.
type ImportOptions struct {
	OwnerAccountID int64
	// Slug overrides the archive's slug ("" keeps it).
	Slug string
}

// Import creates the archived shop in this mall as a pending merchant (the
// operator approves it as any other), owned by opts.OwnerAccountID, with
// its settings, categories, products and images, then its shipping
// methods and orders as history (see orders.Store.ImportHistory: no stock
// moves, no email goes out). If anything fails half-way, what was written
// is removed again.
func (a *Archiver) Import(ctx context.Context, c *Contents, opts ImportOptions) (_ *merchants.Merchant, err error) {
	slug := c.Merchant.Slug
	if opts.Slug != "" {
		slug = opts.Slug
	}
	m, err := a.Merchants.Apply(ctx, opts.OwnerAccountID, merchants.ApplyInput{
		Name: c.Merchant.Name, Slug: slug, Description: c.Merchant.Description, ContactEmail: c.Merchant.ContactEmail,
	})
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			undo := context.WithoutCancel(ctx)
			if cerr := a.Catalog.DeleteMerchantCatalog(undo, m.ID); cerr == nil {
				a.Merchants.DeletePendingMerchant(undo, m.ID)
			}
		}
	}()

	settings := merchants.SettingsInput{
		Name: c.Merchant.Name, Description: c.Merchant.Description, ThemeColor: c.Merchant.ThemeColor,
		Locale: c.Merchant.Locale, BothLocales: c.Merchant.BothLocales, ContactEmail: c.Merchant.ContactEmail,
	}
	if c.Merchant.Logo != "" {
		img, err := a.saveImage(ctx, c, c.Merchant.Logo)
		if err != nil {
			return nil, err
		}
		settings.LogoPath = img
	}
	if _, err = a.Merchants.UpdateSettings(ctx, m.ID, settings); err != nil {
		return nil, fmt.Errorf("archive: settings: %w", err)
	}

	catIDs := map[string]int64{}
	for _, cat := range c.Categories {
		created, err := a.Catalog.CreateCategory(ctx, m.ID, catalog.CategoryInput{Name: cat.Name, Slug: cat.Slug, Position: cat.Position})
		if err != nil {
			return nil, fmt.Errorf("archive: category %q: %w", cat.Slug, err)
		}
		catIDs[cat.Slug] = created.ID
	}

	saved := map[string]savedImage{}
	productIDs := map[string]int64{}
	for i, p := range c.Products {
		in := catalog.ProductInput{
			Title: p.Title, Slug: p.Slug, Description: p.Description, Status: catalog.Status(p.Status),
			Tags: p.Tags, Featured: p.Featured, OptionNames: p.OptionNames,
		}
		for _, slug := range p.Categories {
			in.CategoryIDs = append(in.CategoryIDs, catIDs[slug])
		}
		for _, v := range p.Variants {
			in.Variants = append(in.Variants, catalog.VariantInput{
				SKU: v.SKU, Options: v.Options, Price: v.Price, CompareAtPrice: v.CompareAtPrice,
				Currency: v.Currency, Stock: v.Stock, WeightGrams: v.WeightGrams,
			})
		}
		created, err := a.Catalog.CreateProduct(ctx, m.ID, in)
		if err != nil {
			return nil, fmt.Errorf("archive: product %d (%q): %w", i+1, p.Slug, err)
		}
		productIDs[p.Slug] = created.ID
		var imageIDs []int64
		for _, img := range p.Images {
			si, ok := saved[img.File]
			if !ok {
				data, err := c.file(img.File)
				if err != nil {
					return nil, err
				}
				stored, err := a.Media.Save(ctx, bytes.NewReader(data), path.Base(img.File))
				if err != nil {
					return nil, fmt.Errorf("archive: image %s: %w", img.File, err)
				}
				si = savedImage{key: stored.Key, width: stored.Width, height: stored.Height}
				saved[img.File] = si
			}
			added, err := a.Catalog.AddImage(ctx, m.ID, created.ID, catalog.ImageInput{Key: si.key, Alt: img.Alt, Width: si.width, Height: si.height})
			if err != nil {
				return nil, fmt.Errorf("archive: image of product %q: %w", p.Slug, err)
			}
			imageIDs = append(imageIDs, added.ID)
		}
		for j, v := range p.Variants {
			if v.Image == nil || j >= len(created.Variants) {
				continue
			}
			if err := a.Catalog.SetVariantImage(ctx, m.ID, created.Variants[j].ID, imageIDs[*v.Image]); err != nil {
				return nil, fmt.Errorf("archive: image of variant %q: %w", v.SKU, err)
			}
		}
	}
	if len(c.Reviews.Reviews) > 0 {
		if a.Reviews == nil {
			return nil, bad("reviews.json: this mall was not given a review store to keep the reviews in")
		}
		defer func() {
			if err != nil {
				a.Reviews.DeleteImportedReviews(context.WithoutCancel(ctx), m.ID)
			}
		}()
		carried := c.carried()
		for i, r := range c.Reviews.Reviews {
			carried.Reviews[i].ProductID = productIDs[r.Product]
		}
		if _, err = a.Reviews.ImportCarried(ctx, m.ID, carried); err != nil {
			return nil, fmt.Errorf("archive: reviews: %w", err)
		}
	}
	imported, err := a.Merchants.MerchantByID(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	// Shipping methods and orders come last, in one transaction of their
	// own: when it fails it leaves nothing, and the undo above removes the
	// rest. Nothing that can fail follows it.
	if err = a.orders().ImportHistory(ctx, m.ID, c.history()); err != nil {
		return nil, fmt.Errorf("archive: orders: %w", err)
	}
	return imported, nil
}

type savedImage struct {
	key           string
	width, height int
}

func (a *Archiver) saveImage(ctx context.Context, c *Contents, name string) (string, error) {
	data, err := c.file(name)
	if err != nil {
		return "", err
	}
	img, err := a.Media.Save(ctx, bytes.NewReader(data), path.Base(name))
	if err != nil {
		return "", fmt.Errorf("archive: image %s: %w", name, err)
	}
	return img.Key, nil
}
