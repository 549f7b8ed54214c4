package storage

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// Batches: a file of disbursements loaded as a whole, checked row by row,
// approved as a whole and sent row by row. Invariants kept by this file:
//
//   - A row is linked to at most one open or successful transaction: its
//     Ref is written in the same commit as the transaction's pending record
//     (BeginBatchRow), so a row with no Ref has never been sent, and a row
//     with a Ref is never begun again. Only a transaction that OVO
//     definitely refused may be set aside (RequeueBatchRow) to send the row
//     again under a new reference.
//   - Batch.Reserved is the part of the deposit mirror's Reserved held for
//     the approved rows not yet begun: approval adds the approved total to
//     both in one commit (after checking Available), and each row's begin
//     moves its amount from the batch to its transaction in one commit.
//     Deposit.Reserved = open transactions + every Batch.Reserved.
//
// The buckets are created by the first batch written (no migration: a
// ledger without batches has none), so reads treat a missing bucket as
// empty.

// Bucket names of the batches.
var (
	bucketBatches   = []byte("batches")    // id → Batch JSON
	bucketBatchRows = []byte("batch_rows") // id ‖ 0x00 ‖ line (8 bytes) → BatchRow JSON
	bucketBatchHash = []byte("batch_hash") // content hash → id of the first batch loaded from it
	keySeqBatch     = []byte("seq_batch")  // in meta
)

// CreateBatch stores a new batch and its rows in one commit and returns it
// with its id. A batch whose Hash was loaded before is refused with a
// *BatchLoadedError unless again is true; then it is stored with
// DuplicateOf naming the first.
func (db *DB) CreateBatch(b Batch, rows []BatchRow, again bool) (Batch, error) {
	var out Batch
	err := db.write(func(tx *bolt.Tx) error {
		out = b
		bk, rk, hk, err := batchBuckets(tx)
		if err != nil {
			return err
		}
		if first := hk.Get([]byte(b.Hash)); first != nil {
			if !again {
				return &BatchLoadedError{ID: string(first)}
			}
			out.DuplicateOf = string(first)
		}
		seq, err := nextSeq(tx.Bucket(bucketMeta), keySeqBatch, ledger.MaxBatchSeq)
		if err != nil {
			return err
		}
		out.ID = ledger.BatchID(seq)
		out.LoadedAt = db.nowUTC()
		if out.DuplicateOf == "" {
			if err := hk.Put([]byte(b.Hash), []byte(out.ID)); err != nil {
				return err
			}
		}
		out.Unchecked = 0
		for i := range rows {
			if rows[i].State == RowLoaded {
				out.Unchecked++
			}
			if err := putRow(rk, out.ID, &rows[i]); err != nil {
				return err
			}
		}
		return putBatch(bk, &out)
	})
	return out, err
}

// GetBatch returns the batch id.
func (db *DB) GetBatch(id string) (Batch, error) {
	var b Batch
	err := db.view(func(tx *bolt.Tx) (err error) {
		b, err = getBatch(tx, id)
		return err
	})
	return b, err
}

// Batches returns every batch, newest first.
func (db *DB) Batches() ([]Batch, error) {
	var out []Batch
	err := db.view(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketBatches)
		if bk == nil {
			return nil
		}
		c := bk.Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var b Batch
			if err := json.Unmarshal(v, &b); err != nil {
				return fmt.Errorf("storage: decode batch %s: %w", k, err)
			}
			out = append(out, b)
		}
		return nil
	})
	return out, err
}

// BatchRows returns the rows of batch id in line order.
func (db *DB) BatchRows(id string) ([]BatchRow, error) {
	var out []BatchRow
	err := db.view(func(tx *bolt.Tx) error {
		if _, err := getBatch(tx, id); err != nil {
			return err
		}
		return forEachRow(tx.Bucket(bucketBatchRows), id, func(r BatchRow) error {
			out = append(out, r)
			return nil
		})
	})
	return out, err
}

// RecordChecks stores check results of rows of batch id in one commit. A
// row that is not waiting for (or already past) a check is left alone, and
// so is every row of an approved batch. When no row of the batch is left
// unchecked, CheckedAt is set.
func (db *DB) RecordChecks(id string, checks []RowCheck) (Batch, error) {
	var out Batch
	err := db.write(func(tx *bolt.Tx) error {
		b, err := getBatch(tx, id)
		if err != nil {
			return err
		}
		if b.Approved() {
			return fmt.Errorf("%w: batch %s is approved", ErrBatchState, id)
		}
		rk := tx.Bucket(bucketBatchRows)
		for _, ch := range checks {
			r, err := getRow(rk, id, ch.Line)
			if err != nil {
				return err
			}
			switch r.State {
			case RowLoaded:
				if ch.State != RowLoaded {
					b.Unchecked--
				}
			case RowReady, RowSuspected, RowMissing, RowBlocked, RowRefused:
			default:
				continue
			}
			r.State, r.AccountName, r.Fee, r.SessionID, r.Reason, r.ReasonArg = ch.State, ch.AccountName, ch.Fee, ch.SessionID, ch.Reason, ch.ReasonArg
			if err := putRow(rk, id, &r); err != nil {
				return err
			}
		}
		if b.Unchecked == 0 && b.CheckedAt.IsZero() {
			b.CheckedAt = db.nowUTC()
		}
		out = b
		return putBatch(tx.Bucket(bucketBatches), &b)
	})
	return out, err
}

// ApproveBatch approves batch id for approver, in one commit: every row
// checked, the rows ready to send exactly rows in number and total in sum
// (what the approver was shown), and total at most the deposit's
// Available (else an *InsufficientDepositError with the available amount).
// The ready rows become approved and total is reserved against the
// deposit mirror for the batch, and audit (the approver's record, its
// Action, Ref and Amount set here) is appended to the audit trail in the
// same commit: an approval is never durable without its record. Who may
// approve is the caller's decision.
func (db *DB) ApproveBatch(id, approver string, rows int, total int64, audit AuditEntry) (Batch, error) {
	var out Batch
	err := db.write(func(tx *bolt.Tx) error {
		b, err := getBatch(tx, id)
		if err != nil {
			return err
		}
		if b.Approved() {
			return fmt.Errorf("%w: batch %s was already approved by %s", ErrBatchState, id, b.ApprovedBy)
		}
		rk := tx.Bucket(bucketBatchRows)
		var ready []BatchRow
		var sum int64
		err = forEachRow(rk, id, func(r BatchRow) error {
			switch r.State {
			case RowLoaded:
				return fmt.Errorf("%w: batch %s: line %d is not checked yet", ErrBatchState, id, r.Line)
			case RowReady:
				ready = append(ready, r)
				sum += r.Amount
			}
			return nil
		})
		if err != nil {
			return err
		}
		if len(ready) != rows || sum != total {
			return fmt.Errorf("%w: batch %s has %d rows ready for %d, not %d for %d", ErrBatchState, id, len(ready), sum, rows, total)
		}
		if len(ready) == 0 {
			return fmt.Errorf("%w: batch %s has no row ready to send", ErrBatchState, id)
		}
		dep := readDeposit(tx)
		if total > dep.Available {
			return &InsufficientDepositError{Available: dep.Available, Amount: total}
		}
		for i := range ready {
			ready[i].State, ready[i].Reserved = RowApproved, true
			if err := putRow(rk, id, &ready[i]); err != nil {
				return err
			}
		}
		dep.Reserved += total
		if err := writeDeposit(tx, &dep); err != nil {
			return err
		}
		now := db.nowUTC()
		b.ApprovedBy, b.ApprovedAt, b.ApprovedRows, b.ApprovedTotal, b.Reserved = approver, now, rows, total, total
		out = b
		if err := putBatch(tx.Bucket(bucketBatches), &b); err != nil {
			return err
		}
		audit.Action, audit.Ref, audit.Amount = "batch-approve", id, total
		_, err = appendAudit(tx, audit, now)
		return err
	})
	return out, err
}

// BeginBatchRow is Begin for row line of batch id, in the same commit: the
// row must be approved and not linked to a transaction; its amount moves
// from the batch's reservation to the new pending transaction, and the row
// is linked to it (RowSent, Ref). When it returns nil the link and the
// pending record are durable together: the row is never begun again.
func (db *DB) BeginBatchRow(id string, line int, n NewTxn) (Txn, error) {
	if err := n.Validate(); err != nil {
		return Txn{}, err
	}
	var out Txn
	err := db.write(func(tx *bolt.Tx) error {
		b, rk, r, err := batchRow(tx, id, line)
		if err != nil {
			return err
		}
		if r.State != RowApproved || r.Ref != "" {
			return fmt.Errorf("%w: batch %s line %d is %s", ErrBatchState, id, line, r.State)
		}
		if n.Amount != r.Amount || n.CustomerNumber != r.Phone || n.Kind != KindDisburse {
			return fmt.Errorf("%w: batch %s line %d is a disbursement of %d to %s", ErrBatchState, id, line, r.Amount, r.Phone)
		}
		if r.Reserved {
			dep := readDeposit(tx)
			dep.Reserved -= r.Amount
			if err := writeDeposit(tx, &dep); err != nil {
				return err
			}
			b.Reserved -= r.Amount
			r.Reserved = false
		}
		out, err = begin(tx, n, db.nowUTC())
		if err != nil {
			return err // the whole commit rolls back: the reservation stays with the batch
		}
		r.State, r.Ref = RowSent, out.PartnerReferenceNo
		if err := putRow(rk, id, &r); err != nil {
			return err
		}
		return putBatch(tx.Bucket(bucketBatches), &b)
	})
	if err != nil {
		return Txn{}, err
	}
	return out, nil
}

// RequeueBatchRow sets aside the transaction ref of row line of batch id,
// which OVO definitely refused (the caller knows why it may be sent again),
// so that the row can be sent again under a new reference: ref must be the
// row's and failed. The row's amount is reserved for the batch again when
// the deposit still has it available.
func (db *DB) RequeueBatchRow(id string, line int, ref string) (BatchRow, error) {
	var out BatchRow
	err := db.write(func(tx *bolt.Tx) error {
		b, rk, r, err := batchRow(tx, id, line)
		if err != nil {
			return err
		}
		if r.State != RowSent || r.Ref != ref {
			return fmt.Errorf("%w: batch %s line %d is not linked to %s", ErrBatchState, id, line, ref)
		}
		t, err := getTxn(tx, ref)
		if err != nil {
			return err
		}
		if t.State != StateFailed {
			return fmt.Errorf("%w: transaction %s is %s, not failed", ErrBatchState, ref, t.State)
		}
		r.Tried = append(r.Tried, ref)
		r.State, r.Ref = RowApproved, ""
		if dep := readDeposit(tx); dep.Available >= r.Amount {
			dep.Reserved += r.Amount
			if err := writeDeposit(tx, &dep); err != nil {
				return err
			}
			b.Reserved += r.Amount
			r.Reserved = true
		}
		if err := putRow(rk, id, &r); err != nil {
			return err
		}
		out = r
		return putBatch(tx.Bucket(bucketBatches), &b)
	})
	return out, err
}

// batchReserved is the sum of every batch's Reserved (for Check).
func batchReserved(tx *bolt.Tx) (int64, error) {
	bk := tx.Bucket(bucketBatches)
	if bk == nil {
		return 0, nil
	}
	var sum int64
	err := bk.ForEach(func(k, v []byte) error {
		var b Batch
		if err := json.Unmarshal(v, &b); err != nil {
			return fmt.Errorf("decode batch %s: %w", k, err)
		}
		sum += b.Reserved
		return nil
	})
	return sum, err
}

func batchBuckets(tx *bolt.Tx) (batches, rows, hashes *bolt.Bucket, err error) {
	if batches, err = tx.CreateBucketIfNotExists(bucketBatches); err != nil {
		return
	}
	if rows, err = tx.CreateBucketIfNotExists(bucketBatchRows); err != nil {
		return
	}
	hashes, err = tx.CreateBucketIfNotExists(bucketBatchHash)
	return
}

// batchRow reads batch id and its row line (and the rows bucket).
func batchRow(tx *bolt.Tx, id string, line int) (Batch, *bolt.Bucket, BatchRow, error) {
	b, err := getBatch(tx, id)
	if err != nil {
		return b, nil, BatchRow{}, err
	}
	rk := tx.Bucket(bucketBatchRows)
	r, err := getRow(rk, id, line)
	return b, rk, r, err
}

// forEachRow calls fn with every row of batch id in line order.
func forEachRow(rk *bolt.Bucket, id string, fn func(BatchRow) error) error {
	prefix := rowPrefix(id)
	c := rk.Cursor()
	for k, v := c.Seek(prefix); k != nil && len(k) == len(prefix)+8 && string(k[:len(prefix)]) == string(prefix); k, v = c.Next() {
		var r BatchRow
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("storage: decode row %q: %w", k, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

func getBatch(tx *bolt.Tx, id string) (Batch, error) {
	bk := tx.Bucket(bucketBatches)
	var v []byte
	if bk != nil {
		v = bk.Get([]byte(id))
	}
	if v == nil {
		return Batch{}, fmt.Errorf("%w: %q", ErrBatchNotFound, id)
	}
	var b Batch
	if err := json.Unmarshal(v, &b); err != nil {
		return Batch{}, fmt.Errorf("storage: decode batch %s: %w", id, err)
	}
	return b, nil
}

func putBatch(bk *bolt.Bucket, b *Batch) error {
	v, err := json.Marshal(b)
	if err != nil {
		return err
	}
	return bk.Put([]byte(b.ID), v)
}

func rowPrefix(id string) []byte { return append([]byte(id), 0) }

func rowKey(id string, line int) []byte {
	return binary.BigEndian.AppendUint64(rowPrefix(id), uint64(line))
}

func getRow(rk *bolt.Bucket, id string, line int) (BatchRow, error) {
	v := rk.Get(rowKey(id, line))
	if v == nil {
		return BatchRow{}, fmt.Errorf("%w: batch %s has no line %d", ErrBatchNotFound, id, line)
	}
	var r BatchRow
	if err := json.Unmarshal(v, &r); err != nil {
		return BatchRow{}, fmt.Errorf("storage: decode batch %s line %d: %w", id, line, err)
	}
	return r, nil
}

func putRow(rk *bolt.Bucket, id string, r *BatchRow) error {
	v, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return rk.Put(rowKey(id, r.Line), v)
}
