package storage

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"
)

// maxBatch bounds how many queued writes share one commit.
const maxBatch = 128

// A writeFn is one write: it runs inside a read-write bbolt transaction and
// returns an error to have its changes discarded. The committer may run it
// more than once (after a rolled-back shared transaction), so it must start
// from scratch each time: a closure that captures results must reset them at
// its start and must not have effects outside tx.
type writeFn func(*bolt.Tx) error

// request is a write waiting for the committer.
type request struct {
	fn   writeFn
	done chan result // buffered (1); receives exactly one result
}

// result is what became of a request.
type result struct {
	err error
}

// errMemberFailed aborts a shared transaction when one of its members fails.
var errMemberFailed = errors.New("storage: a write in the shared commit failed")

// committer serialises writes and gives them group commit: a goroutine
// takes the first queued write, drains whatever else is already queued (up
// to maxBatch) without waiting for more, and runs them all in one bbolt
// Update. A lone writer (nothing queued, no Update running) runs its Update
// on its own goroutine instead; either way it is committed at once, with no
// batch window, and writers that arrive while a commit is in flight share
// the next one.
//
// If a write fails, the shared transaction is rolled back and the batch is
// redone so that the failure touches no other write: the writes before the
// failing one (which had all succeeded) are committed together, the failing
// one runs alone in its own Update, and the rest are handled the same way.
// Each caller gets its own write's error, or nil once its change is durable.
type committer struct {
	db      *bolt.DB
	reqs    chan request
	stopped chan struct{}

	mu     sync.RWMutex // held for reading while sending on reqs or committing here; Close takes it for writing
	closed bool

	busy   sync.Mutex   // held by whoever runs an Update: the committer goroutine or a lone writer (do)
	queued atomic.Int64 // requests sent on reqs and not yet answered

	updates atomic.Int64 // bolt Update calls made, committed or rolled back
	commits atomic.Int64 // bolt Update calls that committed

	readOnly bool                         // every write gets ErrReadOnly
	broken   atomic.Pointer[DamagedError] // set once the file failed under a read or a write; every later write gets it
}

// newCommitter starts the committer goroutine for db.
func newCommitter(db *bolt.DB, readOnly bool) *committer {
	c := &committer{db: db, reqs: make(chan request, maxBatch), stopped: make(chan struct{}), readOnly: readOnly}
	go c.loop()
	return c
}

// do runs fn in a committed write transaction and returns fn's error, or the
// commit's. It returns ErrClosed after close, ErrReadOnly on a read-only
// ledger, and the *DamagedError once a write panicked or faulted.
func (c *committer) do(fn writeFn) error {
	if c.readOnly {
		return ErrReadOnly
	}
	if e := c.broken.Load(); e != nil {
		return e
	}
	r := request{fn: fn, done: make(chan result, 1)}
	c.mu.RLock()
	if c.closed {
		c.mu.RUnlock()
		return ErrClosed
	}
	if c.queued.Load() == 0 && c.busy.TryLock() {
		// A lone writer commits on its own goroutine, as a raw bbolt
		// Update does: handing the write to the committer goroutine and
		// being woken by it cost two goroutine wake-ups per commit.
		// Writers arriving meanwhile queue as always and share the
		// committer's next Update.
		old := debug.SetPanicOnFault(true)
		c.run([]request{r})
		debug.SetPanicOnFault(old)
		c.busy.Unlock()
		c.mu.RUnlock()
		return (<-r.done).err
	}
	c.queued.Add(1)
	c.reqs <- r
	c.mu.RUnlock()
	return (<-r.done).err
}

// close lets queued writes finish, then stops the goroutine. Writes after
// close get ErrClosed. It is safe to call more than once.
func (c *committer) close() {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		close(c.reqs)
	}
	c.mu.Unlock()
	<-c.stopped
}

// loop is the committer goroutine. Memory faults on the mapped file become
// panics here, which update turns into a *DamagedError.
func (c *committer) loop() {
	defer close(c.stopped)
	debug.SetPanicOnFault(true)
	batch := make([]request, 0, maxBatch)
	for first := range c.reqs {
		batch = append(batch[:0], first)
		c.busy.Lock() // after a lone writer's Update, if one is running
	drain:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-c.reqs:
				if !ok {
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		c.run(batch)
		c.busy.Unlock()
		c.queued.Add(-int64(len(batch)))
		clear(batch)
	}
}

// run commits batch and answers every request in it, in order.
func (c *committer) run(batch []request) {
	for len(batch) > 0 {
		if len(batch) == 1 {
			var res result
			err := c.update(func(tx *bolt.Tx) error {
				res = c.call(batch[0].fn, tx)
				return res.err
			})
			if res.err == nil {
				res.err = err // the commit's own error
			}
			batch[0].done <- res
			return
		}

		failed := -1
		err := c.update(func(tx *bolt.Tx) error {
			failed = -1
			for i, r := range batch {
				if res := c.call(r.fn, tx); res.err != nil {
					failed = i
					return errMemberFailed
				}
			}
			return nil
		})
		switch {
		case err == nil:
			for _, r := range batch {
				r.done <- result{}
			}
			return
		case failed < 0:
			// Every write succeeded but the commit did not: give each its
			// own chance, and its own error.
			for i := range batch {
				c.run(batch[i : i+1])
			}
			return
		default:
			// batch[:failed] all succeeded on the state they will see
			// again; batch[failed] runs alone; then the rest.
			c.run(batch[:failed])
			c.run(batch[failed : failed+1])
			batch = batch[failed+1:]
		}
	}
}

// update is bolt's Update, counted. A panic or a fault inside bbolt (a
// damaged page met by a write or by the commit) is not re-raised: it marks
// the ledger broken and is returned as a *DamagedError, so the process can
// still say that an outcome is unknown rather than die.
func (c *committer) update(fn func(*bolt.Tx) error) (err error) {
	c.updates.Add(1)
	if e := c.broken.Load(); e != nil {
		return e
	}
	defer func() {
		if p := recover(); p != nil {
			e := &DamagedError{Path: c.db.Path(), Detail: fmt.Sprintf("a write failed inside bbolt: %v", p)}
			c.broken.CompareAndSwap(nil, e)
			err = c.broken.Load()
		}
	}()
	err = c.db.Update(func(tx *bolt.Tx) error {
		appendOnly(tx)
		return fn(tx)
	})
	if err == nil {
		c.commits.Add(1)
	}
	return err
}

// appendFill is the fill of the pages of the buckets whose keys only grow
// (references, receipt numbers, time keys and audit record numbers are
// issued in order): bbolt
// splits a page at FillPercent, and its default (0.5) leaves every page of
// an append-only bucket half empty forever. 0.9 packs them and leaves room
// for the outcome that a pending transaction's value gains at Settle.
const appendFill = 0.9

// appendOnly sets the fill of the append-only buckets that every write of
// a transaction touches (txns, audit) for this write transaction (bbolt
// keeps the setting on the bucket handle, not the file), and packs the
// file's root page (rootFill). idx_time and idx_receipt, written only by
// the fold, get theirs where they are written (appendBucket): opening a
// bucket costs a walk of the root page and a few allocations, at every
// commit.
func appendOnly(tx *bolt.Tx) {
	for _, name := range [][]byte{bucketTxns, bucketAudit} {
		appendBucket(tx, name)
	}
	tx.Cursor().Bucket().FillPercent = rootFill
}

// appendBucket is the bucket name of tx with its fill set to appendFill
// (nil when there is none).
func appendBucket(tx *bolt.Tx, name []byte) *bolt.Bucket {
	b := tx.Bucket(name)
	if b != nil && tx.Writable() {
		b.FillPercent = appendFill
	}
	return b
}

// rootFill is the fill of the root page, which names every bucket and holds
// the small ones inline (meta, deposit, the open set, the audit head, the
// index queue: about 2.5 KB). Every commit rewrites the part of it naming
// a bucket it changed; at bbolt's default fill (half a page) it was split
// into a branch and two leaves, and every commit wrote all three. Packed,
// it is one page (issue 17: two page writes less per commit).
const rootFill = 1.0

// call runs fn, turning a panic (bbolt panics on a damaged page; a fault
// on the mapped file is one too) into a *DamagedError that rolls the
// transaction back and marks the ledger broken: after a panic inside a
// write nothing more is written by this process.
func (c *committer) call(fn writeFn, tx *bolt.Tx) (res result) {
	defer func() {
		if p := recover(); p != nil {
			c.broken.CompareAndSwap(nil, &DamagedError{Path: c.db.Path(), Detail: fmt.Sprintf("a write panicked: %v", p)})
			res = result{err: c.broken.Load()}
		}
	}()
	return result{err: fn(tx)}
}
