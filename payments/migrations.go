package payments

import (
	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// Migrations returns the payments package's numbered migrations.
//
// Tables are written in SQL so a migration never changes once released;
// merchant_id and checkout_id carry no foreign key so the order in which
// packages create their tables does not matter.
func Migrations() []database.Migration {
	return []database.Migration{
		{ID: "0501_payment_accounts", Migrate: migratePaymentAccounts},
		{ID: "0502_payment_events", Migrate: migratePaymentEvents},
	}
}

// migratePaymentAccounts: one Stripe connected account per merchant, with
// the capabilities Stripe last told the mall about.
func migratePaymentAccounts(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE payment_accounts (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			stripe_account_id VARCHAR(255) NOT NULL,
			charges_enabled BOOLEAN NOT NULL DEFAULT FALSE,
			payouts_enabled BOOLEAN NOT NULL DEFAULT FALSE,
			details_submitted BOOLEAN NOT NULL DEFAULT FALSE,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX payment_accounts_merchant ON payment_accounts (merchant_id)`,
		`CREATE UNIQUE INDEX payment_accounts_stripe ON payment_accounts (stripe_account_id)`,
	)
}

// migratePaymentEvents: every webhook event Stripe delivered, keyed by its
// id so each is applied once, kept with its payload for inspection.
// processed_at stays NULL until the event's effect is in.
func migratePaymentEvents(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE payment_events (
			id VARCHAR(255) NOT NULL PRIMARY KEY,
			type VARCHAR(120) NOT NULL,
			received_at {{ts}} NOT NULL,
			processed_at {{ts}},
			outcome VARCHAR(64) NOT NULL DEFAULT '',
			checkout_id BIGINT,
			payload TEXT NOT NULL
		)`,
		`CREATE INDEX payment_events_checkout ON payment_events (checkout_id)`,
		`CREATE INDEX payment_events_outcome ON payment_events (outcome, received_at)`,
	)
}
