package outbox

import (
	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
)

// Migrations returns the outbox package's numbered migrations.
func Migrations() []database.Migration {
	return []database.Migration{
		{ID: "0601_outbox_jobs", Migrate: migrateOutboxJobs},
	}
}

// migrateOutboxJobs creates the job table. A job is one event for one
// subscriber; (subscriber, key) is unique so that publishing the same event
// twice (a replayed webhook) makes no second job. Finished and dead jobs stay
// in the table for inspection.
func migrateOutboxJobs(tx *gorm.DB) error {
	return database.DDL(tx,
		`CREATE TABLE outbox_jobs (
			id {{pk}},
			topic VARCHAR(64) NOT NULL,
			subscriber VARCHAR(128) NOT NULL,
			key VARCHAR(200) NOT NULL,
			payload TEXT NOT NULL,
			attempts INTEGER NOT NULL DEFAULT 0,
			run_at {{ts}} NOT NULL,
			locked_until {{ts}},
			done_at {{ts}},
			last_error TEXT NOT NULL DEFAULT '',
			created_at {{ts}} NOT NULL
		)`,
		`CREATE UNIQUE INDEX outbox_jobs_subscriber_key ON outbox_jobs (subscriber, key)`,
		`CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at) WHERE done_at IS NULL`,
	)
}
