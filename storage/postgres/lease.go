package postgres

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// How a lease ends when its process dies.
//
// A lease is a row of txn_leases naming its holder (the process that holds
// it). Every DB holds, for as long as it is open, a session-level advisory
// lock of its own — (holderLockSpace, the first 32 bits of MD5(holder)) —
// on a connection of its own that is not part of the pool (the holder
// connection). A lease is taken over when its holder is this handle, when
// it expired, or when its holder's advisory lock is free: the holder's
// session has ended, because its process died (SIGKILL, a crash, a power
// cut: the server sees the socket close, or TCP keepalive gives up on it),
// or the server terminated it. So a dead process's leases are free at
// once, not after their expiry; expiry still bounds a live holder that
// does not let go.
//
// No advisory lock is ever taken on a pooled connection (the take-over
// test is transaction-scoped, pg_try_advisory_xact_lock, which the server
// releases when the statement's transaction ends), so a lock cannot leak
// to another user of the pool. The holder connection is closed by Close;
// if it breaks while the process lives (a restart of the server, a
// network cut) the process's leases are free to others until the watchdog
// reconnects and takes the lock again, within holderPing or so — safe for
// money: an early status check of a call still in flight settles only on
// a final answer, and OVO's "not found" is not final before the call's
// deadline and NotFoundGrace have passed.

// DefaultInflightLease is how long Begin's lease lasts when
// Options.InflightLease is zero: longer than the cashier's call deadline.
// It bounds a live process only: a process that dies releases at once.
const DefaultInflightLease = 2 * time.Minute

// holderLockSpace is the first key of the holders' advisory locks ("ovoL"
// in ASCII). The two-int form never meets a one-bigint key such as the
// migrations' lock.
const holderLockSpace int32 = 0x6f766f4c

// holderPing is how often the holder connection is checked, and retaken
// when it broke.
const holderPing = 2 * time.Second

// Holder keepalive on the holder connection (TCP only; a unix socket
// closes with its process): the server gives up on a holder that stopped
// answering after idle + count × interval seconds of silence — about 20 s
// — or when data it sent stays unacknowledged for tcp_user_timeout, and
// then releases its lock.
const (
	holderKeepaliveIdle     = 5
	holderKeepaliveInterval = 5
	holderKeepaliveCount    = 3
	holderUserTimeoutMillis = 20_000
)

// holderKey is the SQL for the key of holder name expr in holderLockSpace:
// the first 32 bits of its MD5. Two live holders never share a key: Open
// picks another name when the key's lock is taken. A dead holder may share
// its key with a live one by chance (about one in 2³² per pair): its
// leases then look alive and end by expiry, as all leases did before.
func holderKey(expr string) string { return "('x' || left(md5(" + expr + "), 8))::bit(32)::int" }

// Lease takes the lease on open transaction ref for ttl, for this handle
// (its holder name), in one statement: granted when no other holder has
// a lease on it that is unexpired and whose holder is alive (holds its
// advisory lock); this holder's own is renewed. release gives it back
// (best effort: a lease not given back ends when it expires or this
// process dies). ok false means another live process holds it: do not
// check the transaction now. Expiry is read on the database's clock.
func (db *DB) Lease(ref string, ttl time.Duration) (release func(), ok bool, err error) {
	err = db.withCtx(func(ctx context.Context) error {
		rows, err := db.pool.Query(ctx, `INSERT INTO txn_leases (ref, holder, expires_at)
			VALUES ($1, $2, clock_timestamp() + $3 * INTERVAL '1 microsecond')
			ON CONFLICT (ref) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
			WHERE txn_leases.holder = EXCLUDED.holder OR txn_leases.expires_at < clock_timestamp()
				OR pg_try_advisory_xact_lock($4, `+holderKey("txn_leases.holder")+`)
			RETURNING holder`, ref, db.holder, ttl.Microseconds(), holderLockSpace)
		if err != nil {
			return err
		}
		defer rows.Close()
		ok = rows.Next()
		rows.Close()
		return rows.Err()
	})
	if err != nil || !ok {
		return func() {}, false, err
	}
	return func() {
		_ = db.withCtx(func(ctx context.Context) error {
			st := dropLeaseStmt(ref, db.holder)
			_, err := db.pool.Exec(ctx, st.sql, st.args...)
			return err
		})
	}, true, nil
}

// leaseStmt is the statement giving holder the lease on ref (a
// transaction being written in the same database transaction) for ttl.
// It fails, and with it the transaction, when holder's lock is free — its
// holder session ended (a server restart, a cut) and the watchdog has not
// taken it back yet — since such a lease would protect nothing: the error
// matches holderLost, and retry takes the lock back and runs the
// transaction again.
func leaseStmt(ref, holder string, ttl time.Duration) stmt {
	return stmt{`INSERT INTO txn_leases (ref, holder, expires_at)
		VALUES ($1, CASE WHEN pg_try_advisory_xact_lock($4, ` + holderKey("$2::text") + `) THEN NULL ELSE $2 END,
			clock_timestamp() + $3 * INTERVAL '1 microsecond')
		ON CONFLICT (ref) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at`,
		[]any{ref, holder, ttl.Microseconds(), holderLockSpace}}
}

// holderLost reports leaseStmt's failure for want of the holder lock.
func holderLost(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23502" && pe.TableName == "txn_leases" && pe.ColumnName == "holder"
}

// dropLeaseStmt is the statement removing holder's lease on ref ("" holder:
// anyone's).
func dropLeaseStmt(ref, holder string) stmt {
	return stmt{`DELETE FROM txn_leases WHERE ref = $1 AND ($2 = '' OR holder = $2)`, []any{ref, holder}}
}

// ErrHolderInUse is Open's error when Options.Holder names a holder whose
// lock another open handle holds.
var ErrHolderInUse = errors.New("postgres: lease holder name in use by another open ledger")

// holderConn is the connection that holds this handle's holder lock, and
// the watchdog that keeps it.
type holderConn struct {
	cfg      *pgx.ConnConfig
	name     string
	mu       sync.Mutex // guards conn and held (pgx.Conn is not safe for concurrent use)
	conn     *pgx.Conn
	held     bool
	gen      atomic.Uint64 // generation: connections made (the first is 0)
	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
}

// openHolder connects the holder connection and takes the holder lock:
// under name when it is not "", else under a random name (another one
// when that name's key is taken). It starts the watchdog.
func openHolder(ctx context.Context, cfg *pgx.ConnConfig, name string) (*holderConn, error) {
	h := &holderConn{cfg: cfg.Copy(), stop: make(chan struct{}), done: make(chan struct{})}
	conn, err := pgx.ConnectConfig(ctx, h.cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect the lease holder: %w", err)
	}
	for try := 0; ; try++ {
		n := name
		if n == "" {
			n = "p" + randomDigits(12)
		}
		ok, err := lockHolder(ctx, conn, n)
		if err != nil {
			conn.Close(context.Background())
			return nil, fmt.Errorf("postgres: lease holder lock: %w", err)
		}
		if ok {
			h.name, h.conn, h.held = n, conn, true
			break
		}
		if name != "" || try >= 10 {
			conn.Close(context.Background())
			return nil, fmt.Errorf("%w: %q", ErrHolderInUse, n)
		}
	}
	go h.watch()
	return h, nil
}

// lockHolder takes holder name's lock on conn (a session lock: until the
// session ends) and sets the session's keepalives and name; ok false
// means another session holds it.
func lockHolder(ctx context.Context, conn *pgx.Conn, name string) (ok bool, err error) {
	err = conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, `+holderKey("$2::text")+`),
		set_config('application_name', 'ovocashier lease ' || $2, false),
		set_config('tcp_keepalives_idle', $3, false), set_config('tcp_keepalives_interval', $4, false),
		set_config('tcp_keepalives_count', $5, false), set_config('tcp_user_timeout', $6, false)`,
		holderLockSpace, name, fmt.Sprint(holderKeepaliveIdle), fmt.Sprint(holderKeepaliveInterval),
		fmt.Sprint(holderKeepaliveCount), fmt.Sprint(holderUserTimeoutMillis)).Scan(&ok, nil, nil, nil, nil, nil)
	return ok, err
}

// watch checks the holder connection every holderPing until halt.
func (h *holderConn) watch() {
	defer close(h.done)
	t := time.NewTicker(holderPing)
	defer t.Stop()
	for {
		select {
		case <-h.stop:
			return
		case <-t.C:
			h.check()
		}
	}
}

// check pings the holder connection and, when it broke or lost the lock,
// connects again and retakes the lock under the same name.
func (h *holderConn) check() { h.retake(false, 0) }

// generation counts the holder connections made so far.
func (h *holderConn) generation() uint64 { return h.gen.Load() }

// retake is check, or with lost, what to do when a statement found the
// lock free (leaseStmt) while generation gen was the connection: replace
// it without asking it — unless it was replaced since.
func (h *holderConn) retake(lost bool, gen uint64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if lost && h.gen.Load() != gen {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*holderPing)
	defer cancel()
	if h.conn != nil && h.held && !lost {
		if err := h.conn.Ping(ctx); err == nil {
			return
		}
	}
	if h.conn != nil {
		h.conn.Close(ctx)
		h.conn, h.held = nil, false
	}
	conn, err := pgx.ConnectConfig(ctx, h.cfg)
	if err != nil {
		return // the next tick tries again
	}
	ok, err := lockHolder(ctx, conn, h.name)
	if err != nil || !ok { // held by a take-over statement for an instant: try again
		conn.Close(ctx)
		return
	}
	h.conn, h.held = conn, true
	h.gen.Add(1)
}

// isHeld reports whether the holder lock is held now, as far as the last
// check knows.
func (h *holderConn) isHeld() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.held
}

// pid is the server process of the holder connection (0 when there is
// none), for tests that end it.
func (h *holderConn) pid() uint32 {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.conn == nil {
		return 0
	}
	return h.conn.PgConn().PID()
}

// halt stops the watchdog (after the check under way, if any): the holder
// connection is no longer kept.
func (h *holderConn) halt() {
	h.stopOnce.Do(func() { close(h.stop) })
	<-h.done
}

// close stops the watchdog and ends the holder session: the server
// releases the lock, and with it every lease of this handle.
func (h *holderConn) close() {
	h.halt()
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		// Let go before the session ends, so that the leases are free when
		// Close returns (the server ends a closed session a moment later).
		_, _ = h.conn.Exec(ctx, `SELECT pg_advisory_unlock_all()`)
		h.conn.Close(ctx)
		cancel()
		h.conn, h.held = nil, false
	}
}
