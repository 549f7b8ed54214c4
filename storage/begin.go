package storage

import (
	"bytes"
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
// adds it to the open set (which holds it while it is pending) and the
// shift index (its time, phone and search index entries wait for its first
// outcome: see queue.go). When Begin returns nil the
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
	v, err := encodeTxn(&t)
	if err != nil {
		return Txn{}, err
	}
	if err := tx.Bucket(bucketOpen).Put([]byte(ref), v); err != nil { // held in the open set while pending (putTxn)
		return Txn{}, err
	}
	// Its time and phone keys wait for the fold after its first outcome
	// (queue.go); History finds it in the open set meanwhile.
	tk := timeKey(now, ref, string(meta.Get(keyInstallationID)))
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

// putTxn stores t under its reference. A pending transaction begun since
// schema 6 is held as the value of its open-set key, which lives in the
// root page with the rest of the open set while it is small: the pending
// commit then writes no page of txns (issue 17). When it leaves pending it
// moves to txns (txnKey; a transaction stored before schema 5 under its
// text key stays there) and its open-set key, if it stays open, keeps no
// value.
func putTxn(tx *bolt.Tx, t *Txn) error {
	b, err := encodeTxn(t)
	if err != nil {
		return err
	}
	ref := t.PartnerReferenceNo
	open := tx.Bucket(bucketOpen)
	if len(open.Get([]byte(ref))) > 0 {
		if t.State == StatePending {
			return open.Put([]byte(ref), b)
		}
		if err := open.Put([]byte(ref), nil); err != nil {
			return err
		}
	}
	txns := tx.Bucket(bucketTxns)
	k := txnKey(ref, installation(tx))
	if len(k) == packedTxnKey && txns.Get([]byte(ref)) != nil {
		k = []byte(ref)
	}
	return txns.Put(k, b)
}

// txnValue is the stored value of transaction ref, under either form of
// its key in txns or in the open set (putTxn); found is false when there
// is none.
func txnValue(tx *bolt.Tx, ref string) (v []byte, found bool) {
	return newTxnReader(tx).value(ref)
}

// txnReader reads transactions inside one bbolt transaction: the buckets
// it needs are opened once (bbolt opens a bucket anew, with allocations,
// at every tx.Bucket of a read transaction) and the installation id read
// once. The readers that visit many transactions (History, the walks of
// the queue) use one for the whole walk.
type txnReader struct {
	tx         *bolt.Tx
	inst       string
	txns, open *bolt.Bucket

	cur   *bolt.Cursor // on txns, for ascValue
	lastK []byte       // the key ascValue last looked up (a copy)
	curK  []byte       // where cur stands (nil: past the end)
	curV  []byte
}

// newTxnReader is a txnReader for tx.
func newTxnReader(tx *bolt.Tx) *txnReader {
	return &txnReader{tx: tx, inst: installation(tx), txns: tx.Bucket(bucketTxns)}
}

// openSet is the open set, opened at the first need.
func (r *txnReader) openSet() *bolt.Bucket {
	if r.open == nil {
		r.open = r.tx.Bucket(bucketOpen)
	}
	return r.open
}

// value is txnValue.
func (r *txnReader) value(ref string) (v []byte, found bool) {
	if v = r.txnsValue(ref); v == nil {
		v = r.openSetValue(ref)
	}
	return v, v != nil
}

// txnsValue is ref's value in txns, under either form of its key (putTxn);
// nil when there is none.
func (r *txnReader) txnsValue(ref string) []byte {
	var kb [packedTxnKey]byte
	k := appendTxnKey(kb[:0], ref, r.inst)
	v := r.txns.Get(k)
	if v == nil && len(k) == packedTxnKey {
		v = r.txns.Get([]byte(ref))
	}
	return v
}

// openSetValue is ref's value in the open set: a pending transaction's
// (putTxn); nil when there is none (an entry without a value is one of an
// older schema, whose value is in txns).
func (r *txnReader) openSetValue(ref string) []byte {
	if o := r.openSet().Get([]byte(ref)); len(o) > 0 {
		return o
	}
	return nil
}

// get is getTxn.
func (r *txnReader) get(ref string) (Txn, error) {
	v, found := r.value(ref)
	return decodeFound(ref, v, found)
}

// getOpen is get for a transaction that is likely open (Settle,
// NoteCheck): a pending one is held as its open-set value (putTxn), which
// is looked up first; a transaction has a value there or in txns, never
// both, so the answer is get's, without its two lookups in txns that miss.
func (r *txnReader) getOpen(ref string) (Txn, error) {
	v, found := r.openValue(ref)
	return decodeFound(ref, v, found)
}

// decodeFound decodes what a lookup of ref found; ErrNotFound when it
// found nothing.
func decodeFound(ref string, v []byte, found bool) (Txn, error) {
	if !found {
		return Txn{}, fmt.Errorf("%w: %s", ErrNotFound, ref)
	}
	return decodeTxn(ref, v)
}

// openValue is value, looking in the open set first (getOpen).
func (r *txnReader) openValue(ref string) (v []byte, found bool) {
	if v = r.openSetValue(ref); v == nil {
		v = r.txnsValue(ref)
	}
	return v, v != nil
}

// queued is the transaction the index queue's key k names (getTxn of its
// reference), for keys taken in the queue's order: its value is looked up
// with ascValue.
func (r *txnReader) queued(k []byte) (Txn, error) {
	ref := refOfTxnKey(k, r.inst)
	if v := r.ascValue(k); v != nil {
		return decodeTxn(ref, v)
	}
	return r.get(ref)
}

// ascValue is the value under key k in txns, for keys looked up in
// ascending order (the index queue's, which are txns keys): one cursor
// walks forward from the last key to the next, so that looking up the
// queue's keys costs about one descent of txns, not one each. A key out of
// order, or far ahead, is sought from the root.
func (r *txnReader) ascValue(k []byte) []byte {
	const maxSteps = 16
	switch {
	case r.cur == nil:
		r.cur = r.txns.Cursor()
		r.curK, r.curV = r.cur.Seek(k)
	case bytes.Compare(k, r.lastK) <= 0:
		r.curK, r.curV = r.cur.Seek(k)
	default:
		for steps := 0; r.curK != nil && bytes.Compare(r.curK, k) < 0; steps++ {
			if steps == maxSteps {
				r.curK, r.curV = r.cur.Seek(k)
				break
			}
			r.curK, r.curV = r.cur.Next()
		}
	}
	r.lastK = append(r.lastK[:0], k...)
	if r.curK != nil && bytes.Equal(r.curK, k) {
		return r.curV
	}
	return nil
}

// forEachTxn calls fn with the reference and stored value of every
// transaction: those in txns, then the pending ones held in the open set.
func forEachTxn(tx *bolt.Tx, fn func(ref string, v []byte) error) error {
	inst := installation(tx)
	if err := tx.Bucket(bucketTxns).ForEach(func(k, v []byte) error { return fn(refOfTxnKey(k, inst), v) }); err != nil {
		return err
	}
	return tx.Bucket(bucketOpen).ForEach(func(k, v []byte) error {
		if len(v) == 0 {
			return nil
		}
		return fn(string(k), v)
	})
}

// getTxn loads the transaction ref; ErrNotFound if there is none.
func getTxn(tx *bolt.Tx, ref string) (Txn, error) {
	return newTxnReader(tx).get(ref)
}
