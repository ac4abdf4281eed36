package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/mall-project/mall/database"
	"github.com/mall-project/mall/database/dbtest"
	"github.com/mall-project/mall/outbox"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// calls counts handler runs per subscriber and key.
type calls struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *calls) handler(fail func(job outbox.Job) error) outbox.Handler {
	return func(ctx context.Context, job outbox.Job) error {
		c.mu.Lock()
		if c.n == nil {
			c.n = map[string]int{}
		}
		c.n[job.Subscriber+"/"+job.Key]++
		c.mu.Unlock()
		if fail != nil {
			return fail(job)
		}
		return nil
	}
}

func (c *calls) count(subscriber, key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[subscriber+"/"+key]
}

func publish(t *testing.T, db *gorm.DB, q *outbox.Queue, topic, key string, payload any) {
	t.Helper()
	err := database.InTx(context.Background(), db, func(tx *gorm.DB) error {
		return q.Publish(tx, topic, key, payload)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func runDue(t *testing.T, q *outbox.Queue) int {
	t.Helper()
	n, err := q.RunDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPublishingTheSameKeyTwiceMakesOneJobPerSubscriber(t *testing.T) {
	db := dbtest.Open(t)
	q := outbox.NewQueue(db, quiet)
	var c calls
	var payloads sync.Map
	q.Subscribe("checkout.paid", "mail.confirmation", func(ctx context.Context, job outbox.Job) error {
		var p struct {
			CheckoutID int64 `json:"checkout_id"`
		}
		if err := job.Decode(&p); err != nil {
			return err
		}
		payloads.Store(job.Key, p.CheckoutID)
		return c.handler(nil)(ctx, job)
	})
	q.Subscribe("checkout.paid", "mail.merchant", c.handler(nil))
	q.Subscribe("order.shipped", "mail.shipped", c.handler(nil))

	publish(t, db, q, "checkout.paid", "7", map[string]int64{"checkout_id": 7})
	publish(t, db, q, "checkout.paid", "7", map[string]int64{"checkout_id": 7}) // a replayed webhook

	if n := runDue(t, q); n != 2 {
		t.Fatalf("ran %d jobs, want 2 (one per subscriber)", n)
	}
	if c.count("mail.confirmation", "7") != 1 || c.count("mail.merchant", "7") != 1 || c.count("mail.shipped", "7") != 0 {
		t.Errorf("handler runs: %v", c.n)
	}
	if v, _ := payloads.Load("7"); v != int64(7) {
		t.Errorf("payload checkout_id = %v, want 7", v)
	}
	publish(t, db, q, "checkout.paid", "7", map[string]int64{"checkout_id": 7}) // replayed after it ran
	if n := runDue(t, q); n != 0 {
		t.Errorf("a replay after the job ran made %d more jobs", n)
	}
	st, err := q.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Done != 2 || st.Pending != 0 || st.Dead != 0 {
		t.Errorf("stats %+v, want 2 done", st)
	}
}

func TestRolledBackTransactionPublishesNothing(t *testing.T) {
	db := dbtest.Open(t)
	q := outbox.NewQueue(db, quiet)
	var c calls
	q.Subscribe("checkout.placed", "mail.confirmation", c.handler(nil))

	boom := errors.New("stock ran out")
	err := database.InTx(context.Background(), db, func(tx *gorm.DB) error {
		if err := q.Publish(tx, "checkout.placed", "1", map[string]int64{"checkout_id": 1}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v", err)
	}
	if n := runDue(t, q); n != 0 || c.count("mail.confirmation", "1") != 0 {
		t.Errorf("ran %d jobs after a rollback", n)
	}
	var rows int64
	db.Raw("SELECT COUNT(*) FROM outbox_jobs").Scan(&rows)
	if rows != 0 {
		t.Errorf("%d rows in outbox_jobs after a rollback", rows)
	}
}

func TestNilQueuePublishesNothing(t *testing.T) {
	db := dbtest.Open(t)
	var q *outbox.Queue
	if err := q.Publish(db, "checkout.placed", "1", nil); err != nil {
		t.Fatal(err)
	}
}

// A topic no package declared and nobody subscribed to is a misspelling or
// a missing registration: Publish refuses it and writes nothing, inside or
// outside a transaction. A declared topic without subscribers is fine.
func TestPublishingATopicNobodyRegisteredIsAnError(t *testing.T) {
	db := dbtest.Open(t)
	q := outbox.NewQueue(db, quiet)
	q.Subscribe("order.shipped", "mail.shipped", func(context.Context, outbox.Job) error { return nil })
	q.Declare("order.delivered")

	err := database.InTx(context.Background(), db, func(tx *gorm.DB) error {
		return q.Publish(tx, "order.shiped", "7", map[string]int64{"order_id": 7})
	})
	if err == nil || !strings.Contains(err.Error(), "order.shiped") {
		t.Fatalf("publish of an unregistered topic: %v, want an error naming it", err)
	}
	if err := q.PublishNow(context.Background(), "order.unknown", "7", nil); err == nil {
		t.Fatal("PublishNow of an unregistered topic succeeded")
	}
	publish(t, db, q, "order.delivered", "7", map[string]int64{"order_id": 7})
	publish(t, db, q, "order.shipped", "7", map[string]int64{"order_id": 7})
	var topics []string
	db.Raw("SELECT topic FROM outbox_jobs ORDER BY id").Scan(&topics)
	if strings.Join(topics, ",") != "order.shipped" {
		t.Fatalf("jobs for topics %v, want only order.shipped's", topics)
	}
}

// Two queues on two connection pools (two `mall serve` processes) drain the
// same jobs at once: every job runs exactly once.
func TestTwoWorkersRunEachJobOnce(t *testing.T) {
	db, cfg := dbtest.OpenWithURL(t)
	db2, err := database.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s, err := db2.DB(); err == nil {
			s.Close()
		}
	})
	var c calls
	q1 := outbox.NewQueue(db, quiet)
	q2 := outbox.NewQueue(db2, quiet)
	for _, q := range []*outbox.Queue{q1, q2} {
		q.Subscribe("order.paid", "mail.merchant", c.handler(nil))
		q.Subscribe("order.shipped", "mail.shipped", c.handler(nil))
	}
	const jobs = 150
	for i := range jobs {
		publish(t, db, q1, "order.paid", fmt.Sprint(i), map[string]int{"order_id": i})
		publish(t, db, q1, "order.shipped", fmt.Sprint(i), map[string]int{"order_id": i})
	}

	var wg sync.WaitGroup
	ran := make([]int, 4)
	errs := make([]error, 4)
	for w := range 4 {
		q := q1
		if w%2 == 1 {
			q = q2
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ran[w], errs[w] = q.RunDue(context.Background())
		}()
	}
	wg.Wait()
	total := 0
	for w := range 4 {
		if errs[w] != nil {
			t.Fatalf("worker %d: %v", w, errs[w])
		}
		total += ran[w]
	}
	if total != 2*jobs {
		t.Errorf("workers ran %d jobs in all, want %d", total, 2*jobs)
	}
	for i := range jobs {
		for _, sub := range []string{"mail.merchant", "mail.shipped"} {
			if n := c.count(sub, fmt.Sprint(i)); n != 1 {
				t.Errorf("%s job %d ran %d times", sub, i, n)
			}
		}
	}
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func lastError(t *testing.T, db *gorm.DB) (attempts int, msg string) {
	t.Helper()
	var row struct {
		Attempts  int
		LastError string
	}
	if err := db.Raw("SELECT attempts, last_error FROM outbox_jobs").Scan(&row).Error; err != nil {
		t.Fatal(err)
	}
	return row.Attempts, row.LastError
}

func TestFailedJobRetriesWithBackoff(t *testing.T) {
	db := dbtest.Open(t)
	clk := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	q := outbox.NewQueue(db, quiet)
	q.SetClock(clk.now)
	var c calls
	q.Subscribe("order.shipped", "mail.shipped", c.handler(func(job outbox.Job) error {
		if job.Attempts < 3 {
			return fmt.Errorf("smtp: 451 try again (attempt %d)", job.Attempts)
		}
		return nil
	}))
	publish(t, db, q, "order.shipped", "5", map[string]int{"order_id": 5})

	if n := runDue(t, q); n != 1 {
		t.Fatalf("first run ran %d", n)
	}
	if a, msg := lastError(t, db); a != 1 || !strings.Contains(msg, "attempt 1") {
		t.Errorf("after the first failure: attempts %d, last_error %q", a, msg)
	}
	if n := runDue(t, q); n != 0 {
		t.Fatalf("failed job ran again at once")
	}
	clk.advance(outbox.Backoff(1) - time.Second)
	if n := runDue(t, q); n != 0 {
		t.Fatalf("failed job ran again before its backoff")
	}
	clk.advance(time.Second)
	if n := runDue(t, q); n != 1 {
		t.Fatalf("job not retried after its backoff")
	}
	clk.advance(outbox.Backoff(2) - time.Second)
	if n := runDue(t, q); n != 0 {
		t.Fatalf("second retry came before the longer backoff")
	}
	clk.advance(time.Second)
	if n := runDue(t, q); n != 1 {
		t.Fatalf("job not retried a second time")
	}
	if got := c.count("mail.shipped", "5"); got != 3 {
		t.Errorf("handler ran %d times, want 3", got)
	}
	if a, msg := lastError(t, db); a != 3 || msg != "" {
		t.Errorf("after success: attempts %d, last_error %q", a, msg)
	}
	clk.advance(24 * time.Hour)
	if n := runDue(t, q); n != 0 {
		t.Errorf("a done job ran again")
	}
}

func TestBackoffDoublesUpToACap(t *testing.T) {
	prev := time.Duration(0)
	for a := 1; a <= 20; a++ {
		d := outbox.Backoff(a)
		if d < prev {
			t.Fatalf("Backoff(%d) = %v < Backoff(%d) = %v", a, d, a-1, prev)
		}
		prev = d
	}
	if outbox.Backoff(1) != 30*time.Second || outbox.Backoff(2) != time.Minute || outbox.Backoff(20) != 2*time.Hour {
		t.Errorf("Backoff: %v %v %v", outbox.Backoff(1), outbox.Backoff(2), outbox.Backoff(20))
	}
}

func TestJobFailingEveryTimeIsLeftDeadWithItsError(t *testing.T) {
	db := dbtest.Open(t)
	clk := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	q := outbox.NewQueue(db, quiet)
	q.SetClock(clk.now)
	var c calls
	q.Subscribe("order.refunded", "mail.refunded", c.handler(func(job outbox.Job) error {
		if job.Attempts%2 == 0 {
			panic("template missing")
		}
		return errors.New("mailbox unavailable")
	}))
	publish(t, db, q, "order.refunded", "9", map[string]int{"refund_id": 9})
	for range outbox.MaxAttempts + 3 {
		runDue(t, q)
		clk.advance(3 * time.Hour)
	}
	if got := c.count("mail.refunded", "9"); got != outbox.MaxAttempts {
		t.Errorf("handler ran %d times, want %d", got, outbox.MaxAttempts)
	}
	a, msg := lastError(t, db)
	if a != outbox.MaxAttempts || !strings.Contains(msg, "panic: template missing") {
		t.Errorf("dead job: attempts %d, last_error %.60q", a, msg)
	}
	st, err := q.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Dead != 1 || st.Pending != 0 || st.Done != 0 {
		t.Errorf("stats %+v, want one dead job", st)
	}
}

func TestRunStopsWhenContextEnds(t *testing.T) {
	db := dbtest.Open(t)
	q := outbox.NewQueue(db, quiet)
	q.SetPollInterval(10 * time.Millisecond)
	done := make(chan string, 1)
	q.Subscribe("order.delivered", "mail.delivered", func(ctx context.Context, job outbox.Job) error {
		done <- job.Key
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		q.Run(ctx)
		close(stopped)
	}()
	publish(t, db, q, "order.delivered", "3", map[string]int{"order_id": 3})
	if key := <-done; key != "3" {
		t.Errorf("worker ran job %q", key)
	}
	cancel()
	<-stopped
}

// A worker that died holding a job (killed mid-send) gives it back when its
// lease runs out, and only then.
func TestJobOfADeadWorkerRunsAgainAfterItsLease(t *testing.T) {
	db := dbtest.Open(t)
	clk := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	q := outbox.NewQueue(db, quiet)
	q.SetClock(clk.now)
	var c calls
	q.Subscribe("order.paid", "mail.merchant", c.handler(nil))
	publish(t, db, q, "order.paid", "4", map[string]int{"order_id": 4})
	// Another instance claimed it for five minutes, then vanished.
	if err := db.Exec(`UPDATE outbox_jobs SET attempts = 1, locked_until = ?`, clk.now().Add(5*time.Minute)).Error; err != nil {
		t.Fatal(err)
	}
	if n := runDue(t, q); n != 0 {
		t.Fatalf("ran a job another worker holds")
	}
	clk.advance(5*time.Minute + time.Second)
	if n := runDue(t, q); n != 1 || c.count("mail.merchant", "4") != 1 {
		t.Fatalf("job not taken over after the lease: ran %d", n)
	}
	if a, _ := lastError(t, db); a != 2 {
		t.Errorf("attempts %d, want 2 (the lost try counts)", a)
	}
}

func TestPurgeDoneKeepsRecentAndDeadJobs(t *testing.T) {
	db := dbtest.Open(t)
	clk := &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	q := outbox.NewQueue(db, quiet)
	q.SetClock(clk.now)
	q.Subscribe("order.paid", "mail.merchant", func(ctx context.Context, job outbox.Job) error {
		if job.Key == "dead" {
			return errors.New("no such mailbox")
		}
		return nil
	})
	publish(t, db, q, "order.paid", "old", nil)
	publish(t, db, q, "order.paid", "dead", nil)
	for range outbox.MaxAttempts {
		runDue(t, q)
		clk.advance(3 * time.Hour)
	}
	publish(t, db, q, "order.paid", "recent", nil)
	runDue(t, q)

	n, err := q.PurgeDone(context.Background(), clk.now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	db.Raw("SELECT key FROM outbox_jobs ORDER BY key").Scan(&left)
	if n != 1 || strings.Join(left, ",") != "dead,recent" {
		t.Errorf("purged %d, left %v; want the old done job gone, the dead and the recent kept", n, left)
	}
}
