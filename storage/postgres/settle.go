package postgres

import (
	"context"
	"errors"
	"fmt"

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
func (db *DB) Settle(ref string, o ledger.Outcome) (ledger.Txn, error) {
	if o.State != ledger.StateSuccess && o.State != ledger.StateFailed && o.State != ledger.StateUnknown {
		return ledger.Txn{}, &ledger.ValidationError{Field: "Outcome.State", Problem: fmt.Sprintf("%q is not success, failed or unknown", o.State)}
	}
	return db.update(ref, o.State, func(ctx context.Context, tx pgx.Tx, t *ledger.Txn) error {
		now := db.nowUTC()
		if o.State == ledger.StateSuccess {
			var seq int64
			if err := tx.QueryRow(ctx, `SELECT nextval('receipt_seq')`).Scan(&seq); err != nil {
				return fmt.Errorf("postgres: receipt sequence: %w", err)
			}
			t.ReceiptNo = ledger.FormatReceipt(uint64(seq))
		}
		ovoRef := t.ReferenceNo
		o.Apply(t, now)
		put, err := putTxnStmt(t)
		if err != nil {
			return err
		}
		var search, dep stmt
		if t.ReferenceNo != ovoRef {
			search = indexSearch(t)
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
			dep = settleDeposit(t.PartnerReferenceNo, t.Amount, debit) // last: the deposit row is held to the commit
		}
		if _, err := execAll(ctx, tx, put, search, dropLeaseStmt(t.PartnerReferenceNo, holder), dep); err != nil {
			return err
		}
		_, err = db.appendAudit(ctx, tx, auditTxn("settle", t, "", "ovo", string(o.State)+" "+o.Code), now)
		return err
	})
}

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
