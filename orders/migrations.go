package orders

import (
	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// Migrations returns the orders package's numbered migrations.
//
// The tables are written in SQL rather than derived from the live models so
// that a migration never changes once released. Like the catalog, they
// carry merchant_id without a foreign key to merchants. Order lines keep
// their own copy of title, SKU and price and point at the variant without
// a foreign key: an order outlives the product it sold.
func Migrations() []database.Migration {
	return []database.Migration{
		{ID: "0401_orders_carts", Migrate: migrateCarts},
		{ID: "0402_orders_shipping_methods", Migrate: migrateShippingMethods},
		{ID: "0403_orders_checkouts", Migrate: migrateCheckouts},
		{ID: "0404_orders_refunds", Migrate: migrateRefunds},
		{ID: "20261201T2101_orders_offline_due", Migrate: migrateOfflineDue},
		{ID: "20261201T2325_orders_payer_traces", Migrate: migratePayerTraces},
	}
}

// migrateCarts: a cart belongs to an account or to a guest's cookie token
// (stored hashed); unique indexes allow many NULLs on both engines.
func migrateCarts(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE carts (
			id {{pk}},
			token_hash VARCHAR(64),
			account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL,
			CHECK (token_hash IS NOT NULL OR account_id IS NOT NULL)
		)`,
		`CREATE UNIQUE INDEX carts_token_hash ON carts (token_hash)`,
		`CREATE UNIQUE INDEX carts_account ON carts (account_id)`,
		`CREATE TABLE cart_lines (
			id {{pk}},
			cart_id BIGINT NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
			merchant_id BIGINT NOT NULL,
			variant_id BIGINT NOT NULL REFERENCES variants (id) ON DELETE CASCADE,
			quantity INTEGER NOT NULL CHECK (quantity >= 1 AND quantity <= 99),
			unit_price_seen BIGINT NOT NULL CHECK (unit_price_seen >= 0),
			added_at {{ts}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX cart_lines_cart_variant ON cart_lines (cart_id, variant_id)`,
		`CREATE INDEX cart_lines_variant ON cart_lines (variant_id)`,
	)
}

func migrateShippingMethods(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE shipping_methods (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			name VARCHAR(120) NOT NULL,
			price BIGINT NOT NULL CHECK (price >= 0),
			free_over BIGINT NOT NULL DEFAULT 0 CHECK (free_over >= 0),
			position INTEGER NOT NULL DEFAULT 0,
			active BOOLEAN NOT NULL DEFAULT TRUE,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		)`,
		`CREATE INDEX shipping_methods_merchant ON shipping_methods (merchant_id, position, id)`,
	)
}

// migrateCheckouts creates checkouts, the per-merchant order counters,
// orders, their lines and their event log.
func migrateCheckouts(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE order_counters (
			merchant_id BIGINT PRIMARY KEY,
			last_seq BIGINT NOT NULL
		)`,
		`CREATE TABLE checkouts (
			id {{pk}},
			public_id VARCHAR(32) NOT NULL,
			account_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
			owner_token_hash VARCHAR(64) NOT NULL DEFAULT '',
			email VARCHAR(254) NOT NULL,
			locale VARCHAR(16) NOT NULL DEFAULT 'en',
			ship_name VARCHAR(120) NOT NULL,
			ship_line1 VARCHAR(200) NOT NULL,
			ship_line2 VARCHAR(200) NOT NULL DEFAULT '',
			ship_city VARCHAR(120) NOT NULL,
			ship_region VARCHAR(120) NOT NULL DEFAULT '',
			ship_postal_code VARCHAR(20) NOT NULL DEFAULT '',
			ship_country VARCHAR(2) NOT NULL,
			ship_phone VARCHAR(32) NOT NULL DEFAULT '',
			currency VARCHAR(3) NOT NULL,
			subtotal BIGINT NOT NULL CHECK (subtotal >= 0),
			shipping_total BIGINT NOT NULL CHECK (shipping_total >= 0),
			total BIGINT NOT NULL CHECK (total >= 0),
			status VARCHAR(16) NOT NULL CHECK (status IN ('pending', 'paid', 'expired', 'cancelled')),
			provider VARCHAR(16) NOT NULL CHECK (provider IN ('stripe', 'offline')),
			provider_session_id VARCHAR(255) NOT NULL DEFAULT '',
			payment_intent_id VARCHAR(255) NOT NULL DEFAULT '',
			charge_id VARCHAR(255) NOT NULL DEFAULT '',
			expires_at {{ts}},
			released_at {{ts}},
			paid_at {{ts}},
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX checkouts_public_id ON checkouts (public_id)`,
		`CREATE UNIQUE INDEX checkouts_provider_session ON checkouts (provider_session_id) WHERE provider_session_id <> ''`,
		`CREATE INDEX checkouts_due ON checkouts (status, expires_at)`,
		`CREATE INDEX checkouts_account ON checkouts (account_id)`,
		`CREATE TABLE orders (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			checkout_id BIGINT NOT NULL REFERENCES checkouts (id),
			seq BIGINT NOT NULL,
			number VARCHAR(80) NOT NULL,
			account_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
			email VARCHAR(254) NOT NULL,
			locale VARCHAR(16) NOT NULL DEFAULT 'en',
			ship_name VARCHAR(120) NOT NULL,
			ship_line1 VARCHAR(200) NOT NULL,
			ship_line2 VARCHAR(200) NOT NULL DEFAULT '',
			ship_city VARCHAR(120) NOT NULL,
			ship_region VARCHAR(120) NOT NULL DEFAULT '',
			ship_postal_code VARCHAR(20) NOT NULL DEFAULT '',
			ship_country VARCHAR(2) NOT NULL,
			ship_phone VARCHAR(32) NOT NULL DEFAULT '',
			shipping_method_name VARCHAR(120) NOT NULL DEFAULT '',
			currency VARCHAR(3) NOT NULL,
			subtotal BIGINT NOT NULL CHECK (subtotal >= 0),
			shipping BIGINT NOT NULL CHECK (shipping >= 0),
			total BIGINT NOT NULL CHECK (total >= 0),
			commission_bp INTEGER NOT NULL CHECK (commission_bp >= 0 AND commission_bp <= 10000),
			commission_amount BIGINT NOT NULL CHECK (commission_amount >= 0),
			status VARCHAR(24) NOT NULL CHECK (status IN ('pending_payment', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')),
			refunded_amount BIGINT NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= total),
			shipping_refunded BOOLEAN NOT NULL DEFAULT FALSE,
			carrier VARCHAR(64) NOT NULL DEFAULT '',
			tracking_number VARCHAR(120) NOT NULL DEFAULT '',
			transfer_status VARCHAR(16) NOT NULL DEFAULT 'none' CHECK (transfer_status IN ('none', 'pending', 'held', 'transferred')),
			transfer_id VARCHAR(255) NOT NULL DEFAULT '',
			transfer_amount BIGINT NOT NULL DEFAULT 0,
			disputed_at {{ts}},
			placed_at {{ts}} NOT NULL,
			paid_at {{ts}},
			shipped_at {{ts}},
			delivered_at {{ts}},
			cancelled_at {{ts}},
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX orders_merchant_seq ON orders (merchant_id, seq)`,
		`CREATE UNIQUE INDEX orders_merchant_number ON orders (merchant_id, number)`,
		`CREATE INDEX orders_merchant_placed ON orders (merchant_id, placed_at)`,
		`CREATE INDEX orders_merchant_status ON orders (merchant_id, status, placed_at)`,
		`CREATE INDEX orders_merchant_transfer ON orders (merchant_id, transfer_status)`,
		`CREATE INDEX orders_checkout ON orders (checkout_id)`,
		`CREATE INDEX orders_account ON orders (account_id, placed_at)`,
		`CREATE TABLE order_lines (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
			product_id BIGINT NOT NULL,
			variant_id BIGINT NOT NULL,
			title VARCHAR(200) NOT NULL,
			variant_title VARCHAR(200) NOT NULL DEFAULT '',
			sku VARCHAR(64) NOT NULL,
			unit_price BIGINT NOT NULL CHECK (unit_price >= 0),
			quantity INTEGER NOT NULL CHECK (quantity >= 1),
			total BIGINT NOT NULL CHECK (total >= 0),
			refunded_quantity INTEGER NOT NULL DEFAULT 0 CHECK (refunded_quantity >= 0 AND refunded_quantity <= quantity),
			refunded_amount BIGINT NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0)
		)`,
		`CREATE INDEX order_lines_order ON order_lines (order_id, id)`,
		`CREATE INDEX order_lines_merchant_product ON order_lines (merchant_id, product_id)`,
		`CREATE TABLE order_events (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
			kind VARCHAR(32) NOT NULL,
			from_status VARCHAR(24) NOT NULL DEFAULT '',
			to_status VARCHAR(24) NOT NULL DEFAULT '',
			actor_kind VARCHAR(16) NOT NULL CHECK (actor_kind IN ('shopper', 'staff', 'operator', 'stripe', 'system')),
			actor_account_id BIGINT,
			note TEXT NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL
		)`,
		`CREATE INDEX order_events_order ON order_events (order_id, id)`,
		`CREATE INDEX order_events_merchant ON order_events (merchant_id)`,
	)
}

func migrateRefunds(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE refunds (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			order_id BIGINT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
			amount BIGINT NOT NULL CHECK (amount > 0),
			shipping_amount BIGINT NOT NULL DEFAULT 0 CHECK (shipping_amount >= 0),
			reason TEXT NOT NULL DEFAULT '',
			status VARCHAR(16) NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
			provider_refund_id VARCHAR(255) NOT NULL DEFAULT '',
			reversal_id VARCHAR(255) NOT NULL DEFAULT '',
			actor_account_id BIGINT,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		)`,
		`CREATE INDEX refunds_order ON refunds (order_id, id)`,
		`CREATE INDEX refunds_merchant ON refunds (merchant_id, status)`,
		`CREATE TABLE refund_lines (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			refund_id BIGINT NOT NULL REFERENCES refunds (id) ON DELETE CASCADE,
			order_line_id BIGINT NOT NULL REFERENCES order_lines (id) ON DELETE CASCADE,
			quantity INTEGER NOT NULL CHECK (quantity >= 1),
			amount BIGINT NOT NULL CHECK (amount >= 0)
		)`,
		`CREATE INDEX refund_lines_refund ON refund_lines (refund_id, id)`,
		`CREATE INDEX refund_lines_order_line ON refund_lines (order_line_id)`,
	)
}

// migrateOfflineDue: an unpaid offline order is due by a time its shop
// set and is reminded once before; a checkout keeps the hashed address of
// the client that placed it, to bound the unpaid orders one client holds.
func migrateOfflineDue(tx *gorm.DB) error {
	return database.DDL(tx,
		`ALTER TABLE orders ADD COLUMN payment_due_at {{ts}}`,
		`ALTER TABLE orders ADD COLUMN payment_remind_at {{ts}}`,
		`ALTER TABLE orders ADD COLUMN payment_reminded_at {{ts}}`,
		`CREATE INDEX orders_payment_due ON orders (status, payment_due_at)`,
		`ALTER TABLE checkouts ADD COLUMN client_hash VARCHAR(64) NOT NULL DEFAULT ''`,
		`CREATE INDEX checkouts_unpaid_email ON checkouts (email, status)`,
		`CREATE INDEX checkouts_unpaid_client ON checkouts (client_hash, status)`,
	)
}

// migratePayerTraces: a checkout keeps hashed traces of who paid (device
// cookie, network prefix, card fingerprint), for the review integrity
// signals.
func migratePayerTraces(tx *gorm.DB) error {
	return database.DDL(tx,
		`ALTER TABLE checkouts ADD COLUMN device_hash VARCHAR(64) NOT NULL DEFAULT ''`,
		`ALTER TABLE checkouts ADD COLUMN network_hash VARCHAR(64) NOT NULL DEFAULT ''`,
		`ALTER TABLE checkouts ADD COLUMN card_hash VARCHAR(64) NOT NULL DEFAULT ''`,
	)
}
