package storage

import (
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Check verifies the ledger's invariants with a full scan and returns every
// violation found (joined), or nil: each transaction is stored under its own
// reference with a known state (in txns, or held in the open set while
// pending) and is in the time and phone indexes; it is in the open set
// exactly when it is not final; a success has a receipt number that the
// receipt index maps back to it; the indexes hold nothing else; the index
// queue names only transactions it holds (a pending transaction and one in
// the queue may still lack their time, phone and receipt keys: the fold
// writes them); Reserved equals the sum of the amounts of the open
// transactions; the sequences are past every number in use. It is a
// diagnostic whose cost grows with the ledger; nothing else calls it.
func (db *DB) Check() error {
	return db.view(check)
}

// check is Check inside tx.
func check(tx *bolt.Tx) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("storage: check: "+format, args...)) }

	meta := tx.Bucket(bucketMeta)
	inst := string(meta.Get(keyInstallationID))
	seqRef, seqReceipt := getU64(meta.Get(keySeqRef)), getU64(meta.Get(keySeqReceipt))
	tIdx, pIdx, rIdx, open := tx.Bucket(bucketTime), tx.Bucket(bucketPhone), tx.Bucket(bucketReceipt), tx.Bucket(bucketOpen)

	var txns, nOpen, nSuccess, queuedReceipts, timeKeys, phoneKeys int
	var reserved int64
	err := forEachTxn(tx, func(ref string, v []byte) error {
		txns++
		t, err := decodeTxn(ref, v)
		if err != nil {
			bad("%v", err)
			return nil
		}
		if t.PartnerReferenceNo != ref {
			bad("txn under %s says it is %s", ref, t.PartnerReferenceNo)
		}
		if !t.State.Valid() {
			bad("txn %s has unknown state %q", ref, t.State)
		}
		if held := len(open.Get([]byte(ref))) > 0; held && (t.State != StatePending || tx.Bucket(bucketTxns).Get(txnKey(ref, inst)) != nil) {
			bad("txn %s (%s) is held in the open set and stored in txns, or is not pending", ref, t.State)
		}
		// A pending transaction (begun since schema 6) and one settled
		// since the last fold get their time and phone keys at the fold.
		unindexed := t.State == StatePending || inQueue(tx, ref, inst)
		switch {
		case hasTimeKey(tIdx, nil, t.CreatedAt, ref, inst):
			timeKeys++
		case !unindexed:
			bad("txn %s missing from idx_time", ref)
		}
		switch {
		case hasTimeKey(pIdx, phonePrefix(t.CustomerNumber), t.CreatedAt, ref, inst):
			phoneKeys++
		case !unindexed:
			bad("txn %s missing from idx_phone", ref)
		}
		isOpen := hasKey(open, []byte(ref))
		switch {
		case t.State.Final() && isOpen:
			bad("final txn %s (%s) is in the open set", ref, t.State)
		case !t.State.Final() && !isOpen:
			bad("open txn %s (%s) is not in the open set", ref, t.State)
		}
		if !t.State.Final() {
			nOpen++
			reserved += t.Amount
		}
		if n, ok := refSeq(ref); ok && n > seqRef {
			bad("txn %s is past the reference sequence %d", ref, seqRef)
		}
		if t.State == StateSuccess {
			nSuccess++
			if t.ReceiptNo == "" {
				bad("successful txn %s has no receipt number", ref)
			} else if got := rIdx.Get([]byte(t.ReceiptNo)); got == nil && inQueue(tx, ref, inst) {
				queuedReceipts++ // idx_receipt gets it at the fold
			} else if got == nil || refOfReceiptValue(got, inst) != ref {
				bad("receipt %s of txn %s maps to %q", t.ReceiptNo, ref, got)
			}
			if n, ok := receiptSeq(t.ReceiptNo); ok && n > seqReceipt {
				bad("receipt %s is past the receipt sequence %d", t.ReceiptNo, seqReceipt)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"idx_time", tIdx.Stats().KeyN, timeKeys},
		{"idx_phone", pIdx.Stats().KeyN, phoneKeys},
		{"open", open.Stats().KeyN, nOpen},
		{"idx_receipt", rIdx.Stats().KeyN, nSuccess - queuedReceipts},
	} {
		if c.got != c.want {
			bad("%s has %d keys, want %d", c.name, c.got, c.want)
		}
	}
	if q := tx.Bucket(bucketIndexQueue); q != nil { // the index queue names transactions that are there
		if err := q.ForEach(func(k, _ []byte) error {
			ref := refOfTxnKey(k, inst)
			if _, found := txnValue(tx, ref); len(k) != packedTxnKey || !found {
				bad("the index queue names %s, which is not a transaction", ref)
			}
			return nil
		}); err != nil {
			return err
		}
	}
	reserved += heldApprovals(tx)  // approvals awaiting or approved hold their amount too
	held, err := batchReserved(tx) // approved batch rows not begun yet (batch.go)
	if err != nil {
		bad("%v", err)
	}
	if d := readDeposit(tx); d.Reserved != reserved+held {
		bad("reserved is %d but the open transactions and approvals add up to %d and the batches hold %d", d.Reserved, reserved, held)
	}
	errs = append(errs, checkShifts(tx)...)
	return errors.Join(errs...)
}

// hasKey reports whether b holds key k (with any value, including nil).
func hasKey(b *bolt.Bucket, k []byte) bool {
	got, _ := b.Cursor().Seek(k)
	return got != nil && string(got) == string(k)
}
