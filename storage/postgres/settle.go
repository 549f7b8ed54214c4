package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Settle records what became known about transaction ref, in one committed
// database transaction that holds the transaction's row lock throughout,
// and returns the transaction as stored.
//
//   - success: assigns the next receipt number (a database sequence),
//     debits the deposit mirror's Balance by Amount (never below 0; counted
//     as Uncertain when the transaction was open at the last reading),
//     releases the reservation;
//   - failed: releases the reservation;
//   - unknown: the reservation stays.
//
// A transaction already final is never changed, by this process or any
// other: Settle returns it as stored with a *FinalError matching ErrFinal
// (IsSameFinal when it is the state asked for). An unknown ref gives
// ErrNotFound; o.State other than success, failed or unknown ErrInvalid.
//
// Two round trips: the first begins the transaction and locks and reads
// the row (with the receipt number when it is to be a success); the
// second writes everything and commits. The deposit row, which every
// Begin of the merchant locks, is not touched: what Settle does to the
// mirror goes to one of the deposit's shard rows (settleDeposit).
func (db *DB) Settle(ref string, o ledger.Outcome) (ledger.Txn, error) {
	if o.State != ledger.StateSuccess && o.State != ledger.StateFailed && o.State != ledger.StateUnknown {
		return ledger.Txn{}, &ledger.ValidationError{Field: "Outcome.State", Problem: fmt.Sprintf("%q is not success, failed or unknown", o.State)}
	}
	ctx, cancel, err := db.ctx()
	if err != nil {
		return ledger.Txn{}, err
	}
	defer cancel()
	var out ledger.Txn
	err = db.retryLoop(ctx, func() (err error) {
		out, err = db.settlePipelined(ctx, ref, o)
		return err
	})
	switch {
	case err == nil:
		db.kickSeal()
		return out, nil
	case errors.Is(err, ledger.ErrFinal):
		return out, err
	default:
		return ledger.Txn{}, db.wrap(err)
	}
}

// settlePipelined is one attempt of Settle, on a connection of its own.
func (db *DB) settlePipelined(ctx context.Context, ref string, o ledger.Outcome) (t ledger.Txn, err error) {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return ledger.Txn{}, err
	}
	defer func() {
		if conn.Conn().PgConn().TxStatus() != 'I' {
			// Failed or abandoned in the middle: nothing of it stays.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
			if _, rerr := conn.Exec(rctx, "ROLLBACK"); rerr != nil {
				conn.Conn().Close(rctx) // the pool drops it
			}
			cancel()
		}
		conn.Release()
	}()
	var b pgx.Batch
	b.Queue(`BEGIN`)
	// The receipt number is taken with the row, only for a success of a
	// transaction still open.
	b.Queue(`SELECT `+txnCols+`, CASE WHEN $2 AND t.state IN ('pending', 'unknown') THEN nextval('receipt_seq') END
		FROM txns t WHERE t.ref = $1 FOR UPDATE`, ref, o.State == ledger.StateSuccess)
	br := conn.SendBatch(ctx, &b)
	var receipt *int64
	_, err = br.Exec()
	if err == nil {
		t, err = scanTxn(extraRow{br.QueryRow(), []any{&receipt}})
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return ledger.Txn{}, fmt.Errorf("%w: %s", ledger.ErrNotFound, ref)
	case err != nil:
		return ledger.Txn{}, err
	case t.State.Final():
		return t, &ledger.FinalError{Ref: ref, State: t.State, Attempted: o.State}
	}
	now := db.nowUTC()
	if receipt != nil {
		t.ReceiptNo = ledger.FormatReceipt(uint64(*receipt))
	}
	ovoRef := t.ReferenceNo
	o.Apply(&t, now)
	put, err := putTxnStmt(&t)
	if err != nil {
		return ledger.Txn{}, err
	}
	var search, dep stmt
	if t.ReferenceNo != ovoRef {
		search = indexSearch(&t)
	}
	// The call's outcome is recorded: Begin's lease ends (a final
	// transaction needs no lease at all).
	holder := db.holder
	if t.State.Final() {
		holder = ""
		debit := int64(0)
		if o.State == ledger.StateSuccess {
			debit = t.Amount
		}
		dep = settleDeposit(t.PartnerReferenceNo, t.Amount, debit)
	}
	tags, err := execAll(ctx, conn, put, search, dropLeaseStmt(t.PartnerReferenceNo, holder),
		db.queueAuditStmt(ctx, auditTxn("settle", &t, "", "ovo", string(o.State)+" "+o.Code), now), dep,
		stmt{sql: `COMMIT`})
	if err != nil {
		return ledger.Txn{}, err
	}
	if tag := tags[len(tags)-1]; tag.String() != "COMMIT" {
		return ledger.Txn{}, fmt.Errorf("postgres: settle %s: the commit answered %q", ref, tag)
	}
	return t, nil
}

// extraRow is a row of txnCols followed by more columns, read into extra.
type extraRow struct {
	pgx.Row
	extra []any
}

// Scan reads the row into dest, then extra.
func (r extraRow) Scan(dest ...any) error { return r.Row.Scan(append(dest, r.extra...)...) }

// NoteCheck records a status check of transaction ref that did not settle
// it: StatusChecks is incremented, LastStatus set (if lastStatus is not
// empty) and UpdatedAt set, in one commit, without a state change or a
// Change entry. A final transaction is left unchanged and returned with a
// *FinalError matching ErrFinal; an unknown ref gives ErrNotFound.
func (db *DB) NoteCheck(ref, lastStatus string) (ledger.Txn, error) {
	return db.update(ref, "", func(ctx context.Context, tx pgx.Tx, t *ledger.Txn) error {
		t.StatusChecks++
		ledger.Overwrite(&t.LastStatus, lastStatus)
		t.UpdatedAt = db.nowUTC()
		return putTxn(ctx, tx, t)
	})
}

// update locks open transaction ref and lets change modify it (change
// writes it back), all in one commit; attempted is the state being
// recorded, for the FinalError. A final transaction is refused without a
// write.
func (db *DB) update(ref string, attempted ledger.State, change func(context.Context, pgx.Tx, *ledger.Txn) error) (ledger.Txn, error) {
	var out ledger.Txn
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		t, err := getTxn(ctx, tx, ref, "FOR UPDATE")
		out = t
		if err != nil {
			return err
		}
		if t.State.Final() {
			return &ledger.FinalError{Ref: ref, State: t.State, Attempted: attempted}
		}
		if err := change(ctx, tx, &t); err != nil {
			return err
		}
		out = t
		return nil
	})
	switch {
	case err == nil, errors.Is(err, ledger.ErrFinal):
		return out, err
	default:
		return ledger.Txn{}, err
	}
}

// MarkPrinted records that n more slips of transaction ref were printed, in
// one commit, and returns the transaction as stored. It is the only change
// a final transaction takes. An unknown ref gives ErrNotFound.
func (db *DB) MarkPrinted(ref string, n int) (ledger.Txn, error) {
	var out ledger.Txn
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		var err error
		out, err = scanTxn(tx.QueryRow(ctx, `UPDATE txns t SET printed = t.printed + $2 WHERE t.ref = $1 RETURNING `+txnCols,
			ref, max(n, 0)))
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%w: %s", ledger.ErrNotFound, ref)
		}
		return err
	})
	if err != nil {
		return ledger.Txn{}, err
	}
	return out, nil
}
