// Package outbox is the mall's database job queue. A domain package
// publishes an event inside the transaction that made it true, so the event
// exists exactly when the change does; workers in any number of `mall serve`
// instances then hand it to each subscriber, at least once, retrying with
// backoff.
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/mall"
)

// MaxAttempts is how often a job is tried before it is left dead, with its
// last error, for a person to inspect.
const MaxAttempts = 10

const (
	// lease is how long a claimed job belongs to one worker. A worker that
	// dies mid-job gives the job back when the lease runs out.
	lease = 5 * time.Minute
	// jobTimeout bounds one handler call, well inside the lease so that a
	// slow handler never runs twice at once.
	jobTimeout = 2 * time.Minute
	// batch is how many due jobs one query looks at.
	batch = 50

	backoffBase = 30 * time.Second
	backoffCap  = 2 * time.Hour
)

// Handler does the work of one job. An error (or a panic) makes the job run
// again later; a handler therefore must be safe to run more than once.
type Handler func(ctx context.Context, job Job) error

// Job is one event delivered to one subscriber.
type Job struct {
	ID         int64
	Topic      string
	Subscriber string
	Key        string
	Payload    []byte
	// Attempts counts the tries so far, this one included.
	Attempts int
}

// Decode unmarshals the job's JSON payload into v.
func (j Job) Decode(v any) error {
	if err := json.Unmarshal(j.Payload, v); err != nil {
		return fmt.Errorf("outbox: decode %s job %d: %w", j.Topic, j.ID, err)
	}
	return nil
}

type subscription struct {
	name    string
	handler Handler
}

// Queue publishes events and runs their jobs.
type Queue struct {
	mall.Clock
	db  *gorm.DB
	log *slog.Logger

	mu          sync.RWMutex
	declared    map[string]bool
	byTopic     map[string][]subscription
	subscribers map[string]Handler
	poll        time.Duration
}

// NewQueue returns a queue on db. Subscribe every handler before the first
// Publish or Run.
func NewQueue(db *gorm.DB, log *slog.Logger) *Queue {
	if log == nil {
		log = slog.Default()
	}
	return &Queue{
		db:          db,
		log:         log,
		declared:    map[string]bool{},
		byTopic:     map[string][]subscription{},
		subscribers: map[string]Handler{},
		poll:        2 * time.Second,
	}
}

// SetPollInterval sets how long Run sleeps when no job is due.
func (q *Queue) SetPollInterval(d time.Duration) { q.poll = d }

func (q *Queue) clock() time.Time { return q.Clock.Now() }

// Declare registers the topics a package publishes, at start-up (the
// publisher's constructor calls it). A declared topic may have no
// subscriber yet; publishing it then makes no job.
func (q *Queue) Declare(topics ...string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, t := range topics {
		q.declared[t] = true
	}
}

// Subscribe registers h for topic under a stable subscriber name, at
// start-up. Subscribing also registers the topic. A subscriber name belongs to one topic only, so that
// (subscriber, key) names one event: subscribing a name twice panics.
func (q *Queue) Subscribe(topic, subscriber string, h Handler) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if _, dup := q.subscribers[subscriber]; dup {
		panic("outbox: subscriber " + subscriber + " registered twice")
	}
	q.subscribers[subscriber] = h
	q.declared[topic] = true
	q.byTopic[topic] = append(q.byTopic[topic], subscription{name: subscriber, handler: h})
}

// Publish records the event topic/key with its JSON-encoded payload as one
// job per subscriber of topic, inside the caller's transaction tx: a
// rolled-back transaction publishes nothing. Publishing the same key again
// adds no job. A topic nobody registered (with Declare or Subscribe) is an
// error: a misspelt topic would otherwise vanish without a trace. A nil
// queue publishes nothing.
func (q *Queue) Publish(tx *gorm.DB, topic, key string, payload any) error {
	if q == nil {
		return nil
	}
	return q.PublishAt(tx, topic, key, payload, q.clock())
}

// PublishAt is Publish for an event whose jobs are due at runAt, not now
// (a reminder a week after delivery). A runAt in the past runs at once.
func (q *Queue) PublishAt(tx *gorm.DB, topic, key string, payload any, runAt time.Time) error {
	if q == nil {
		return nil
	}
	q.mu.RLock()
	known, subs := q.declared[topic], q.byTopic[topic]
	q.mu.RUnlock()
	if !known {
		return fmt.Errorf("outbox: publish %s %s: no package registered the topic", topic, key)
	}
	if len(subs) == 0 {
		return nil
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return fmt.Errorf("outbox: publish %s %s: encode payload: %w", topic, key, err)
	}
	now := q.clock()
	for _, s := range subs {
		err := tx.Exec(`INSERT INTO outbox_jobs (topic, subscriber, key, payload, attempts, run_at, last_error, created_at)
			VALUES (?, ?, ?, ?, 0, ?, '', ?)
			ON CONFLICT (subscriber, key) DO NOTHING`,
			topic, s.name, key, string(body), runAt.UTC(), now).Error
		if err != nil {
			return fmt.Errorf("outbox: publish %s %s to %s: %w", topic, key, s.name, err)
		}
	}
	return nil
}

// PublishNow is Publish in a transaction of its own, for a handler that
// fans one event out into several jobs: run again, it adds none twice.
func (q *Queue) PublishNow(ctx context.Context, topic, key string, payload any) error {
	if q == nil {
		return nil
	}
	return q.Publish(q.db.WithContext(ctx), topic, key, payload)
}

type jobRow struct {
	ID         int64
	Topic      string
	Subscriber string
	Key        string
	Payload    string
	Attempts   int
}

// RunDue claims and runs every job that is due now, each at most once in
// this call, and returns how many it ran. Jobs taken by another worker are
// skipped. A failing job is rescheduled, not reported: the error is in the
// log and on the job.
func (q *Queue) RunDue(ctx context.Context) (int, error) {
	q.mu.RLock()
	names := make([]string, 0, len(q.subscribers))
	for n := range q.subscribers {
		names = append(names, n)
	}
	q.mu.RUnlock()
	if len(names) == 0 {
		return 0, nil
	}
	sort.Strings(names)

	seen := map[int64]bool{}
	ran := 0
	for ctx.Err() == nil {
		now := q.clock()
		var rows []jobRow
		err := q.db.WithContext(ctx).Raw(`SELECT id, topic, subscriber, key, payload, attempts FROM outbox_jobs
			WHERE done_at IS NULL AND run_at <= ? AND attempts < ? AND subscriber IN ?
			AND (locked_until IS NULL OR locked_until < ?)
			ORDER BY run_at, id LIMIT ?`, now, MaxAttempts, names, now, batch).Scan(&rows).Error
		if err != nil {
			return ran, fmt.Errorf("outbox: find due jobs: %w", err)
		}
		fresh := 0
		for _, r := range rows {
			if seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			fresh++
			claimed, err := q.claim(ctx, r.ID, now)
			if err != nil {
				return ran, err
			}
			if !claimed {
				continue
			}
			q.run(ctx, Job{ID: r.ID, Topic: r.Topic, Subscriber: r.Subscriber, Key: r.Key,
				Payload: []byte(r.Payload), Attempts: r.Attempts + 1})
			ran++
		}
		if fresh == 0 {
			break
		}
	}
	return ran, ctx.Err()
}

// claim takes the lease on job id. The condition makes the update a
// compare-and-set: of several workers racing for one job, exactly one sees
// a row affected.
func (q *Queue) claim(ctx context.Context, id int64, now time.Time) (bool, error) {
	res := q.db.WithContext(ctx).Exec(`UPDATE outbox_jobs SET locked_until = ?, attempts = attempts + 1
		WHERE id = ? AND done_at IS NULL AND attempts < ? AND (locked_until IS NULL OR locked_until < ?)`,
		now.Add(lease), id, MaxAttempts, now)
	if res.Error != nil {
		return false, fmt.Errorf("outbox: claim job %d: %w", id, res.Error)
	}
	return res.RowsAffected == 1, nil
}

// run calls the job's handler and records the outcome. The handler gets a
// context of its own that a shutdown does not cancel, so a mail half sent
// is finished rather than sent twice.
func (q *Queue) run(ctx context.Context, job Job) {
	q.mu.RLock()
	h := q.subscribers[job.Subscriber]
	q.mu.RUnlock()
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), jobTimeout)
	err := call(hctx, h, job)
	cancel()

	// Recording the outcome must happen even when ctx was cancelled.
	db := q.db.WithContext(context.WithoutCancel(ctx))
	now := q.clock()
	if err == nil {
		if e := db.Exec(`UPDATE outbox_jobs SET done_at = ?, locked_until = NULL, last_error = '' WHERE id = ?`, now, job.ID).Error; e != nil {
			q.log.Error("outbox: record job done", "job", job.ID, "err", e)
		}
		return
	}
	msg := err.Error()
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	if job.Attempts >= MaxAttempts {
		q.log.Error("outbox job failed for the last time; left for inspection",
			"job", job.ID, "topic", job.Topic, "subscriber", job.Subscriber, "key", job.Key, "attempts", job.Attempts, "err", err)
	} else {
		q.log.Warn("outbox job failed; will retry",
			"job", job.ID, "topic", job.Topic, "subscriber", job.Subscriber, "key", job.Key, "attempts", job.Attempts, "err", err)
	}
	if e := db.Exec(`UPDATE outbox_jobs SET locked_until = NULL, run_at = ?, last_error = ? WHERE id = ?`,
		now.Add(Backoff(job.Attempts)), msg, job.ID).Error; e != nil {
		q.log.Error("outbox: record job failure", "job", job.ID, "err", e)
	}
}

// call runs h, turning a panic into an error.
func call(ctx context.Context, h Handler, job Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	if h == nil {
		return errors.New("no handler")
	}
	return h(ctx, job)
}

// Backoff is the wait before the next try after the given number of failed
// attempts: 30 s, 1 min, 2 min, ... doubling up to two hours.
func Backoff(attempts int) time.Duration {
	if attempts < 1 {
		attempts = 1
	}
	d := backoffBase
	for i := 1; i < attempts; i++ {
		d *= 2
		if d >= backoffCap {
			return backoffCap
		}
	}
	return d
}

// Run drains the queue until ctx is done: it runs what is due, then waits a
// moment. Any number of workers, in any number of processes, may run at
// once: each job is claimed by one of them.
func (q *Queue) Run(ctx context.Context) {
	for {
		n, err := q.RunDue(ctx)
		if err != nil && ctx.Err() == nil {
			q.log.Warn("outbox: run due jobs", "err", err)
		}
		if ctx.Err() != nil {
			return
		}
		if n > 0 {
			continue
		}
		t := time.NewTimer(q.poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// PurgeDone deletes the jobs finished before before and returns how many.
// A deleted job no longer stops its event from being published again, so
// keep them longer than anyone replays events (Stripe retries for three
// days). Dead jobs stay.
func (q *Queue) PurgeDone(ctx context.Context, before time.Time) (int64, error) {
	res := q.db.WithContext(ctx).Exec(`DELETE FROM outbox_jobs WHERE done_at IS NOT NULL AND done_at < ?`, before.UTC())
	if res.Error != nil {
		return 0, fmt.Errorf("outbox: purge done jobs: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// Stats counts the jobs that are waiting, done and dead, for health pages
// and tests.
type Stats struct {
	Pending, Done, Dead int64
}

// Stats reports how many jobs are pending, done and dead.
func (q *Queue) Stats(ctx context.Context) (Stats, error) {
	var s Stats
	err := q.db.WithContext(ctx).Raw(`SELECT
		COALESCE(SUM(CASE WHEN done_at IS NULL AND attempts < ? THEN 1 ELSE 0 END), 0) AS pending,
		COALESCE(SUM(CASE WHEN done_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS done,
		COALESCE(SUM(CASE WHEN done_at IS NULL AND attempts >= ? THEN 1 ELSE 0 END), 0) AS dead
		FROM outbox_jobs`, MaxAttempts, MaxAttempts).Scan(&s).Error
	if err != nil {
		return s, fmt.Errorf("outbox: stats: %w", err)
	}
	return s, nil
}
