package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DefaultInflightLease is how long Begin's lease lasts when
// Options.InflightLease is zero: longer than the cashier's call deadline.
const DefaultInflightLease = 2 * time.Minute

// Lease takes the lease on open transaction ref for ttl, for this handle
// (its holder name), in one statement: granted when no other holder has
// an unexpired lease on it (an expired one is taken over; this holder's
// own is renewed). release gives it back (best effort: a lease not given
// back expires). ok false means another process holds it: do not check
// the transaction now. Expiry is read on the database's clock.
func (db *DB) Lease(ref string, ttl time.Duration) (release func(), ok bool, err error) {
	err = db.withCtx(func(ctx context.Context) error {
		rows, err := db.pool.Query(ctx, `INSERT INTO txn_leases (ref, holder, expires_at)
			VALUES ($1, $2, clock_timestamp() + $3 * INTERVAL '1 microsecond')
			ON CONFLICT (ref) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
			WHERE txn_leases.expires_at < clock_timestamp() OR txn_leases.holder = EXCLUDED.holder
			RETURNING holder`, ref, db.holder, ttl.Microseconds())
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
		_ = db.withCtx(func(ctx context.Context) error { return dropLease(ctx, db.pool, ref, db.holder) })
	}, true, nil
}

// takeLease gives this handle the lease on ref (a transaction it is
// writing now, inside tx) for ttl.
func (db *DB) takeLease(ctx context.Context, tx pgx.Tx, ref string, ttl time.Duration) error {
	_, err := tx.Exec(ctx, `INSERT INTO txn_leases (ref, holder, expires_at)
		VALUES ($1, $2, clock_timestamp() + $3 * INTERVAL '1 microsecond')
		ON CONFLICT (ref) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at`,
		ref, db.holder, ttl.Microseconds())
	return err
}

// execer is what both the pool and a transaction answer for a statement.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// dropLease removes holder's lease on ref ("" holder: anyone's).
func dropLease(ctx context.Context, q execer, ref, holder string) error {
	_, err := q.Exec(ctx, `DELETE FROM txn_leases WHERE ref = $1 AND ($2 = '' OR holder = $2)`, ref, holder)
	return err
}
