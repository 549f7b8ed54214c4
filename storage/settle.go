package storage

import (
	"errors"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// Settle records what became known about transaction ref, in one committed
// bbolt transaction, and returns the transaction as stored.
//
//   - success: assigns the next receipt number, debits the deposit mirror's
//     Balance by Amount (never below 0; see Deposit for when the debit is
//     also counted as Uncertain), releases the reservation and leaves the
//     open set.
//   - failed: releases the reservation and leaves the open set.
//   - unknown: the reservation and the open-set entry stay.
//
// pending may become unknown, success or failed; unknown may become
// unknown, success or failed. Non-empty fields of o overwrite the
// transaction's, UpdatedAt is set and a Change is appended.
//
// A transaction already final is never changed: Settle returns it as stored
// together with a *FinalError matching ErrFinal. When the stored state is the
// one o asks for, IsSameFinal(err) is true and callers treat it as success.
// An unknown ref gives ErrNotFound; an Outcome that is not Valid (a
// State other than success, failed or unknown, a bad Reason) gives
// ErrInvalid.
func (db *DB) Settle(ref string, o Outcome) (Txn, error) {
	if err := o.Validate(); err != nil {
		return Txn{}, err
	}
	return db.update(ref, o.State, func(tx *bolt.Tx, t *Txn) error {
		return settle(tx, t, o, db.nowUTC())
	})
}

// settle is Settle's change to open transaction t inside tx.
func settle(tx *bolt.Tx, t *Txn, o Outcome, now time.Time) error {
	if o.State == StateSuccess {
		seq, err := nextSeq(tx.Bucket(bucketMeta), keySeqReceipt, ledger.MaxReceiptSeq)
		if err != nil {
			return err
		}
		t.ReceiptNo = ledger.FormatReceipt(seq) // idx_receipt gets it at the fold (queue.go)
	}
	if o.State.Final() {
		dep := readDeposit(tx)
		dep.Reserved -= t.Amount
		if o.State == StateSuccess {
			seq, _ := refSeq(t.PartnerReferenceNo)
			if err := debit(tx, &dep, t.Amount, seq); err != nil {
				return err
			}
		}
		if err := writeDeposit(tx, &dep); err != nil {
			return err
		}
		if err := tx.Bucket(bucketOpen).Delete([]byte(t.PartnerReferenceNo)); err != nil {
			return err
		}
	}
	o.Apply(t, now)
	_, err := appendAudit(tx, auditTxn("settle", t, "", "ovo", string(o.State)+" "+o.Code), now)
	return err
}

// NoteCheck records a status check of transaction ref that did not settle
// it: StatusChecks is incremented, LastStatus set (if lastStatus is not
// empty) and UpdatedAt set, in one commit, without a state change or a
// Change entry. A final transaction is left unchanged and returned with a
// *FinalError matching ErrFinal; an unknown ref gives ErrNotFound.
func (db *DB) NoteCheck(ref, lastStatus string) (Txn, error) {
	return db.update(ref, "", func(_ *bolt.Tx, t *Txn) error {
		t.StatusChecks++
		ledger.Overwrite(&t.LastStatus, lastStatus)
		t.UpdatedAt = db.nowUTC()
		return nil
	})
}

// update loads open transaction ref, lets change modify it (and anything
// else in tx) and stores it, all in one write; attempted is the state being
// recorded, for the FinalError. A final transaction is refused without a
// write, after a cheap read-only check.
func (db *DB) update(ref string, attempted State, change func(*bolt.Tx, *Txn) error) (Txn, error) {
	load := func(tx *bolt.Tx) (Txn, error) {
		t, err := newTxnReader(tx).getOpen(ref)
		if err != nil {
			return Txn{}, err
		}
		if t.State.Final() {
			return t, &FinalError{Ref: ref, State: t.State, Attempted: attempted}
		}
		return t, nil
	}
	// Most refusals are found without disturbing the committer; an open
	// transaction is told by the head of its value, decoded by the write.
	var out Txn
	err := db.view(func(tx *bolt.Tx) (err error) {
		r := newTxnReader(tx)
		var buf [32]byte
		if v, found := r.openValue(ref); found {
			if h, ok := headOf(v, buf[:]); ok && !h.state.Final() {
				return nil
			}
		}
		out, err = load(tx)
		return err
	})
	if err != nil {
		return settled(out, err)
	}
	err = db.write(func(tx *bolt.Tx) error {
		t, err := load(tx)
		out = t
		if err != nil {
			return err
		}
		ovoRef, receipt, wasPending := t.ReferenceNo, t.ReceiptNo, t.State == StatePending
		if err := change(tx, &t); err != nil {
			return err
		}
		if err := putTxn(tx, &t); err != nil {
			return err
		}
		out = t
		if (wasPending && t.State != StatePending) || t.ReferenceNo != ovoRef || t.ReceiptNo != receipt {
			// Its first outcome, a new OVO reference or its receipt
			// number: the index entries, queued (queue.go).
			return queueIndex(tx, &t)
		}
		return nil
	})
	return settled(out, err)
}

// settled is what update hands back: the stored transaction with a nil
// error or an ErrFinal, and nothing with any other error.
func settled(t Txn, err error) (Txn, error) {
	switch {
	case err == nil, errors.Is(err, ErrFinal):
		return t, err
	default:
		return Txn{}, err
	}
}
