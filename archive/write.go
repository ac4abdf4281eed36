package archive

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/media"
	"github.com/mall-project/mall/merchants"
)

// Archiver writes and reads merchant archives.
type Archiver struct {
	Merchants *merchants.Store
	Catalog   *catalog.Store
	Media     media.Store
}

// Write streams merchantID's archive to w, one product at a time, so a shop
// of any size exports in little memory.
func (a *Archiver) Write(ctx context.Context, w io.Writer, merchantID int64) (*Manifest, error) {
	m, err := a.Merchants.MerchantByID(ctx, merchantID)
	if err != nil {
		return nil, err
	}
	zw := zip.NewWriter(w)
	images := map[string]string{} // media key -> file in the archive
	addImage := func(key string) (string, error) {
		if key == "" {
			return "", nil
		}
		if file, ok := images[key]; ok {
			return file, nil
		}
		file := "images/" + imageFileName(key)
		if err := a.copyImage(ctx, zw, key, file); err != nil {
			return "", err
		}
		images[key] = file
		return file, nil
	}

	logo, err := addImage(m.LogoPath)
	if err != nil {
		return nil, err
	}
	merchant := Merchant{
		Slug: m.Slug, Name: m.Name, Description: m.Description, ThemeColor: m.ThemeColor,
		Locale: m.Locale, BothLocales: m.BothLocales, ContactEmail: m.ContactEmail,
		CustomDomain: m.CustomDomain, Logo: logo,
	}
	if err := writeJSON(zw, "merchant.json", merchant); err != nil {
		return nil, err
	}

	cats, err := a.Catalog.Categories(ctx, merchantID)
	if err != nil {
		return nil, err
	}
	categories := make([]Category, 0, len(cats))
	for _, c := range cats {
		categories = append(categories, Category{Slug: c.Slug, Name: c.Name, Position: c.Position})
	}
	if err := writeJSON(zw, "categories.json", categories); err != nil {
		return nil, err
	}

	ids, err := a.Catalog.ProductIDs(ctx, merchantID)
	if err != nil {
		return nil, err
	}
	// products.json is written as a stream: "[", one product per element.
	pw, err := zw.Create("products.json")
	if err != nil {
		return nil, err
	}
	if _, err := io.WriteString(pw, "[\n"); err != nil {
		return nil, err
	}
	// Images go into the zip between products, so products.json must be
	// finished first: collect image keys per product now, copy them after.
	var pending []string
	variants := 0
	for i, id := range ids {
		p, err := a.Catalog.ProductInMerchant(ctx, merchantID, id)
		if err != nil {
			return nil, fmt.Errorf("archive: product %d: %w", id, err)
		}
		out := Product{
			Slug: p.Slug, Title: p.Title, Description: p.Description, Status: string(p.Status),
			Tags: append([]string{}, p.Tags...), Featured: p.Featured,
			OptionNames: [3]string{p.Option1Name, p.Option2Name, p.Option3Name},
			Categories:  []string{}, CreatedAt: p.CreatedAt.UTC(), PublishedAt: p.PublishedAt,
		}
		for _, c := range p.Categories {
			out.Categories = append(out.Categories, c.Slug)
		}
		for _, v := range p.Variants {
			out.Variants = append(out.Variants, Variant{
				SKU: v.SKU, Options: [3]string{v.Option1, v.Option2, v.Option3}, Price: v.Price,
				CompareAtPrice: v.CompareAtPrice, Currency: v.Currency, Stock: v.Stock, WeightGrams: v.WeightGrams,
			})
			variants++
		}
		for _, img := range p.Images {
			file, ok := images[img.Key]
			if !ok {
				file = "images/" + imageFileName(img.Key)
				images[img.Key] = file
				pending = append(pending, img.Key)
			}
			out.Images = append(out.Images, Image{File: file, Alt: img.Alt})
		}
		b, err := json.MarshalIndent(out, "  ", "  ")
		if err != nil {
			return nil, err
		}
		sep := ",\n"
		if i == len(ids)-1 {
			sep = "\n"
		}
		if _, err := fmt.Fprintf(pw, "  %s%s", b, sep); err != nil {
			return nil, err
		}
	}
	if _, err := io.WriteString(pw, "]\n"); err != nil {
		return nil, err
	}
	for _, key := range pending {
		if err := a.copyImage(ctx, zw, key, images[key]); err != nil {
			return nil, err
		}
	}

	man := &Manifest{
		Format: Format, Version: Version, ExportedAt: time.Now().UTC(), Merchant: m.Slug,
		Counts: map[string]int{"categories": len(categories), "products": len(ids), "variants": variants, "images": len(images)},
	}
	if err := writeJSON(zw, "manifest.json", man); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("archive: finish zip: %w", err)
	}
	return man, nil
}

func (a *Archiver) copyImage(ctx context.Context, zw *zip.Writer, key, file string) error {
	r, _, _, err := a.Media.Open(ctx, key, media.SizeOriginal)
	if err != nil {
		return fmt.Errorf("archive: image %s: %w", key, err)
	}
	defer r.Close()
	// Images are already compressed: store them as they are.
	w, err := zw.CreateHeader(&zip.FileHeader{Name: file, Method: zip.Store, Modified: time.Now().UTC()})
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

func writeJSON(zw *zip.Writer, name string, v any) error {
	w, err := zw.Create(name)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("archive: write %s: %w", name, err)
	}
	return nil
}

// imageFileName turns a media key ("3fa2…c9-jpg") into a file name
// ("3fa2…c9.jpg").
func imageFileName(key string) string {
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '-' {
			return key[:i] + "." + key[i+1:]
		}
	}
	return key
}
