package postgres

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// DefaultTimeout bounds each ledger call when Options.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// Options tune Open. The zero value (with a URL) is what production uses.
type Options struct {
	// Outlet is the outlet this process serves (--outlet): transactions it
	// begins are stamped with it, and History, Search and the ranges keep
	// only that outlet's transactions. "" serves (and sees) every outlet.
	Outlet string
	// Now is the clock for CreatedAt, UpdatedAt, Change.At and reference
	// dates; nil means time.Now.
	Now func() time.Time
	// Timeout bounds each ledger call (the interface has no context);
	// zero means DefaultTimeout.
	Timeout time.Duration
	// MaxConns caps the pool's connections; zero keeps pgx's default
	// (4 or the number of CPUs, whichever is more) unless the URL says
	// pool_max_conns.
	MaxConns int32
	// Holder names this process in leases (see Lease); "" picks a random
	// one at Open. A name another open handle holds is refused
	// (ErrHolderInUse).
	Holder string
	// InflightLease bounds the lease Begin takes on the new transaction
	// while this process lives (it ends when the outcome is recorded, and
	// at once when the process dies): longer than the call to OVO may
	// take. Zero means DefaultInflightLease.
	InflightLease time.Duration
}

// DB is an open PostgreSQL ledger. It is safe for concurrent use, and any
// number of processes may open the same database at once.
type DB struct {
	pool    *pgxpool.Pool
	now     func() time.Time
	timeout time.Duration
	outlet  string
	holder  string        // this handle's name in leases (hold.name)
	hold    *holderConn   // the connection holding the holder lock
	flight  time.Duration // Options.InflightLease
	inst    string        // installation id, part of every reference
	closed  atomic.Bool

	// The audit sealer (see sealTail): kicked after each write that
	// queued an audit record; stopped by Close.
	sealKick, sealStop, sealDone chan struct{}

	begins beginGroup // Begins waiting to be committed together
}

// Open connects to the database at url (a postgres:// URL or a libpq
// key=value string), applies the migrations this program knows that the
// database lacks, and returns the ledger. A database whose schema is newer
// than this program is refused with an error matching ErrSchemaTooNew and
// left untouched. ctx bounds the connection and the migrations.
func Open(ctx context.Context, url string, opts Options) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: ledger URL: %w", err)
	}
	// Every commit waits for the WAL flush (and for synchronous standbys
	// when the server has them): a pending record is durable when Begin
	// returns, whatever the server's default.
	cfg.ConnConfig.RuntimeParams["synchronous_commit"] = "on"
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.InflightLease <= 0 {
		opts.InflightLease = DefaultInflightLease
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	db := &DB{pool: pool, now: opts.Now, timeout: opts.Timeout, outlet: opts.Outlet, flight: opts.InflightLease}
	if err := db.start(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	if db.hold, err = openHolder(ctx, cfg.ConnConfig, opts.Holder); err != nil {
		pool.Close()
		return nil, err
	}
	db.holder = db.hold.name
	db.sealKick, db.sealStop, db.sealDone = make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(db.sealDone)
		db.runSealer(db.sealKick, db.sealStop)
	}()
	// What a process that died between a commit and its seal left.
	db.kickSeal()
	return db, nil
}

// start migrates the schema and reads (or makes) the ledger's identity.
func (db *DB) start(ctx context.Context) error {
	if err := migrate(ctx, db.pool); err != nil {
		return err
	}
	now := ledger.NanosOf(db.nowUTC())
	return db.retry(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO ledger_meta (id, installation_id, created_ns) VALUES (1, $1, $2)
			ON CONFLICT (id) DO NOTHING`, randomDigits(12), now); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT installation_id FROM ledger_meta WHERE id = 1`).Scan(&db.inst)
	})
}

// Close seals the audit records this handle queued (best effort: what it
// cannot seal now the next seal of any process does), ends the holder
// session (this handle's leases are free to others at once) and closes
// the pool. Every method called after Close returns ErrClosed; Close may
// be called again and returns nil.
func (db *DB) Close() error {
	if db.closed.CompareAndSwap(false, true) {
		close(db.sealStop)
		<-db.sealDone
		ctx, cancel := context.WithTimeout(context.Background(), db.timeout)
		_ = db.seal(ctx)
		cancel()
		db.hold.close()
		db.pool.Close()
	}
	return nil
}

// Pool is the connection pool, for the other parts of this package's
// callers that need SQL of their own (tests, migrate, fleet).
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Outlet is the outlet this handle serves ("" for every outlet).
func (db *DB) Outlet() string { return db.outlet }

// Meta returns the ledger's schema version, installation id and creation time.
func (db *DB) Meta() (ledger.Meta, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return ledger.Meta{}, err
	}
	defer cancel()
	var m ledger.Meta
	var created int64
	err = db.pool.QueryRow(ctx, `SELECT m.installation_id, m.created_ns, (SELECT max(version) FROM schema_migrations)
		FROM ledger_meta m WHERE m.id = 1`).Scan(&m.InstallationID, &created, &m.SchemaVersion)
	if err != nil {
		return ledger.Meta{}, db.wrap(err)
	}
	m.CreatedAt = ledger.TimeOfNanos(created)
	return m, nil
}

// ctx is a context bounded by the call timeout; ErrClosed after Close.
func (db *DB) ctx() (context.Context, context.CancelFunc, error) {
	if db.closed.Load() {
		return nil, nil, ledger.ErrClosed
	}
	ctx, cancel := context.WithTimeout(context.Background(), db.timeout)
	return ctx, cancel, nil
}

// maxRetries bounds the retries of a transaction the database aborted as a
// serialization failure or a deadlock.
const maxRetries = 20

// retry runs fn in a transaction (READ COMMITTED, PostgreSQL's default, or
// what the server defaults to) and commits it, running it again from the
// start when the database aborted it as a serialization failure (40001)
// or a deadlock (40P01), or when it wrote a lease while this handle's
// holder lock was lost (after the lock is taken back: see leaseStmt). fn
// must not have effects outside tx.
func (db *DB) retry(ctx context.Context, fn func(pgx.Tx) error) error {
	return db.retryLoop(ctx, func() error { return pgx.BeginFunc(ctx, db.pool, fn) })
}

// retryLoop runs attempt, and again (up to maxRetries times, with a short
// growing pause) while it fails with an abort the database asks the client
// to retry, or at once, after taking the holder lock back, when it wrote
// a lease while that lock was lost. attempt must leave nothing behind when
// it fails.
func (db *DB) retryLoop(ctx context.Context, attempt func() error) error {
	for n := 0; ; n++ {
		var gen uint64
		if db.hold != nil {
			gen = db.hold.generation()
		}
		err := attempt()
		if holderLost(err) && db.hold != nil && n < maxRetries {
			db.hold.retake(true, gen)
			continue
		}
		if err == nil || n >= maxRetries || !retryable(err) {
			return err
		}
		backoff := time.Duration(1+n) * time.Millisecond
		select {
		case <-ctx.Done():
			return err
		case <-time.After(backoff):
		}
	}
}

// write is retry with the call timeout, and errors wrapped for the caller.
// When fn queued an audit record (appendAudit) and the commit succeeded,
// the sealer is kicked.
func (db *DB) write(fn func(ctx context.Context, tx pgx.Tx) error) error {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return err
	}
	defer cancel()
	q := new(auditQueued)
	ctx = context.WithValue(ctx, auditQueuedKey{}, q)
	err = db.retry(ctx, func(tx pgx.Tx) error { return fn(ctx, tx) })
	if err == nil && q.queued.Load() {
		db.kickSeal()
	}
	return db.wrap(err)
}

// retryable reports an abort the database asks the client to retry.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// wrap turns a closed pool into ErrClosed and leaves the rest (ledger
// errors pass through unchanged).
func (db *DB) wrap(err error) error {
	if err == nil {
		return nil
	}
	if db.closed.Load() {
		return ledger.ErrClosed
	}
	return err
}

// nowUTC is the injected clock, cleaned for storage.
func (db *DB) nowUTC() time.Time { return db.now().UTC().Round(0) }

// randomDigits is n random decimal digits.
func randomDigits(n int) string {
	s := make([]byte, n)
	for i := range s {
		d, err := rand.Int(rand.Reader, big.NewInt(10))
		if err != nil { // crypto/rand does not fail on supported platforms
			panic(err)
		}
		s[i] = byte('0' + d.Int64())
	}
	return string(s)
}

// timeNow is the wall clock for bookkeeping that is not the ledger's
// business time (when a migration was applied).
var timeNow = time.Now
