package ledger

import (
	"context"
	"time"
)

// MakerDayLocker is implemented by a ledger that several processes share
// (PostgreSQL) so that a maker's per-day approval limit stays exact across
// them. LockMakerDay takes a lock on operator's transactions of kind, held
// across every process sharing the ledger until unlock is called, and
// returns, read under that lock, what operator has sent of kind (every
// transaction of theirs created in [from, to) that is not failed) plus what
// they hold for approval (awaiting or approved, created on or after from).
// While one caller holds the lock, no other caller of LockMakerDay for the
// same operator and kind gets it, so a check of the total followed by the
// Begin (or HoldApproval) it allows, made before unlock, cannot be
// overtaken by another process's. Operator names are compared without
// regard to case. unlock is safe to call more than once; a process that
// dies releases its locks.
//
// A ledger held by one process (bbolt) need not implement it: the cashier
// keeps that ledger's day totals itself.
type MakerDayLocker interface {
	LockMakerDay(ctx context.Context, operator string, kind Kind, from, to time.Time) (total int64, unlock func(), err error)
}
