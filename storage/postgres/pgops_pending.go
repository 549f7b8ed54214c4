package postgres

// PLACEHOLDER until helper pgops's files land (they delete this file when
// they merge): shift.go defines querier, rangeNanos and stampShift,
// audit.go appendAudit. Until then, on PostgreSQL, Begin and Settle write
// no audit record and Begin does not check that its shift is open — the
// core contract (transactions, deposit, history, search, leases) does not
// depend on either.

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// querier is what both the pool and a transaction answer.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// appendAudit appends e to the audit chain inside tx (audit.go: pgops).
func (db *DB) appendAudit(context.Context, pgx.Tx, ledger.AuditEntry, time.Time) (ledger.AuditRecord, error) {
	return ledger.AuditRecord{}, nil
}

// stampShift checks that shift shiftID is open inside tx (shift.go: pgops).
func stampShift(context.Context, pgx.Tx, string) error { return nil }

// rangeNanos is a range bound as stored: Unix nanoseconds, the zero time
// (and anything before 1970) as 0, clamped at the largest.
func rangeNanos(t time.Time) int64 {
	switch {
	case t.IsZero() || t.Before(time.Unix(0, 0)):
		return 0
	case t.After(time.Unix(0, 1<<63-1)):
		return 1<<63 - 1
	}
	return t.UnixNano()
}
