package postgres

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// LockMakerDay implements ledger.MakerDayLocker: it takes a session-level
// advisory lock on (outlet, operator folded to lower case, kind) on a
// connection of its own, held until unlock (or until that connection
// ends, as when the process dies), then reads the maker's total under it:
// the amounts of their transactions of kind created in [from, to) that
// are not failed (one SUM over the outlet's day, in the database), plus
// their approvals of kind held (awaiting or approved) created on or after
// from. Another process's Begin that its own lock allowed has committed
// before that lock is released, so the total read here includes it.
func (db *DB) LockMakerDay(ctx context.Context, operator string, kind ledger.Kind, from, to time.Time) (total int64, unlock func(), err error) {
	if db.closed.Load() {
		return 0, nil, ledger.ErrClosed
	}
	// The lock holds a connection until unlock, and the caller's Begin
	// needs another: at most half the pool holds locks, so the Begins of
	// those holding one always find a connection.
	sem := db.makerDaySlots()
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return 0, nil, ctx.Err()
	}
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		<-sem
		return 0, nil, db.wrap(err)
	}
	key := "ovocashier maker day|" + db.outlet + "|" + strings.ToLower(operator) + "|" + string(kind)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtextextended($1, 0))`, key); err != nil {
		conn.Release()
		<-sem
		return 0, nil, db.wrap(err)
	}
	var once sync.Once
	unlock = func() {
		once.Do(func() {
			uctx, cancel := context.WithTimeout(context.Background(), db.timeout)
			defer cancel()
			if _, err := conn.Exec(uctx, `SELECT pg_advisory_unlock(hashtextextended($1, 0))`, key); err != nil {
				// The session ends with the connection, and its lock with it.
				conn.Conn().Close(uctx)
			}
			conn.Release()
			<-sem
		})
	}
	err = conn.QueryRow(ctx, `SELECT COALESCE(SUM(amount), 0) FROM txns
		WHERE created_ns >= $1 AND created_ns < $2 AND ($3 = '' OR outlet_id = $3)
		AND lower(operator) = lower($4) AND kind = $5 AND state <> 'failed'`,
		rangeNanos(from), rangeNanos(to), db.outlet, operator, string(kind)).Scan(&total)
	if err != nil {
		unlock()
		return 0, nil, db.wrap(err)
	}
	rows, err := conn.Query(ctx, `SELECT doc FROM approvals
		WHERE ($1 = '' OR outlet_id = $1) AND state IN ('awaiting_approval', 'approved') ORDER BY id`, db.outlet)
	if err != nil {
		unlock()
		return 0, nil, db.wrap(err)
	}
	held, err := collectDocs[ledger.Approval](rows, "approval")
	if err != nil {
		unlock()
		return 0, nil, db.wrap(err)
	}
	for _, a := range held {
		if strings.EqualFold(a.Maker, operator) && a.Kind == kind && !a.CreatedAt.Before(from) {
			total += a.Amount
		}
	}
	return total, unlock, nil
}

// makerDaySlotsOf are the lock slots of each open DB (half its pool).
var makerDaySlotsOf sync.Map // *DB → chan struct{}

func (db *DB) makerDaySlots() chan struct{} {
	if c, ok := makerDaySlotsOf.Load(db); ok {
		return c.(chan struct{})
	}
	c, _ := makerDaySlotsOf.LoadOrStore(db, make(chan struct{}, max(1, db.pool.Config().MaxConns/2)))
	return c.(chan struct{})
}
