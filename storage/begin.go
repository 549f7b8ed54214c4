package storage

import (
	"fmt"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// Begin records a transaction before its money call, in one committed bbolt
// transaction: it checks that n.Amount is at most the deposit Available
// (else an *InsufficientDepositError matching ErrInsufficientDeposit),
// assigns a new PartnerReferenceNo from the durable sequence, reserves
// n.Amount against the deposit mirror, writes the transaction as pending and
// adds it to the time, phone and shift indexes and the open set (the search
// postings wait for its first outcome: see search.go). When Begin returns nil the
// transaction is durable and it is safe to send it to OVO. Invalid input is
// rejected with ErrInvalid before anything is written.
func (db *DB) Begin(n NewTxn) (Txn, error) {
	if err := n.Validate(); err != nil {
		return Txn{}, err
	}
	var out Txn
	err := db.write(func(tx *bolt.Tx) (err error) {
		out, err = begin(tx, n, db.nowUTC())
		return err
	})
	if err != nil {
		return Txn{}, err
	}
	return out, nil
}

// begin is Begin inside tx.
func begin(tx *bolt.Tx, n NewTxn, now time.Time) (Txn, error) {
	dep := readDeposit(tx)
	if n.Amount > dep.Available {
		return Txn{}, &InsufficientDepositError{Available: dep.Available, Amount: n.Amount}
	}
	meta := tx.Bucket(bucketMeta)
	seq, err := nextSeq(meta, keySeqRef, ledger.MaxRefSeq)
	if err != nil {
		return Txn{}, err
	}
	ref := ledger.FormatRef(now.In(jakarta).Format("20060102"), string(meta.Get(keyInstallationID)), seq)
	if _, found := txnValue(tx, ref); found {
		return Txn{}, fmt.Errorf("storage: reference %s already exists", ref)
	}
	t := n.Pending(ref, now)
	if err := putTxn(tx, &t); err != nil {
		return Txn{}, err
	}
	tk := timeKey(now, ref, string(meta.Get(keyInstallationID)))
	if err := tx.Bucket(bucketTime).Put(tk, nil); err != nil {
		return Txn{}, err
	}
	if err := tx.Bucket(bucketPhone).Put(phoneKey(n.CustomerNumber, tk), nil); err != nil {
		return Txn{}, err
	}
	if err := tx.Bucket(bucketOpen).Put([]byte(ref), nil); err != nil {
		return Txn{}, err
	}
	if err := indexShift(tx, &t, tk); err != nil {
		return Txn{}, err
	}
	dep.Reserved += n.Amount
	if err := writeDeposit(tx, &dep); err != nil {
		return Txn{}, err
	}
	if _, err := appendAudit(tx, auditTxn("send", &t, n.Operator, n.Origin, ""), now); err != nil {
		return Txn{}, err
	}
	return t, nil
}

// putTxn stores t under its reference (txnKey; a transaction stored
// before schema 5 under its text key stays there).
func putTxn(tx *bolt.Tx, t *Txn) error {
	b, err := encodeTxn(t)
	if err != nil {
		return err
	}
	txns, ref := tx.Bucket(bucketTxns), t.PartnerReferenceNo
	k := txnKey(ref, installation(tx))
	if len(k) == packedTxnKey && txns.Get([]byte(ref)) != nil {
		k = []byte(ref)
	}
	return txns.Put(k, b)
}

// txnValue is the stored value of transaction ref, under either form of
// its key; found is false when there is none.
func txnValue(tx *bolt.Tx, ref string) (v []byte, found bool) {
	txns := tx.Bucket(bucketTxns)
	k := txnKey(ref, installation(tx))
	if v = txns.Get(k); v == nil && len(k) == packedTxnKey {
		v = txns.Get([]byte(ref))
	}
	return v, v != nil
}

// getTxn loads the transaction ref; ErrNotFound if there is none.
func getTxn(tx *bolt.Tx, ref string) (Txn, error) {
	v, found := txnValue(tx, ref)
	if !found {
		return Txn{}, fmt.Errorf("%w: %s", ErrNotFound, ref)
	}
	return decodeTxn(ref, v)
}
