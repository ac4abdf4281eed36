// Package schema lists every migration of the mall in the order they run.
// Each domain package owns its own numbered migrations; this list only puts
// the packages in dependency order.
package schema

import (
	"context"

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

// All returns the migrations of every package in the order of their IDs:
// accounts first, then merchants and staff, the catalog, the orders that
// sell from it, their payments, and the outbox (which depends on none).
func All() []database.Migration {
	var all []database.Migration
	all = append(all, accounts.Migrations()...)
	all = append(all, merchants.Migrations()...)
	all = append(all, catalog.Migrations()...)
	all = append(all, orders.Migrations()...)
	all = append(all, payments.Migrations()...)
	all = append(all, outbox.Migrations()...)
	all = append(all, reviews.Migrations()...)
	return all
}

// Migrate brings db up to date.
func Migrate(ctx context.Context, db *gorm.DB) error {
	return database.Migrate(ctx, db, All())
}
