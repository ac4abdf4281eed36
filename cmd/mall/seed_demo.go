package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/merchants"
)

// demo seeds the demo mall: an operator, a shopper, the shops of
// demoShops, each with an owner, categories, products with pictures and
// shipping methods, and a few orders from the shopper.
func (s *seeder) demo(ctx context.Context) error {
	op, err := s.operator(ctx)
	if err != nil {
		return err
	}
	if _, err := s.account(ctx, demoShopperEmail, "Sam Shopper", "en"); err != nil {
		return err
	}
	for i := range demoShops {
		shop := &demoShops[i]
		fmt.Fprintf(s.out, "seeding %s (%d products)\n", shop.Slug, len(shop.Products))
		if err := s.demoShop(ctx, op.ID, shop); err != nil {
			return fmt.Errorf("shop %s: %w", shop.Slug, err)
		}
	}
	if err := s.demoOrders(ctx); err != nil {
		return err
	}
	s.printAccounts()
	return nil
}

func (s *seeder) operator(ctx context.Context) (*accounts.Account, error) {
	if a, err := s.accounts.AccountByEmail(ctx, demoOperatorEmail); err == nil {
		return a, nil
	}
	return s.accounts.CreateOperator(ctx, demoOperatorEmail, "Mall Operator", demoPassword)
}

// account returns the account with email, creating it with the demo
// password when it does not exist yet.
func (s *seeder) account(ctx context.Context, email, name, locale string) (*accounts.Account, error) {
	if a, err := s.accounts.AccountByEmail(ctx, email); err == nil {
		return a, nil
	}
	a, err := s.accounts.SignUp(ctx, accounts.SignUpInput{Email: email, Name: name, Password: demoPassword})
	if err != nil {
		return nil, fmt.Errorf("account %s: %w", email, err)
	}
	if locale != "" && locale != "en" {
		if err := s.accounts.SetLocale(ctx, a.ID, locale); err != nil {
			return nil, err
		}
	}
	return a, nil
}

func ownerEmail(slug string) string { return "owner@" + slug + ".test" }

func (s *seeder) demoShop(ctx context.Context, operatorID int64, shop *demoShop) error {
	owner, err := s.account(ctx, ownerEmail(shop.Slug), shop.Owner, shop.Locale)
	if err != nil {
		return err
	}
	m, err := s.merchants.Apply(ctx, owner.ID, merchants.ApplyInput{
		Name: shop.Name, Slug: shop.Slug, Description: shop.Description, ContactEmail: ownerEmail(shop.Slug),
	})
	if err != nil {
		return err
	}
	if _, err := s.merchants.UpdateSettings(ctx, m.ID, merchants.SettingsInput{
		Name: shop.Name, Description: shop.Description, ThemeColor: shop.Theme,
		ContactEmail: ownerEmail(shop.Slug), Locale: shop.Locale, BothLocales: shop.BothLocales,
	}); err != nil {
		return err
	}
	if shop.Pending {
		return nil
	}
	if err := s.merchants.Approve(ctx, operatorID, m.ID); err != nil {
		return err
	}
	if err := s.merchants.SetCommission(ctx, operatorID, m.ID, shop.CommissionBP); err != nil {
		return err
	}
	categories := map[string]int64{}
	for _, c := range shop.Categories {
		cat, err := s.catalog.CreateCategory(ctx, m.ID, catalog.CategoryInput{Name: c.Name, Slug: c.Slug})
		if err != nil {
			return fmt.Errorf("category %s: %w", c.Slug, err)
		}
		categories[c.Slug] = cat.ID
	}
	for i, p := range shop.Products {
		pic, err := productPicture(shop.Theme, i, i/demoShapes)
		if err != nil {
			return err
		}
		img, err := s.media.Save(ctx, bytes.NewReader(pic), p.Slug+".png")
		if err != nil {
			return fmt.Errorf("picture of %s: %w", p.Slug, err)
		}
		prod, err := s.catalog.CreateProduct(ctx, m.ID, s.productInput(&p, categories, p.Slug))
		if err != nil {
			return fmt.Errorf("product %s: %w", p.Slug, err)
		}
		if _, err := s.catalog.AddImage(ctx, m.ID, prod.ID, catalog.ImageInput{Key: img.Key, Alt: p.Alt, Width: img.Width, Height: img.Height}); err != nil {
			return fmt.Errorf("picture of %s: %w", p.Slug, err)
		}
	}
	return s.demoShipping(ctx, m.ID, shop)
}

// productInput turns a demo product into what the catalogue takes.
func (s *seeder) productInput(p *demoProduct, categories map[string]int64, skuPrefix string) catalog.ProductInput {
	in := catalog.ProductInput{
		Title: p.Title, Slug: p.Slug, Description: p.Description, Status: catalog.StatusActive,
		Tags: p.Tags, Featured: p.Featured, OptionNames: three(p.Options),
	}
	if id, ok := categories[p.Category]; ok {
		in.CategoryIDs = []int64{id}
	}
	for j, v := range p.Variants {
		in.Variants = append(in.Variants, catalog.VariantInput{
			SKU:     strings.ToUpper(fmt.Sprintf("%s-%d", skuPrefix, j+1)),
			Options: three(v.Options), Price: v.Price, CompareAtPrice: v.CompareAt,
			Currency: s.currency, Stock: v.Stock,
		})
	}
	return in
}

func (s *seeder) printAccounts() {
	fmt.Fprintf(s.out, "\nDemo accounts (password for all: %s)\n\n", demoPassword)
	w := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "  %s\t%s\n", demoOperatorEmail, "operator: /operator")
	fmt.Fprintf(w, "  %s\t%s\n", demoShopperEmail, "shopper")
	for _, shop := range demoShops {
		role := "owner of " + shop.Name + ": /admin, /s/" + shop.Slug
		if shop.Pending {
			role = "applicant (pending approval): " + shop.Name
		}
		fmt.Fprintf(w, "  %s\t%s\n", ownerEmail(shop.Slug), role)
	}
	w.Flush()
	fmt.Fprintln(s.out)
}

// three puts up to three option names or values in the catalogue's shape.
func three(values []string) [3]string {
	var out [3]string
	copy(out[:], values)
	return out
}
