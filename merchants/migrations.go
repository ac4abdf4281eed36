package merchants

import (
	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// Migrations returns the merchants package's migrations; database/schema
// puts them on the mall's timeline, after the accounts table they refer to.
//
// The tables are written in SQL so that a migration never changes once
// released, whatever gorm or the live models do. These five were first
// made by gorm from frozen structs; the SQL below is what gorm made of
// them, column for column, so that a fresh database and an upgraded one
// have the same schema.
func Migrations() []database.Migration {
	return []database.Migration{
		{ID: "0201_merchants", Migrate: migrate0201Merchants},
		{ID: "0202_staff_members", Migrate: migrate0202StaffMembers},
		{ID: "0203_staff_invitations", Migrate: migrate0203StaffInvitations},
		{ID: "0204_merchant_events", Migrate: migrate0204MerchantEvents},
		{ID: "0205_mall_settings", Migrate: migrate0205MallSettings},
		{ID: "20261201T2100_merchants_payment_instructions", Migrate: migrate0206PaymentInstructions},
		{ID: "20261201T2106_merchants_mall_events", Migrate: migrateMallEvents},
		{ID: "20261201T2107_merchants_domain_claims", Migrate: migrateDomainClaims},
	}
}

func migrate0201Merchants(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE merchants (
			id {{pk}},
			slug VARCHAR(64) NOT NULL,
			name VARCHAR(120) NOT NULL,
			description TEXT NOT NULL DEFAULT '',
			logo_path VARCHAR(255) NOT NULL DEFAULT '',
			theme_color VARCHAR(7) NOT NULL DEFAULT '#2f5d50',
			status VARCHAR(16) NOT NULL,
			contact_email VARCHAR(254) NOT NULL DEFAULT '',
			custom_domain VARCHAR(253) NOT NULL DEFAULT '',
			domain_token VARCHAR(64) NOT NULL DEFAULT '',
			domain_verified_at {{ts}},
			locale VARCHAR(16) NOT NULL DEFAULT 'en',
			both_locales BOOLEAN NOT NULL DEFAULT FALSE,
			commission_bp BIGINT NOT NULL DEFAULT 500,
			approved_at {{ts}},
			created_at {{ts}},
			updated_at {{ts}}
		)`,
		`CREATE INDEX merchants_status ON merchants (status)`,
		`CREATE UNIQUE INDEX merchants_slug ON merchants (slug)`,
		// A host belongs to one merchant; "" (no domain) may repeat. Both
		// engines support partial indexes.
		`CREATE UNIQUE INDEX merchants_custom_domain ON merchants (custom_domain) WHERE custom_domain <> ''`,
	)
}

func migrate0202StaffMembers(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE staff_members (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			account_id BIGINT NOT NULL,
			role VARCHAR(16) NOT NULL,
			created_at {{ts}},
			CONSTRAINT fk_staff_members_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id) ON DELETE CASCADE,
			CONSTRAINT fk_staff_members_account FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
		)`,
		`CREATE INDEX staff_members_account ON staff_members (account_id)`,
		`CREATE UNIQUE INDEX staff_members_merchant_account ON staff_members (merchant_id, account_id)`,
	)
}

func migrate0203StaffInvitations(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE staff_invitations (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			email VARCHAR(254) NOT NULL,
			role VARCHAR(16) NOT NULL,
			token_hash VARCHAR(64) NOT NULL,
			invited_by BIGINT NOT NULL,
			expires_at {{ts}} NOT NULL,
			accepted_at {{ts}},
			accepted_by BIGINT,
			created_at {{ts}},
			CONSTRAINT fk_staff_invitations_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id) ON DELETE CASCADE,
			CONSTRAINT fk_staff_invitations_inviter FOREIGN KEY (invited_by) REFERENCES accounts (id) ON DELETE CASCADE
		)`,
		`CREATE UNIQUE INDEX staff_invitations_token ON staff_invitations (token_hash)`,
		`CREATE INDEX staff_invitations_merchant ON staff_invitations (merchant_id)`,
	)
}

// migrate0204MerchantEvents: actor_id is the account that acted (0: the
// mall itself), without a foreign key: the log outlives the accounts in it.
func migrate0204MerchantEvents(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE merchant_events (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			actor_id BIGINT NOT NULL DEFAULT 0,
			kind VARCHAR(32) NOT NULL,
			reason TEXT NOT NULL DEFAULT '',
			created_at {{ts}},
			CONSTRAINT fk_merchant_events_merchant FOREIGN KEY (merchant_id) REFERENCES merchants (id) ON DELETE CASCADE
		)`,
		`CREATE INDEX merchant_events_merchant ON merchant_events (merchant_id)`,
	)
}

// migrate0205MallSettings holds the operator's settings for the whole mall:
// one row, id 1, written the first time the operator saves. updated_by is
// the operator who saved last, without a foreign key: the setting outlives
// the account. The id is given, never generated: on SQLite it is the rowid
// (INTEGER PRIMARY KEY, as gorm made it), on PostgreSQL a plain BIGINT key.
func migrate0205MallSettings(tx *gorm.DB) error {
	id := "BIGINT PRIMARY KEY"
	if database.DialectOf(tx) == database.SQLite {
		id = "INTEGER PRIMARY KEY"
	}
	return database.DDL(tx,
		`CREATE TABLE mall_settings (
			id `+id+`,
			default_commission_bp BIGINT NOT NULL DEFAULT 500,
			updated_by BIGINT NOT NULL DEFAULT 0,
			updated_at {{ts}}
		)`,
	)
}

// migrate0206PaymentInstructions adds how each shop is paid offline (bank
// transfer details, cash on delivery, other words) and how long an unpaid
// offline order holds its stock.
func migrate0206PaymentInstructions(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE payment_instructions (
			merchant_id BIGINT PRIMARY KEY REFERENCES merchants (id) ON DELETE CASCADE,
			bank_transfer BOOLEAN NOT NULL DEFAULT FALSE,
			bank_payee VARCHAR(120) NOT NULL DEFAULT '',
			bank_name VARCHAR(120) NOT NULL DEFAULT '',
			bank_account VARCHAR(64) NOT NULL DEFAULT '',
			bank_other VARCHAR(500) NOT NULL DEFAULT '',
			cash_on_delivery BOOLEAN NOT NULL DEFAULT FALSE,
			other TEXT NOT NULL DEFAULT '',
			unpaid_days INTEGER NOT NULL DEFAULT 7 CHECK (unpaid_days >= 1 AND unpaid_days <= 30),
			updated_at {{ts}} NOT NULL
		)`,
	)
}

// migrateMallEvents creates the log of the operator's decisions about the
// whole mall (the default commission), as merchant_events logs those about
// one merchant. No foreign key on actor_id: the log outlives the accounts
// in it.
func migrateMallEvents(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE mall_events (
			id {{pk}},
			actor_id BIGINT NOT NULL DEFAULT 0,
			kind VARCHAR(32) NOT NULL,
			reason TEXT NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL
		)`,
		`CREATE INDEX mall_events_created ON mall_events (created_at, id)`,
	)
}

// migrateDomainClaims: an unverified claim on a host no longer keeps the
// host from anyone else. Only verified domains are unique; a claim records
// when it was made, so an unverified one can expire.
func migrateDomainClaims(tx *gorm.DB) error {
	return database.DDL(tx,
		`DROP INDEX merchants_custom_domain`,
		`CREATE UNIQUE INDEX merchants_verified_domain ON merchants (custom_domain) WHERE custom_domain <> '' AND domain_verified_at IS NOT NULL`,
		`ALTER TABLE merchants ADD COLUMN domain_claimed_at {{ts}}`,
		`UPDATE merchants SET domain_claimed_at = updated_at WHERE custom_domain <> '' AND domain_verified_at IS NULL`,
	)
}
