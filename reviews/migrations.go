package reviews

import (
	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// Migrations returns the reviews package's numbered migrations (07xx).
func Migrations() []database.Migration {
	return []database.Migration{
		{ID: "20261201T2103_reviews_tables", Migrate: migrateReviewTables},
		{ID: "20261201T2104_reviews_log", Migrate: migrateReviewLog},
		{ID: "20261201T2105_reviews_requests", Migrate: migrateReviewRequests},
		{ID: "20261201T2109_reviews_moderation", Migrate: migrateReviewModeration},
		{ID: "20261201T2319_reviews_product_list_index", Migrate: migrateReviewProductListIndex},
		{ID: "20261201T2320_reviews_photos_votes", Migrate: migrateReviewPhotosVotes},
		{ID: "20261201T2320_reviews_erasure", Migrate: migrateReviewErasure},
		{ID: "20261201T2321_reviews_imported", Migrate: migrateImportedReviews},
		{ID: "20261201T2330_reviews_integrity", Migrate: migrateReviewIntegrity},
	}
}

func migrateReviewTables(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE reviews (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			product_id BIGINT NOT NULL,
			variant_id BIGINT NOT NULL,
			order_id BIGINT NOT NULL,
			order_line_id BIGINT NOT NULL UNIQUE,
			account_id BIGINT,
			variant_title VARCHAR(200) NOT NULL DEFAULT '',
			rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
			title VARCHAR(120) NOT NULL DEFAULT '',
			body TEXT NOT NULL DEFAULT '',
			incentivized BOOLEAN NOT NULL DEFAULT FALSE,
			deep_discount BOOLEAN NOT NULL DEFAULT FALSE,
			verified BOOLEAN NOT NULL DEFAULT TRUE,
			unverified_reason VARCHAR(32) NOT NULL DEFAULT '',
			unverified_at {{ts}},
			status VARCHAR(16) NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'removed')),
			version INTEGER NOT NULL DEFAULT 1,
			line_salt VARCHAR(64) NOT NULL DEFAULT '',
			leaf_index BIGINT NOT NULL DEFAULT -1,
			purchased_at {{ts}} NOT NULL,
			delivered_at {{ts}} NOT NULL,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		)`,
		`CREATE INDEX idx_reviews_product ON reviews (merchant_id, product_id, created_at)`,
		`CREATE INDEX idx_reviews_account ON reviews (account_id)`,
		`CREATE TABLE review_versions (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			review_id BIGINT NOT NULL REFERENCES reviews(id),
			version INTEGER NOT NULL,
			rating INTEGER NOT NULL,
			title VARCHAR(120) NOT NULL DEFAULT '',
			body TEXT NOT NULL DEFAULT '',
			incentivized BOOLEAN NOT NULL DEFAULT FALSE,
			created_at {{ts}} NOT NULL,
			UNIQUE (review_id, version)
		)`,
		`CREATE TABLE review_replies (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			review_id BIGINT NOT NULL UNIQUE REFERENCES reviews(id),
			body TEXT NOT NULL,
			version INTEGER NOT NULL DEFAULT 1,
			author_account_id BIGINT,
			created_at {{ts}} NOT NULL,
			updated_at {{ts}} NOT NULL
		)`,
		`CREATE TABLE review_reply_versions (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			review_id BIGINT NOT NULL REFERENCES reviews(id),
			version INTEGER NOT NULL,
			body TEXT NOT NULL,
			author_account_id BIGINT,
			created_at {{ts}} NOT NULL,
			UNIQUE (review_id, version)
		)`,
		// product_id 0 is the merchant's row.
		`CREATE TABLE review_aggregates (
			merchant_id BIGINT NOT NULL,
			product_id BIGINT NOT NULL,
			rated_count BIGINT NOT NULL DEFAULT 0,
			rating_sum BIGINT NOT NULL DEFAULT 0,
			stars1 BIGINT NOT NULL DEFAULT 0,
			stars2 BIGINT NOT NULL DEFAULT 0,
			stars3 BIGINT NOT NULL DEFAULT 0,
			stars4 BIGINT NOT NULL DEFAULT 0,
			stars5 BIGINT NOT NULL DEFAULT 0,
			review_count BIGINT NOT NULL DEFAULT 0,
			PRIMARY KEY (merchant_id, product_id)
		)`,
	)
}

func migrateReviewLog(tx *gorm.DB) error {
	return database.DDL(tx,
		// One row: the log's size. Appends update it first, which
		// serialises them on both engines.
		`CREATE TABLE review_log_state (
			id INTEGER PRIMARY KEY CHECK (id = 1),
			size BIGINT NOT NULL
		)`,
		`INSERT INTO review_log_state (id, size) VALUES (1, 0)`,
		`CREATE TABLE review_log_leaves (
			idx BIGINT PRIMARY KEY,
			review_id BIGINT NOT NULL,
			data TEXT NOT NULL,
			created_at {{ts}} NOT NULL
		)`,
		`CREATE INDEX idx_review_log_leaves_review ON review_log_leaves (review_id, idx)`,
		// The hashes tlog stores (tlog.StoredHashIndex), hex.
		`CREATE TABLE review_log_hashes (
			idx BIGINT PRIMARY KEY,
			hash VARCHAR(64) NOT NULL
		)`,
	)
}

func migrateReviewRequests(tx *gorm.DB) error {
	return database.DDL(tx,
		// A shop without a row asks DefaultRequestDays after delivery.
		`CREATE TABLE review_settings (
			merchant_id BIGINT PRIMARY KEY,
			request_days INTEGER NOT NULL CHECK (request_days BETWEEN 3 AND 30),
			updated_at {{ts}} NOT NULL
		)`,
		// Addresses that asked for no more review requests, lower case.
		`CREATE TABLE review_request_optouts (
			email VARCHAR(320) PRIMARY KEY,
			created_at {{ts}} NOT NULL
		)`,
	)
}

func migrateReviewModeration(tx *gorm.DB) error {
	return database.DDL(tx,
		`ALTER TABLE reviews ADD COLUMN removed_reason VARCHAR(32) NOT NULL DEFAULT ''`,
		`ALTER TABLE reviews ADD COLUMN removed_statement TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE reviews ADD COLUMN removed_at {{ts}}`,
		`ALTER TABLE reviews ADD COLUMN removed_by BIGINT`,
		`ALTER TABLE reviews ADD COLUMN appeal_status VARCHAR(16) NOT NULL DEFAULT ''`,
		`ALTER TABLE reviews ADD COLUMN appeal_text TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE reviews ADD COLUMN appealed_at {{ts}}`,
		`CREATE TABLE review_reports (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			review_id BIGINT NOT NULL REFERENCES reviews(id),
			reason VARCHAR(32) NOT NULL,
			note TEXT NOT NULL DEFAULT '',
			reporter_account_id BIGINT,
			status VARCHAR(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'dismissed')),
			created_at {{ts}} NOT NULL,
			decided_at {{ts}}
		)`,
		`CREATE INDEX idx_review_reports_open ON review_reports (status, created_at)`,
		// Every operator decision on a review, append-only.
		`CREATE TABLE review_decisions (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			review_id BIGINT NOT NULL REFERENCES reviews(id),
			kind VARCHAR(16) NOT NULL CHECK (kind IN ('removal', 'dismissal', 'appeal')),
			outcome VARCHAR(16) NOT NULL,
			reason VARCHAR(32) NOT NULL DEFAULT '',
			statement TEXT NOT NULL,
			operator_account_id BIGINT NOT NULL,
			created_at {{ts}} NOT NULL
		)`,
	)
}

// migrateReviewProductListIndex indexes a product's reviews the way its
// page lists them: by status, newest first or by rating, so a product
// with thousands of reviews reads one page of them (and counts the
// withheld ones) without walking the rest.
func migrateReviewProductListIndex(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE INDEX idx_reviews_product_status ON reviews (merchant_id, product_id, status, created_at, id)`,
		`CREATE INDEX idx_reviews_product_rating ON reviews (merchant_id, product_id, status, rating, created_at, id)`,
	)
}

func migrateReviewPhotosVotes(tx *gorm.DB) error {
	return database.DDL(tx,
		// The photos of each version of a review: an edit writes the new
		// version's whole set, so the history keeps what each one had.
		`CREATE TABLE review_photos (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			review_id BIGINT NOT NULL REFERENCES reviews(id),
			version INTEGER NOT NULL,
			position INTEGER NOT NULL,
			image_key VARCHAR(64) NOT NULL,
			width INTEGER NOT NULL DEFAULT 0,
			height INTEGER NOT NULL DEFAULT 0,
			created_at {{ts}} NOT NULL,
			UNIQUE (review_id, version, position)
		)`,
		// How many photos the current version has (the "with photos"
		// filter) and how many accounts found the review helpful (the
		// "most helpful" sort), kept with the change that moves them.
		`ALTER TABLE reviews ADD COLUMN photo_count INTEGER NOT NULL DEFAULT 0`,
		`ALTER TABLE reviews ADD COLUMN helpful_count INTEGER NOT NULL DEFAULT 0`,
		// One helpful vote per account and review.
		`CREATE TABLE review_votes (
			review_id BIGINT NOT NULL REFERENCES reviews(id),
			account_id BIGINT NOT NULL REFERENCES accounts(id),
			merchant_id BIGINT NOT NULL,
			created_at {{ts}} NOT NULL,
			PRIMARY KEY (review_id, account_id)
		)`,
	)
}

func migrateReviewErasure(tx *gorm.DB) error {
	return database.DDL(tx,
		`ALTER TABLE reviews ADD COLUMN erased_at {{ts}}`,
		// Every erasure, append-only: who asked (the reviewer, or the
		// operator on the data subject's request, with its reason).
		`CREATE TABLE review_erasures (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			review_id BIGINT NOT NULL REFERENCES reviews(id),
			requested_by VARCHAR(16) NOT NULL CHECK (requested_by IN ('reviewer', 'operator')),
			operator_account_id BIGINT,
			reason TEXT NOT NULL DEFAULT '',
			leaf_index BIGINT NOT NULL,
			created_at {{ts}} NOT NULL
		)`,
		`CREATE INDEX idx_review_erasures_review ON review_erasures (review_id)`,
	)
}

func migrateImportedReviews(tx *gorm.DB) error {
	return database.DDL(tx,
		// Reviews that came with a merchant's archive from another mall,
		// read-only, each with the leaf and inclusion proof it was
		// checked with against the origin's signed checkpoint.
		`CREATE TABLE imported_reviews (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			product_id BIGINT NOT NULL,
			origin VARCHAR(200) NOT NULL,
			origin_review_id BIGINT NOT NULL,
			verifier_key TEXT NOT NULL,
			checkpoint TEXT NOT NULL,
			leaf_index BIGINT NOT NULL,
			leaf TEXT NOT NULL,
			proof TEXT NOT NULL,
			rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
			title VARCHAR(120) NOT NULL DEFAULT '',
			body TEXT NOT NULL DEFAULT '',
			variant_title VARCHAR(200) NOT NULL DEFAULT '',
			verified BOOLEAN NOT NULL,
			incentivized BOOLEAN NOT NULL DEFAULT FALSE,
			erased BOOLEAN NOT NULL DEFAULT FALSE,
			reviewed_at {{ts}} NOT NULL,
			verified_at {{ts}} NOT NULL,
			UNIQUE (merchant_id, origin, origin_review_id)
		)`,
		`CREATE INDEX idx_imported_reviews_product ON imported_reviews (merchant_id, product_id, reviewed_at)`,
	)
}

func migrateReviewIntegrity(tx *gorm.DB) error {
	return database.DDL(tx,
		// Each review's integrity signals (JSON list), score and linked
		// group (the smallest review id in it; 0 for none), as last
		// computed. Never read by what the product page shows.
		`CREATE TABLE review_signals (
			review_id BIGINT PRIMARY KEY REFERENCES reviews(id),
			merchant_id BIGINT NOT NULL,
			product_id BIGINT NOT NULL,
			score INTEGER NOT NULL DEFAULT 0,
			signals TEXT NOT NULL DEFAULT '[]',
			group_id BIGINT NOT NULL DEFAULT 0,
			group_size INTEGER NOT NULL DEFAULT 0,
			computed_at {{ts}} NOT NULL
		)`,
		`CREATE INDEX idx_review_signals_score ON review_signals (score, review_id)`,
		`CREATE INDEX idx_review_signals_group ON review_signals (merchant_id, group_id)`,
		// A shopper's report that the shop offered a reward for a review,
		// with the photo of the offer (a media key), as a case for the
		// operator against the shop.
		`CREATE TABLE review_reward_cases (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			order_id BIGINT NOT NULL,
			account_id BIGINT,
			body TEXT NOT NULL,
			photo_key VARCHAR(64) NOT NULL DEFAULT '',
			status VARCHAR(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'founded', 'unfounded')),
			statement TEXT NOT NULL DEFAULT '',
			operator_account_id BIGINT,
			created_at {{ts}} NOT NULL,
			closed_at {{ts}}
		)`,
		`CREATE INDEX idx_review_reward_cases_status ON review_reward_cases (status, created_at)`,
		`CREATE INDEX idx_review_reward_cases_merchant ON review_reward_cases (merchant_id, status)`,
		// Every operator decision on a case, append-only.
		`CREATE TABLE review_case_decisions (
			id {{pk}},
			merchant_id BIGINT NOT NULL,
			case_id BIGINT NOT NULL REFERENCES review_reward_cases(id),
			outcome VARCHAR(16) NOT NULL,
			statement TEXT NOT NULL,
			operator_account_id BIGINT NOT NULL,
			created_at {{ts}} NOT NULL
		)`,
	)
}
