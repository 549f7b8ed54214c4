package storage

import (
	"fmt"
	"sort"

	bolt "go.etcd.io/bbolt"
)

// Get returns the transaction with PartnerReferenceNo ref, or an error
// matching ErrNotFound.
func (db *DB) Get(ref string) (Txn, error) {
	var t Txn
	err := db.view(func(tx *bolt.Tx) (err error) {
		t, err = getTxn(tx, ref)
		return err
	})
	return t, err
}

// GetByReceipt returns the transaction that was given receipt number
// receiptNo (e.g. "R00000042") when it succeeded, through the receipt index,
// or an error matching ErrNotFound.
func (db *DB) GetByReceipt(receiptNo string) (Txn, error) {
	var t Txn
	err := db.view(func(tx *bolt.Tx) (err error) {
		inst := installation(tx)
		v := tx.Bucket(bucketReceipt).Get([]byte(receiptNo))
		if v == nil { // given since the last fold?
			var found bool
			t, found, err = queuedWith(tx, func(t *Txn) bool { return t.ReceiptNo == receiptNo })
			if err == nil && !found {
				err = fmt.Errorf("%w: receipt %s", ErrNotFound, receiptNo)
			}
			return err
		}
		t, err = getTxn(tx, refOfReceiptValue(v, inst))
		return err
	})
	return t, err
}

// Open returns every transaction still open (pending or unknown), oldest
// first (by CreatedAt, then reference): the work of the reconciler. It reads
// the open set, never the whole ledger.
func (db *DB) Open() ([]Txn, error) {
	var out []Txn
	err := db.view(func(tx *bolt.Tx) error {
		out = nil
		r := newTxnReader(tx)
		return r.openSet().ForEach(func(k, v []byte) error {
			ref := string(k)
			var (
				t   Txn
				err error
			)
			if len(v) > 0 { // pending, held here (putTxn): never in txns too
				t, err = decodeTxn(ref, v)
			} else {
				t, err = r.get(ref)
			}
			if err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].PartnerReferenceNo < out[j].PartnerReferenceNo
	})
	return out, nil
}
