package postgres

import (
	"context"
	"time"
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
		_ = db.withCtx(func(ctx context.Context) error {
			st := dropLeaseStmt(ref, db.holder)
			_, err := db.pool.Exec(ctx, st.sql, st.args...)
			return err
		})
	}, true, nil
}

// leaseStmt is the statement giving holder the lease on ref (a
// transaction being written in the same database transaction) for ttl.
func leaseStmt(ref, holder string, ttl time.Duration) stmt {
	return stmt{`INSERT INTO txn_leases (ref, holder, expires_at)
		VALUES ($1, $2, clock_timestamp() + $3 * INTERVAL '1 microsecond')
		ON CONFLICT (ref) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at`,
		[]any{ref, holder, ttl.Microseconds()}}
}

// dropLeaseStmt is the statement removing holder's lease on ref ("" holder:
// anyone's).
func dropLeaseStmt(ref, holder string) stmt {
	return stmt{`DELETE FROM txn_leases WHERE ref = $1 AND ($2 = '' OR holder = $2)`, []any{ref, holder}}
}
