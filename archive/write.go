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
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/reviews"
)

// Archiver writes and reads merchant archives.
type Archiver struct {
	Merchants *merchants.Store
	Catalog   *catalog.Store
	Media     media.Store
	// Reviews carries the shop's reviews with their proofs out, and keeps
	// the checked ones coming in as imported reviews.
	Reviews *reviews.Store
}

// orders reads and writes the shops' orders on the merchants' database.
// It has no outbox and no stock listener on purpose: importing history
// sends no email and moves no stock.
func (a *Archiver) orders() *orders.Store {
	return orders.NewStore(a.Merchants.DB(), orders.Options{})
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
	slugs := map[int64]string{} // product id -> slug, for reviews.json
	for i, id := range ids {
		p, err := a.Catalog.ProductInMerchant(ctx, merchantID, id)
		if err != nil {
			return nil, fmt.Errorf("archive: product %d: %w", id, err)
		}
		slugs[p.ID] = p.Slug
		out := Product{
			Slug: p.Slug, Title: p.Title, Description: p.Description, Status: string(p.Status),
			Tags: append([]string{}, p.Tags...), Featured: p.Featured,
			OptionNames: [3]string{p.Option1Name, p.Option2Name, p.Option3Name},
			Categories:  []string{}, CreatedAt: p.CreatedAt.UTC(), PublishedAt: p.PublishedAt,
		}
		for _, c := range p.Categories {
			out.Categories = append(out.Categories, c.Slug)
		}
		imageAt := map[int64]int{}
		for i, img := range p.Images {
			imageAt[img.ID] = i
		}
		for _, v := range p.Variants {
			av := Variant{
				SKU: v.SKU, Options: [3]string{v.Option1, v.Option2, v.Option3}, Price: v.Price,
				CompareAtPrice: v.CompareAtPrice, Currency: v.Currency, Stock: v.Stock, WeightGrams: v.WeightGrams,
			}
			if v.ImageID != nil {
				if i, ok := imageAt[*v.ImageID]; ok {
					av.Image = &i
				}
			}
			out.Variants = append(out.Variants, av)
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

	methods, err := a.writeShippingMethods(ctx, zw, merchantID)
	if err != nil {
		return nil, err
	}
	ords, err := a.writeOrders(ctx, zw, merchantID)
	if err != nil {
		return nil, err
	}
	revs, err := a.writeReviews(ctx, zw, merchantID, slugs)
	if err != nil {
		return nil, err
	}

	man := &Manifest{
		Format: Format, Version: Version, ExportedAt: time.Now().UTC(), Merchant: m.Slug,
		Counts: map[string]int{"categories": len(categories), "products": len(ids), "variants": variants, "images": len(images),
			"shipping_methods": methods, "orders": ords, "reviews": revs},
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

func (a *Archiver) writeShippingMethods(ctx context.Context, zw *zip.Writer, merchantID int64) (int, error) {
	ms, err := a.orders().ShippingMethods(ctx, merchantID)
	if err != nil {
		return 0, err
	}
	out := make([]ShippingMethod, 0, len(ms))
	for _, m := range ms {
		out = append(out, ShippingMethod{Name: m.Name, Price: m.Price, FreeOver: m.FreeOver, Position: m.Position,
			Active: m.Active, CreatedAt: m.CreatedAt.UTC()})
	}
	return len(out), writeJSON(zw, "shipping_methods.json", out)
}

// writeOrders streams orders.json, one order per element, as products.json.
func (a *Archiver) writeOrders(ctx context.Context, zw *zip.Writer, merchantID int64) (int, error) {
	w, err := zw.Create("orders.json")
	if err != nil {
		return 0, err
	}
	if _, err := io.WriteString(w, "["); err != nil {
		return 0, err
	}
	n := 0
	err = a.orders().EachOrder(ctx, merchantID, func(o *orders.Order) error {
		b, err := json.MarshalIndent(orderOf(o), "  ", "  ")
		if err != nil {
			return err
		}
		sep := "\n  "
		if n > 0 {
			sep = ",\n  "
		}
		n++
		_, err = fmt.Fprintf(w, "%s%s", sep, b)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("archive: orders: %w", err)
	}
	_, err = io.WriteString(w, "\n]\n")
	return n, err
}

// orderOf is an order as archived.
func orderOf(o *orders.Order) Order {
	utc := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		u := t.UTC()
		return &u
	}
	out := Order{
		Number: o.Number, Seq: o.Seq, Status: string(o.Status), Provider: string(o.Provider), Email: o.Email, Locale: o.Locale,
		ShippingAddress: Address{Name: o.Address.Name, Line1: o.Address.Line1, Line2: o.Address.Line2, City: o.Address.City,
			Region: o.Address.Region, PostalCode: o.Address.PostalCode, Country: o.Address.Country, Phone: o.Address.Phone},
		ShippingMethod: o.ShippingMethodName, Currency: o.Currency,
		Subtotal: o.Subtotal, Shipping: o.Shipping, Total: o.Total,
		CommissionBP: o.CommissionBP, CommissionAmount: o.CommissionAmount,
		RefundedAmount: o.RefundedAmount, ShippingRefunded: o.ShippingRefunded,
		Carrier: o.Carrier, TrackingNumber: o.TrackingNumber,
		TransferStatus: string(o.TransferStatus), TransferID: o.TransferID, TransferAmount: o.TransferAmount,
		PlacedAt: o.PlacedAt.UTC(), PaidAt: utc(o.PaidAt), ShippedAt: utc(o.ShippedAt), DeliveredAt: utc(o.DeliveredAt),
		CancelledAt: utc(o.CancelledAt), DisputedAt: utc(o.DisputedAt), UpdatedAt: o.UpdatedAt.UTC(),
		Lines: []OrderLine{}, Events: []OrderEvent{}, Refunds: []Refund{},
	}
	lineNo := map[int64]int{}
	for i, l := range o.Lines {
		lineNo[l.ID] = i + 1
		out.Lines = append(out.Lines, OrderLine{SKU: l.SKU, Title: l.Title, VariantTitle: l.VariantTitle,
			UnitPrice: l.UnitPrice, Quantity: l.Quantity, Total: l.Total,
			RefundedQuantity: l.RefundedQuantity, RefundedAmount: l.RefundedAmount})
	}
	for _, e := range o.Events {
		out.Events = append(out.Events, OrderEvent{Kind: string(e.Kind), FromStatus: string(e.FromStatus), ToStatus: string(e.ToStatus),
			ActorKind: string(e.ActorKind), Note: e.Note, At: e.CreatedAt.UTC()})
	}
	for _, r := range o.Refunds {
		ref := Refund{Amount: r.Amount, ShippingAmount: r.ShippingAmount, Reason: r.Reason, Status: string(r.Status),
			ProviderRefundID: r.ProviderRefundID, ReversalID: r.ReversalID,
			CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Lines: []RefundLine{}}
		for _, rl := range r.Lines {
			ref.Lines = append(ref.Lines, RefundLine{Line: lineNo[rl.OrderLineID], Quantity: rl.Quantity, Amount: rl.Amount})
		}
		out.Refunds = append(out.Refunds, ref)
	}
	return out
}

// writeReviews writes reviews.json: the shop's published reviews, each
// with its leaf and inclusion proof, and the checkpoint and key they are
// proved against.
func (a *Archiver) writeReviews(ctx context.Context, zw *zip.Writer, merchantID int64, slugs map[int64]string) (int, error) {
	out := Reviews{Reviews: []Review{}}
	if a.Reviews != nil && a.Reviews.Key() != nil {
		carried, err := a.Reviews.CarryReviews(ctx, merchantID)
		if err != nil {
			return 0, fmt.Errorf("archive: reviews: %w", err)
		}
		out.Origin, out.VerifierKey, out.Checkpoint = a.Reviews.Key().Origin(), carried.VerifierKey, carried.Checkpoint
		for _, r := range carried.Reviews {
			slug, ok := slugs[r.ProductID]
			if !ok {
				continue
			}
			out.Reviews = append(out.Reviews, Review{Product: slug, VariantTitle: r.VariantTitle, Rating: r.Rating,
				Title: r.Title, Body: r.Body, Incentivized: r.Incentivized, Verified: r.Verified, ReviewedAt: r.ReviewedAt,
				LeafIndex: r.LeafIndex, Leaf: r.Leaf, Proof: r.Proof, Photos: r.Photos})
		}
	}
	return len(out.Reviews), writeJSON(zw, "reviews.json", out)
}
