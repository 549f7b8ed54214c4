package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Batches (migration 0012), with the bbolt ledger's semantics and
// invariants (storage/batch.go):
//
//   - A row is linked to at most one open or successful transaction: its
//     Ref is written in the same commit as the transaction's pending record
//     (BeginBatchRow), under the batch row's lock, so two processes running
//     the same batch never begin a row twice.
//   - batches.reserved is the part of the deposit mirror's Reserved held
//     for the approved rows not yet begun: deposit.reserved = open
//     transactions + held approvals + every batch's reserved.
//
// Every change locks the batch's row first (FOR UPDATE), then the deposit
// row, then the audit head: the same order as everywhere else.

// CreateBatch stores a new batch and its rows in one commit and returns it
// with its id. A batch whose Hash was loaded before is refused with a
// *ledger.BatchLoadedError unless again is true; then it is stored with
// DuplicateOf naming the first. Two processes loading the same file at once
// store one first batch; the other is refused (or marked a duplicate).
func (db *DB) CreateBatch(b ledger.Batch, rows []ledger.BatchRow, again bool) (ledger.Batch, error) {
	var out ledger.Batch
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		out = b
		first, err := firstBatch(ctx, tx, b.Hash)
		if err != nil {
			return err
		}
		if first != "" {
			if !again {
				return &ledger.BatchLoadedError{ID: first}
			}
			out.DuplicateOf = first
		}
		var seq int64
		if err := tx.QueryRow(ctx, `SELECT nextval('batch_seq')`).Scan(&seq); err != nil {
			return err
		}
		out.ID = ledger.BatchID(uint64(seq))
		out.LoadedAt = db.nowUTC()
		out.Unchecked = 0
		for i := range rows {
			if rows[i].State == ledger.RowLoaded {
				out.Unchecked++
			}
		}
		doc, err := json.Marshal(out)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `INSERT INTO batches (id, outlet_id, hash, first, reserved, doc) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (hash) WHERE first DO NOTHING`, out.ID, db.outlet, b.Hash, out.DuplicateOf == "", out.Reserved, string(doc))
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 { // another process loaded the same file since the check
			first, err := firstBatch(ctx, tx, b.Hash)
			if err != nil {
				return err
			}
			return &ledger.BatchLoadedError{ID: first}
		}
		batch := &pgx.Batch{}
		for i := range rows {
			doc, err := json.Marshal(rows[i])
			if err != nil {
				return err
			}
			batch.Queue(`INSERT INTO batch_rows (outlet_id, batch_id, line, doc) VALUES ($1, $2, $3, $4)`, db.outlet, out.ID, rows[i].Line, string(doc))
		}
		return tx.SendBatch(ctx, batch).Close()
	})
	if err != nil {
		var le *ledger.BatchLoadedError
		if errors.As(err, &le) {
			return ledger.Batch{}, le
		}
		return ledger.Batch{}, err
	}
	return out, nil
}

// firstBatch is the id of the first batch loaded from content hash, "" if none.
func firstBatch(ctx context.Context, q querier, hash string) (string, error) {
	var id string
	err := q.QueryRow(ctx, `SELECT id FROM batches WHERE hash = $1 AND first`, hash).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// GetBatch returns the batch id, or an error matching ledger.ErrBatchNotFound.
func (db *DB) GetBatch(id string) (ledger.Batch, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return ledger.Batch{}, err
	}
	defer cancel()
	b, _, err := db.getBatch(ctx, db.pool, id, "")
	return b, db.wrap(err)
}

// Batches returns every batch, newest first (of this handle's outlet when
// it has one).
func (db *DB) Batches() ([]ledger.Batch, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return nil, err
	}
	defer cancel()
	rows, err := db.pool.Query(ctx, `SELECT doc FROM batches WHERE $1 = '' OR outlet_id = $1 ORDER BY id DESC`, db.outlet)
	if err != nil {
		return nil, db.wrap(err)
	}
	out, err := collectDocs[ledger.Batch](rows, "batch")
	return out, db.wrap(err)
}

// BatchRows returns the rows of batch id in line order.
func (db *DB) BatchRows(id string) ([]ledger.BatchRow, error) {
	ctx, cancel, err := db.ctx()
	if err != nil {
		return nil, err
	}
	defer cancel()
	var out []ledger.BatchRow
	err = pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		_, k, err := db.getBatch(ctx, tx, id, "")
		if err != nil {
			return err
		}
		out, err = batchRows(ctx, tx, k)
		return err
	})
	return out, db.wrap(err)
}

// RecordChecks stores check results of rows of batch id in one commit. A
// row that is not waiting for (or already past) a check is left alone, and
// so is every row of an approved batch (ledger.ErrBatchState). When no row
// of the batch is left unchecked, CheckedAt is set.
func (db *DB) RecordChecks(id string, checks []ledger.RowCheck) (ledger.Batch, error) {
	var out ledger.Batch
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		b, k, err := db.getBatch(ctx, tx, id, "FOR UPDATE")
		if err != nil {
			return err
		}
		if b.Approved() {
			return fmt.Errorf("%w: batch %s is approved", ledger.ErrBatchState, id)
		}
		for _, ch := range checks {
			r, err := getRow(ctx, tx, k, ch.Line)
			if err != nil {
				return err
			}
			switch r.State {
			case ledger.RowLoaded:
				if ch.State != ledger.RowLoaded {
					b.Unchecked--
				}
			case ledger.RowReady, ledger.RowSuspected, ledger.RowMissing, ledger.RowBlocked, ledger.RowRefused:
			default:
				continue
			}
			r.State, r.AccountName, r.Fee, r.SessionID, r.Reason, r.ReasonArg = ch.State, ch.AccountName, ch.Fee, ch.SessionID, ch.Reason, ch.ReasonArg
			if err := putRow(ctx, tx, k, &r); err != nil {
				return err
			}
		}
		if b.Unchecked == 0 && b.CheckedAt.IsZero() {
			b.CheckedAt = db.nowUTC()
		}
		out = b
		return putBatch(ctx, tx, k, &b)
	})
	return out, err
}

// ApproveBatch approves batch id for approver, in one commit: every row
// checked, the rows ready to send exactly rows in number and total in sum
// (what the approver was shown), and total at most the deposit's Available
// (else an *ledger.InsufficientDepositError with the available amount: the
// shortfall is total minus it). The ready rows become approved and total is
// reserved against the deposit mirror for the batch, and audit (the
// approver's record, its Action, Ref and Amount set here) is appended to
// the audit trail in the same commit: an approval is never durable without
// its record. Who may approve is the caller's decision.
func (db *DB) ApproveBatch(id, approver string, rows int, total int64, audit ledger.AuditEntry) (ledger.Batch, error) {
	var out ledger.Batch
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		b, k, err := db.getBatch(ctx, tx, id, "FOR UPDATE")
		if err != nil {
			return err
		}
		if b.Approved() {
			return fmt.Errorf("%w: batch %s was already approved by %s", ledger.ErrBatchState, id, b.ApprovedBy)
		}
		all, err := batchRows(ctx, tx, k)
		if err != nil {
			return err
		}
		var ready []ledger.BatchRow
		var sum int64
		for _, r := range all {
			switch r.State {
			case ledger.RowLoaded:
				return fmt.Errorf("%w: batch %s: line %d is not checked yet", ledger.ErrBatchState, id, r.Line)
			case ledger.RowReady:
				ready = append(ready, r)
				sum += r.Amount
			}
		}
		if len(ready) != rows || sum != total {
			return fmt.Errorf("%w: batch %s has %d rows ready for %d, not %d for %d", ledger.ErrBatchState, id, len(ready), sum, rows, total)
		}
		if len(ready) == 0 {
			return fmt.Errorf("%w: batch %s has no row ready to send", ledger.ErrBatchState, id)
		}
		if err := reserveDeposit(ctx, tx, total); err != nil {
			return err
		}
		for i := range ready {
			ready[i].State, ready[i].Reserved = ledger.RowApproved, true
			if err := putRow(ctx, tx, k, &ready[i]); err != nil {
				return err
			}
		}
		now := db.nowUTC()
		b.ApprovedBy, b.ApprovedAt, b.ApprovedRows, b.ApprovedTotal, b.Reserved = approver, now, rows, total, total
		out = b
		if err := putBatch(ctx, tx, k, &b); err != nil {
			return err
		}
		audit.Action, audit.Ref, audit.Amount = "batch-approve", id, total
		_, err = db.appendAudit(ctx, tx, audit, now)
		return err
	})
	return out, err
}

// BeginBatchRow is Begin for row line of batch id, in the same commit: the
// row must be approved and not linked to a transaction; its amount moves
// from the batch's reservation to the new pending transaction, and the row
// is linked to it (RowSent, Ref). When it returns nil the link and the
// pending record are durable together: the row is never begun again.
func (db *DB) BeginBatchRow(id string, line int, n ledger.NewTxn) (ledger.Txn, error) {
	if err := n.Validate(); err != nil {
		return ledger.Txn{}, err
	}
	var out ledger.Txn
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		b, r, k, err := db.lockedRow(ctx, tx, id, line)
		if err != nil {
			return err
		}
		if r.State != ledger.RowApproved || r.Ref != "" {
			return fmt.Errorf("%w: batch %s line %d is %s", ledger.ErrBatchState, id, line, r.State)
		}
		if n.Amount != r.Amount || n.CustomerNumber != r.Phone || n.Kind != ledger.KindDisburse {
			return fmt.Errorf("%w: batch %s line %d is a disbursement of %d to %s", ledger.ErrBatchState, id, line, r.Amount, r.Phone)
		}
		if r.Reserved {
			if err := releaseDeposit(ctx, tx, r.Amount); err != nil {
				return err
			}
			b.Reserved -= r.Amount
			r.Reserved = false
		}
		out, err = db.begin(ctx, tx, n, db.nowUTC())
		if err != nil {
			return err // the whole commit rolls back: the reservation stays with the batch
		}
		r.State, r.Ref = ledger.RowSent, out.PartnerReferenceNo
		if err := putRow(ctx, tx, k, &r); err != nil {
			return err
		}
		return putBatch(ctx, tx, k, &b)
	})
	if err != nil {
		return ledger.Txn{}, err
	}
	return out, nil
}

// RequeueBatchRow sets aside the transaction ref of row line of batch id,
// which OVO definitely refused (the caller knows why it may be sent again),
// so that the row can be sent again under a new reference: ref must be the
// row's and failed. The row's amount is reserved for the batch again when
// the deposit still has it available.
func (db *DB) RequeueBatchRow(id string, line int, ref string) (ledger.BatchRow, error) {
	var out ledger.BatchRow
	err := db.write(func(ctx context.Context, tx pgx.Tx) error {
		b, r, k, err := db.lockedRow(ctx, tx, id, line)
		if err != nil {
			return err
		}
		if r.State != ledger.RowSent || r.Ref != ref {
			return fmt.Errorf("%w: batch %s line %d is not linked to %s", ledger.ErrBatchState, id, line, ref)
		}
		t, err := getTxn(ctx, tx, ref, "")
		if err != nil {
			return err
		}
		if t.State != ledger.StateFailed {
			return fmt.Errorf("%w: transaction %s is %s, not failed", ledger.ErrBatchState, ref, t.State)
		}
		r.Tried = append(r.Tried, ref)
		r.State, r.Ref = ledger.RowApproved, ""
		switch err := reserveDeposit(ctx, tx, r.Amount); {
		case err == nil:
			b.Reserved += r.Amount
			r.Reserved = true
		case !errors.Is(err, ledger.ErrInsufficientDeposit):
			return err
		}
		if err := putRow(ctx, tx, k, &r); err != nil {
			return err
		}
		out = r
		return putBatch(ctx, tx, k, &b)
	})
	return out, err
}

// lockedRow reads batch id, locking it (FOR UPDATE: the batch's changes
// take turns), and its row line.
func (db *DB) lockedRow(ctx context.Context, tx pgx.Tx, id string, line int) (ledger.Batch, ledger.BatchRow, owned, error) {
	b, k, err := db.getBatch(ctx, tx, id, "FOR UPDATE")
	if err != nil {
		return b, ledger.BatchRow{}, k, err
	}
	r, err := getRow(ctx, tx, k, line)
	return b, r, k, err
}

// getBatch reads batch id (of this handle's outlet, else of the one outlet
// holding it: see ownerOf), locking its row with lock, and names the row.
func (db *DB) getBatch(ctx context.Context, q querier, id, lock string) (ledger.Batch, owned, error) {
	return getOwned[ledger.Batch](ctx, q, "batches", "batch", id, db.outlet, lock, fmt.Errorf("%w: %q", ledger.ErrBatchNotFound, id))
}

func putBatch(ctx context.Context, tx pgx.Tx, k owned, b *ledger.Batch) error {
	doc, err := json.Marshal(b)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE batches SET reserved = $2, doc = $3 WHERE id = $1 AND outlet_id = $4`, k.id, b.Reserved, string(doc), k.outlet)
	return err
}

func batchRows(ctx context.Context, q querier, k owned) ([]ledger.BatchRow, error) {
	rows, err := q.Query(ctx, `SELECT doc FROM batch_rows WHERE outlet_id = $2 AND batch_id = $1 ORDER BY line`, k.id, k.outlet)
	if err != nil {
		return nil, err
	}
	return collectDocs[ledger.BatchRow](rows, "batch row")
}

func getRow(ctx context.Context, q querier, k owned, line int) (ledger.BatchRow, error) {
	return getDoc[ledger.BatchRow](ctx, q, fmt.Errorf("%w: batch %s has no line %d", ledger.ErrBatchNotFound, k.id, line),
		fmt.Sprintf("batch %s line %d", k.id, line), `SELECT doc FROM batch_rows WHERE outlet_id = $3 AND batch_id = $1 AND line = $2`, k.id, line, k.outlet)
}

func putRow(ctx context.Context, tx pgx.Tx, k owned, r *ledger.BatchRow) error {
	doc, err := json.Marshal(r)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE batch_rows SET doc = $3 WHERE outlet_id = $4 AND batch_id = $1 AND line = $2`, k.id, r.Line, string(doc), k.outlet)
	return err
}
