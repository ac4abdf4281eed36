// Package schema holds the mall's one migration timeline: every migration
// of every package, in the order it runs on every database, fresh or
// upgraded. The packages write their migrations (Migrations() in each);
// only this list says when they run.
package schema

import (
	"context"
	"fmt"
	"regexp"

	"gorm.io/gorm"

	"github.com/mall-project/mall/accounts"
	"github.com/mall-project/mall/catalog"
	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/merchants"
	"github.com/mall-project/mall/orders"
	"github.com/mall-project/mall/outbox"
	"github.com/mall-project/mall/payments"
	"github.com/mall-project/mall/reviews"
)

// timeline is the order the mall's migrations run in. Append only: a new
// migration goes at the end, whatever package it belongs to, with an ID of
// the form 20261201T1200_orders_what_it_does (the UTC minute it was
// written, the package, what it does). released.txt lists the IDs already
// shipped; TestTimelineIsAppendOnly fails unless they begin this list.
var timeline = []string{
	"0101_accounts",
	"0102_sessions",
	"0103_login_failures",
	"0201_merchants",
	"0202_staff_members",
	"0203_staff_invitations",
	"0204_merchant_events",
	"0205_mall_settings",
	"0301_catalog_tables",
	"0302_catalog_search",
	"0303_catalog_shop_newest",
	"0304_catalog_search_shop",
	"0305_catalog_search_terms",
	"0306_catalog_search_filter",
	"0307_catalog_search_words",
	"0401_orders_carts",
	"0402_orders_shipping_methods",
	"0403_orders_checkouts",
	"0404_orders_refunds",
	"0501_payment_accounts",
	"0502_payment_events",
	"0601_outbox_jobs",
	"20261201T2100_merchants_payment_instructions",
	"20261201T2101_orders_offline_due",
	"20261201T2102_accounts_password_resets",
	"20261201T2103_reviews_tables",
	"20261201T2104_reviews_log",
	"20261201T2105_reviews_requests",
	"20261201T2106_merchants_mall_events",
	"20261201T2107_merchants_domain_claims",
	"20261201T2108_catalog_search_cjk_chars",
	"20261201T2109_reviews_moderation",
	"20261201T2319_reviews_product_list_index",
	"20261201T2319_catalog_variant_image",
	"20261201T2320_reviews_photos_votes",
	"20261201T2320_reviews_erasure",
	"20261201T2321_reviews_imported",
	"20261201T2325_orders_payer_traces",
	"20261201T2330_reviews_integrity",
	"20261201T2340_catalog_product_ratings",
	"20261201T2352_catalog_description_html",
}

// Owner is a package that writes migrations. Range is the two-digit prefix
// its IDs took before the timeline (accounts "01" for 0101_accounts, ...).
type Owner struct {
	Package    string
	Range      string
	Migrations func() []database.Migration
}

// owners are every package whose migrations are on the timeline. A new
// package takes the next free range.
var owners = []Owner{
	{"accounts", "01", accounts.Migrations},
	{"merchants", "02", merchants.Migrations},
	{"catalog", "03", catalog.Migrations},
	{"orders", "04", orders.Migrations},
	{"payments", "05", payments.Migrations},
	{"outbox", "06", outbox.Migrations},
	{"reviews", "07", reviews.Migrations},
}

// Step is one migration on the timeline with the package that wrote it.
type Step struct {
	database.Migration
	Owner string
	Range string
}

// Timeline returns every migration of the mall in the order they run, or
// an error when the timeline and the packages disagree: a migration a
// package wrote that is not on the timeline (it would never run), an ID on
// the timeline no package wrote, or an ID used twice.
func Timeline() ([]Step, error) {
	return resolve(timeline, owners)
}

func resolve(ids []string, owners []Owner) ([]Step, error) {
	written := map[string]Step{}
	for _, o := range owners {
		for _, m := range o.Migrations() {
			if prev, ok := written[m.ID]; ok {
				return nil, fmt.Errorf("schema: migration %s is written by both %s and %s", m.ID, prev.Owner, o.Package)
			}
			written[m.ID] = Step{Migration: m, Owner: o.Package, Range: o.Range}
		}
	}
	steps := make([]Step, 0, len(ids))
	placed := map[string]bool{}
	for _, id := range ids {
		if placed[id] {
			return nil, fmt.Errorf("schema: migration %s is on the timeline twice", id)
		}
		placed[id] = true
		s, ok := written[id]
		if !ok {
			return nil, fmt.Errorf("schema: migration %s is on the timeline but no package writes it", id)
		}
		steps = append(steps, s)
	}
	for _, o := range owners {
		for _, m := range o.Migrations() {
			if !placed[m.ID] {
				return nil, fmt.Errorf("schema: migration %s of package %s is not on the timeline: append it to timeline in database/schema/schema.go", m.ID, o.Package)
			}
		}
	}
	return steps, nil
}

var (
	// timestampID is the form of every migration ID written since the
	// timeline: 20261201T1200_orders_payment_instructions.
	timestampID = regexp.MustCompile(`^(20\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3])[0-5]\d_([a-z]+)_[a-z0-9_]+$`)
	// rangeID is the form of the IDs written before it: 0404_orders_refunds.
	rangeID = regexp.MustCompile(`^(\d\d)\d\d_[a-z0-9_]+$`)
)

// checkID says whether s.ID is a well-formed ID for a migration of the
// package s.Owner. A new ID is a timestamp followed by the package's name.
// An ID in the package's old range (0405_orders_...) is accepted too, so a
// migration written before the timeline moves onto it as it is.
func checkID(s Step) error {
	if m := timestampID.FindStringSubmatch(s.ID); m != nil {
		if m[5] != s.Owner {
			return fmt.Errorf("schema: migration %s belongs to %s: its ID must begin %s_%s_", s.ID, s.Owner, s.ID[:13], s.Owner)
		}
		return nil
	}
	if m := rangeID.FindStringSubmatch(s.ID); m != nil {
		if m[1] != s.Range {
			return fmt.Errorf("schema: migration %s belongs to %s, whose range is %sxx", s.ID, s.Owner, s.Range)
		}
		return nil
	}
	return fmt.Errorf("schema: migration ID %q is not of the form 20261201T1200_%s_what_it_does", s.ID, s.Owner)
}

// All returns every migration of the mall in the order they run. It panics
// when the timeline and the packages disagree, which the package's tests
// catch before any build ships.
func All() []database.Migration {
	all, err := migrations()
	if err != nil {
		panic(err)
	}
	return all
}

// Migrate brings db up to date.
func Migrate(ctx context.Context, db *gorm.DB) error {
	all, err := migrations()
	if err != nil {
		return err
	}
	return database.Migrate(ctx, db, all)
}

func migrations() ([]database.Migration, error) {
	steps, err := Timeline()
	if err != nil {
		return nil, err
	}
	all := make([]database.Migration, len(steps))
	for i, s := range steps {
		all[i] = s.Migration
	}
	return all, nil
}
