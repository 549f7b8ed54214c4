package storage

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// holdCommitter occupies the committer with a write that does not finish
// until release is called, so that writes queue up behind it. queued waits
// until n writes are queued.
func holdCommitter(t *testing.T, db *DB) (queued func(n int), release func()) {
	t.Helper()
	started, gate, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- db.write(func(*bolt.Tx) error {
			select {
			case <-started: // a re-run
			default:
				close(started)
			}
			<-gate
			return nil
		})
	}()
	<-started
	queued = func(n int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for db.c.queued.Load() < int64(n) {
			if time.Now().After(deadline) {
				t.Fatalf("only %d of %d writes queued", db.c.queued.Load(), n)
			}
			time.Sleep(time.Millisecond)
		}
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			close(gate)
			if err := <-done; err != nil {
				t.Errorf("holding write: %v", err)
			}
		})
	}
	t.Cleanup(release)
	return queued, release
}

func TestGroupCommitSharesCommits(t *testing.T) {
	const writers = 40
	db, _ := openTest(t)
	fund(t, db, 1_000_000_000)
	queued, release := holdCommitter(t, db)
	updates0 := db.c.updates.Load() // the holding Update is already counted

	var wg sync.WaitGroup
	refs := make([]string, writers)
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() {
			tx, err := db.Begin(newTxn(1000))
			refs[i], errs[i] = tx.PartnerReferenceNo, err
		})
	}
	queued(writers)
	release()
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Fatalf("writer %d: %v", i, err)
		}
	}
	// One shared Update for all forty.
	if got := db.c.updates.Load() - updates0; got != 1 {
		t.Fatalf("%d writers queued together took %d Updates, want 1", writers, got)
	}
	seen := map[string]bool{}
	for _, r := range refs {
		if seen[r] {
			t.Fatalf("reference %s handed out twice", r)
		}
		seen[r] = true
	}
	if d := mustDeposit(t, db); d.Reserved != writers*1000 {
		t.Fatalf("reserved = %d", d.Reserved)
	}
	mustCheck(t, db)
}

func TestGroupCommitFailureIsIsolated(t *testing.T) {
	db, _ := openTest(t)
	if err := db.bolt.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("test")); return err }); err != nil {
		t.Fatal(err)
	}
	put := func(key string) writeFn {
		return func(tx *bolt.Tx) error { return tx.Bucket([]byte("test")).Put([]byte(key), []byte("v")) }
	}
	boom := errors.New("boom")
	failing := func(tx *bolt.Tx) error {
		if err := put("fail")(tx); err != nil {
			return err
		}
		return boom
	}
	queued, release := holdCommitter(t, db)
	commits0 := db.c.commits.Load()

	// Queue ok1, ok2, failing, ok3, ok4 in that order.
	fns := []writeFn{put("ok1"), put("ok2"), failing, put("ok3"), put("ok4")}
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Go(func() { errs[i] = db.write(fn) })
		queued(i + 1)
	}
	release()
	wg.Wait()

	for i, err := range errs {
		want := error(nil)
		if i == 2 {
			want = boom
		}
		if !errors.Is(err, want) && err != want {
			t.Errorf("write %d: error %v, want %v", i, err, want)
		}
	}
	_ = db.bolt.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("test"))
		for _, k := range []string{"ok1", "ok2", "ok3", "ok4"} {
			if b.Get([]byte(k)) == nil {
				t.Errorf("%s lost because another write in its batch failed", k)
			}
		}
		if b.Get([]byte("fail")) != nil {
			t.Error("the failed write's change was committed")
		}
		return nil
	})
	// The holding write, ok1+ok2 together, ok3+ok4 together.
	if got := db.c.commits.Load() - commits0; got != 3 {
		t.Errorf("%d commits, want 3", got)
	}
}

func TestGroupCommitRealBeginsWithRefusals(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 10_000)
	queued, release := holdCommitter(t, db)
	const writers = 30
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() { _, errs[i] = db.Begin(newTxn(1000)) })
	}
	queued(writers)
	release()
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, ErrInsufficientDeposit):
			t.Fatalf("unexpected error %v", err)
		}
	}
	if ok != 10 {
		t.Fatalf("%d Begins succeeded, want 10", ok)
	}
	mustCheck(t, db)
}

func TestLoneWriterIsNotDelayed(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1_000_000)
	// A batch-window design (like bbolt's DB.Batch) makes every lone write
	// wait at least its window; the fastest of a few lone writes must beat
	// that window by far. (The minimum is robust to a busy machine.)
	window := db.bolt.MaxBatchDelay // bbolt's DB.Batch window (10ms)
	best := time.Hour
	for range 10 {
		updates0 := db.c.updates.Load()
		start := time.Now()
		tx := mustBegin(t, db, newTxn(1))
		best = min(best, time.Since(start))
		if got := db.c.updates.Load() - updates0; got != 1 {
			t.Fatalf("a lone write took %d Updates", got)
		}
		if _, err := db.Get(tx.PartnerReferenceNo); err != nil {
			t.Fatalf("lone write not visible when Begin returned: %v", err)
		}
	}
	if best >= window {
		t.Fatalf("fastest lone write took %v, at least bbolt's batch window %v", best, window)
	}
}

func TestWritePanicBreaksTheLedger(t *testing.T) {
	db, _ := openTest(t)
	err := db.write(func(*bolt.Tx) error { panic("kaput") })
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "kaput") {
		t.Fatalf("write that panicked returned %v, want ErrDamaged naming the panic", err)
	}
	// Nothing more is read or written by this process.
	if _, err := db.SetBalance(10, time.Time{}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("write after a panic: %v, want ErrDamaged", err)
	}
	if _, err := db.Deposit(); !errors.Is(err, ErrDamaged) {
		t.Fatalf("read after a panic: %v, want ErrDamaged", err)
	}
}

func TestCloseCommitsQueuedWrites(t *testing.T) {
	path := fmt.Sprintf("%s/ledger.db", t.TempDir())
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	fund(t, db, 1_000_000)
	queued, release := holdCommitter(t, db)
	const writers = 10
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() { _, errs[i] = db.Begin(newTxn(1)) })
	}
	queued(writers)
	closed := make(chan error)
	go func() { closed <- db.Close() }()
	release()
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("queued write lost at Close: %v", err)
		}
	}
	_, err = db.Begin(newTxn(1))
	wantErr(t, err, ErrClosed)

	db, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if open, _ := db.Open(); len(open) != writers {
		t.Fatalf("%d txns after reopen, want %d", len(open), writers)
	}
}
