package storage

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// The index queue (schema 6, issue 17). Before a byte goes to OVO, the
// pending commit writes only what settling needs: the transaction itself,
// held as the value of its key in the open set (putTxn), the send record,
// the sequence and the reservation. The commit that records its first
// outcome (or a new OVO reference, or its receipt number) does not write
// its index entries either — its idx_time and idx_phone keys, its receipt
// in idx_receipt, its OVO reference and its search postings (about eight
// term chunks): each of them is a leaf page of its own, and its branch —
// but one key to a small queue:
//
//	idx_queue  txnKey → stamp(CreatedAt), for every transaction whose index entries are not all written yet
//
// The queue never holds more than foldAt keys, so bbolt keeps it inline in
// the root page that every commit writes anyway: queueing costs no page.
// The commit that brings it to foldAt keys folds it: it writes the entries
// of every queued transaction (read as that commit stores it) and empties
// the queue, so foldAt top ups share the leaf pages of the keys they have
// in common (the time and receipt keys are consecutive, names repeat) and
// pay one commit's worth of them. Until then the readers merge what is not
// indexed yet (unindexed: the pending transactions of the open set and the
// queued ones): History and the day ranges (missingKeys), Search,
// GetByReceipt (queuedWith) and check. The queue is part of the committed
// state: a crash keeps it, and the ledger folds it at the next commit that
// fills it.
var bucketIndexQueue = []byte("idx_queue")

// foldAt is the queue length that folds it: small enough that the queue
// stays inline (bbolt inlines a bucket up to a quarter page: 16 bytes of
// header and 16+7+8 a key and its value, 32 keys in 1,008 bytes at 4 KB
// pages). The value, the transaction's creation time, gives the walks of
// the time index its key without decoding it (missingKeys).
const foldAt = 32

// migrateIndexQueue (schema 6) makes the empty queue and packs the root
// page (packRoot). A ledger of schema 5 has its index entries already and
// its pending transactions in txns (read and settled as before); an older
// ovocashier, which would read neither the queue nor a transaction held in
// the open set, refuses the file.
func migrateIndexQueue(tx *bolt.Tx, _ migrateEnv) error {
	if _, err := tx.CreateBucketIfNotExists(bucketIndexQueue); err != nil {
		return err
	}
	return packRoot(tx)
}

// packRoot makes the file's root page one leaf again when it was split (see
// rootFill). A young ledger keeps its growing buckets inline, up to a
// quarter page each, and its root splits; once they have pages of their
// own the root's leaves hold a few hundred bytes each, but bbolt merges a
// leaf with its neighbour only after a key of it is deleted. So a bucket
// named after each bucket (and 0x00) is made and dropped, which deletes a
// key in every leaf; bbolt then merges the leaves that fit in half a page
// together at the commit. It costs a look at one page when the root is a
// leaf already; the fold calls it, every foldAt outcomes.
func packRoot(tx *bolt.Tx) error {
	root := tx.Cursor().Bucket()
	root.FillPercent = rootFill
	if p, err := tx.Page(int(root.Root())); err != nil || p == nil || p.Type != "branch" {
		return err
	}
	var names [][]byte
	_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		names = append(names, append(slices.Clone(name), 0))
		return nil
	})
	for _, n := range names {
		if tx.Bucket(n) != nil {
			continue
		}
		if _, err := tx.CreateBucket(n); err != nil {
			return err
		}
		if err := tx.DeleteBucket(n); err != nil {
			return err
		}
	}
	return nil
}

// queueIndex queues t's index entries (time, phone, receipt, OVO
// reference, search postings) and folds the queue once it holds foldAt
// transactions. t must be stored
// already (putTxn) in tx: the fold reads it from there.
func queueIndex(tx *bolt.Tx, t *Txn) error {
	inst := installation(tx)
	if _, ok := postingOf(t.PartnerReferenceNo, inst); !ok {
		// Not a reference this ledger made (a file from before
		// versioning): no postings, and the queue cannot name it; its time
		// and phone keys came with the migration, its receipt number goes
		// to idx_receipt now.
		return indexReceipt(tx, t, inst)
	}
	q := tx.Bucket(bucketIndexQueue)
	if q == nil { // not reached after the upgrade to schema 6: everything at once
		if err := indexTime(tx, t, inst); err != nil {
			return err
		}
		if err := indexReceipt(tx, t, inst); err != nil {
			return err
		}
		return indexSearch(tx, t)
	}
	if err := q.Put(txnKey(t.PartnerReferenceNo, inst), stamp(t.CreatedAt)); err != nil {
		return err
	}
	n := 0
	c := q.Cursor()
	for k, _ := c.First(); k != nil && n < foldAt; k, _ = c.Next() {
		n++
	}
	if n < foldAt {
		return nil
	}
	return foldIndex(tx)
}

// foldIndex writes the index entries of every queued transaction (each
// term's postings at once: addPostings) and empties the queue.
func foldIndex(tx *bolt.Tx) error {
	q := tx.Bucket(bucketIndexQueue)
	if q == nil {
		return nil
	}
	r := newTxnReader(tx)
	inst := r.inst
	var keys [][]byte
	terms := map[string][]posting{} // ascending: the queue is in sequence order
	c := q.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		keys = append(keys, slices.Clone(k))
		ref := refOfTxnKey(k, inst)
		t, err := r.queued(k)
		if err != nil {
			// A key naming no transaction, or one that does not decode
			// (a damaged file): it is dropped, so that it cannot stop
			// every later outcome from being recorded; check reports the
			// transaction (undecodable, or missing from the indexes).
			continue
		}
		p, ok := postingOf(ref, inst)
		if !ok {
			continue
		}
		for _, prefix := range searchTerms(&t) {
			terms[string(prefix)] = append(terms[string(prefix)], p)
		}
		if err := indexOVORef(tx, &t); err != nil {
			return err
		}
		if err := indexReceipt(tx, &t, inst); err != nil {
			return err
		}
		if err := indexTime(tx, &t, inst); err != nil {
			return err
		}
	}
	b := tx.Bucket(bucketTerms)
	for _, prefix := range slices.Sorted(maps.Keys(terms)) { // the leaves in order
		if err := addPostings(b, []byte(prefix), terms[prefix]); err != nil {
			return err
		}
	}
	for _, k := range keys {
		if err := q.Delete(k); err != nil {
			return err
		}
	}
	return packRoot(tx)
}

// unindexed calls fn with each transaction that may lack index entries:
// the pending ones (the open set holds every one of them; their entries
// wait for the first outcome) and the queued ones, each once, with its
// reference's sequence. Transactions of other references (no posting ever)
// are left out. The queued ones are read in key order (ascValue), a
// pending one from the open-set value it is held in (never in txns too).
func unindexed(tx *bolt.Tx, inst string, fn func(seq uint64, t *Txn) error) error {
	r := newTxnReader(tx)
	var seenArr [foldAt]uint64
	seen := seenArr[:0] // the queued sequences
	if q := tx.Bucket(bucketIndexQueue); q != nil {
		err := q.ForEach(func(k, _ []byte) error {
			p, ok := postingOf(refOfTxnKey(k, inst), inst)
			if !ok || slices.Contains(seen, p.seq) {
				return nil
			}
			t, err := r.queued(k)
			if errors.Is(err, ErrNotFound) {
				return nil // a queued key naming no transaction: check reports it, the fold drops it
			}
			if err != nil {
				return err
			}
			seen = append(seen, p.seq)
			return fn(p.seq, &t)
		})
		if err != nil {
			return err
		}
	}
	return r.openSet().ForEach(func(k, v []byte) error {
		p, ok := postingOf(k, inst)
		if !ok || slices.Contains(seen, p.seq) {
			return nil
		}
		ref := string(k)
		if len(v) == 0 {
			var found bool
			if v, found = r.value(ref); !found {
				return fmt.Errorf("%w: %s", ErrNotFound, ref)
			}
		}
		t, err := decodeTxn(ref, v)
		if err != nil {
			return err
		}
		if t.State != StatePending {
			return nil
		}
		return fn(p.seq, &t)
	})
}

// indexReceipt puts t's receipt number, if it has one, into idx_receipt
// (the fold; Settle assigns the number).
func indexReceipt(tx *bolt.Tx, t *Txn, inst string) error {
	if t.ReceiptNo == "" {
		return nil
	}
	return appendBucket(tx, bucketReceipt).Put([]byte(t.ReceiptNo), receiptValue(t.PartnerReferenceNo, inst))
}

// queuedWith is the queued transaction that match keeps, if any.
func queuedWith(tx *bolt.Tx, match func(*Txn) bool) (Txn, bool, error) {
	q := tx.Bucket(bucketIndexQueue)
	if q == nil {
		return Txn{}, false, nil
	}
	r := newTxnReader(tx)
	c := q.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		t, err := r.queued(k)
		if errors.Is(err, ErrNotFound) {
			continue // a queued key naming no transaction: check reports it, the fold drops it
		}
		if err != nil {
			return Txn{}, false, err
		}
		if match(&t) {
			return t, true, nil
		}
	}
	return Txn{}, false, nil
}

// inQueue reports whether transaction ref waits in the queue.
func inQueue(tx *bolt.Tx, ref, inst string) bool {
	q := tx.Bucket(bucketIndexQueue)
	return q != nil && hasKey(q, txnKey(ref, inst))
}

// indexTime puts t's keys into idx_time and idx_phone (the fold) unless
// they are there: a transaction begun before schema 6 has them from Begin,
// and one begun before schema 5 has them in the text form (stamp ‖
// reference, hasTimeKey), beside which the packed form would list it twice
// in History and the day ranges and fail check.
func indexTime(tx *bolt.Tx, t *Txn, inst string) error {
	ref, tk := t.PartnerReferenceNo, timeKey(t.CreatedAt, t.PartnerReferenceNo, inst)
	for _, b := range []struct {
		bucket *bolt.Bucket
		prefix []byte
	}{{appendBucket(tx, bucketTime), nil}, {tx.Bucket(bucketPhone), phonePrefix(t.CustomerNumber)}} {
		if hasTimeKey(b.bucket, b.prefix, t.CreatedAt, ref, inst) {
			continue
		}
		if err := b.bucket.Put(cat(b.prefix, tk), nil); err != nil {
			return err
		}
	}
	return nil
}

// keyedTxn is a transaction that may lack its key in an index (pending,
// or queued: unindexed) and the key it will have there. What placing it
// does not need is read only when a walk comes to it (take).
type keyedTxn struct {
	key     []byte    // prefix ‖ timeKey
	created time.Time // its CreatedAt
	txnK    []byte    // its key in txns, when queued
	openK   []byte    // its key in the open set, when pending and held there (v is its value)
	v       []byte    // its stored value, when looked is true (nil: none under txnK)
	looked  bool
	ref     string // "" until needed
	t       *Txn   // nil until needed
}

// missingKeys are the transactions that may lack their key (prefix ‖
// timeKey) in an index, the pending ones of the open set and the queued
// ones, with the key they will have, where in accepts it, sorted by key:
// the time index walks (History, RangeOtherTxns) merge them with the keys
// they read. A queued one's key comes from its txns key and the creation
// time the queue keeps, a pending one's from the head of its value
// (headOf), without decoding either; so one whose key the index holds
// already (queued again after a fold) is listed too: the walk drops it
// when it meets that key, and take when it was written in the text form.
// With phone (History by phone) the transactions of other customers are
// left out as soon as their number is read, the only part of them read
// (a queued one's value is looked up in key order: ascValue), so that
// the repeat check of a phone costs the queue's keys and the open set's
// values, not a decode of each.
func missingKeys(r *txnReader, prefix []byte, phone string, in func(key []byte) bool) ([]keyedTxn, error) {
	var (
		out     = keyedPool.Get().([]keyedTxn)[:0] // releaseKeyed
		seenArr [foldAt]uint64
		seen    = seenArr[:0] // the queued sequences
		buf     [32]byte      // a customer number
	)
	add := func(m keyedTxn, key []byte) {
		if m.key = key; in(m.key) {
			out = append(out, m)
		}
	}
	keyBuf := func() []byte { return append(make([]byte, 0, len(prefix)+8+24), prefix...) }
	other := func(v []byte) bool { // v is another customer's than phone's
		if phone == "" {
			return false
		}
		c, ok := appendCustomer(buf[:0], v)
		return ok && string(c) != phone
	}
	if q := r.tx.Bucket(bucketIndexQueue); q != nil {
		err := q.ForEach(func(k, v []byte) error {
			if len(k) != packedTxnKey {
				return nil // queueIndex queues this installation's references only
			}
			seen = append(seen, seq5(k))
			m := keyedTxn{txnK: k}
			if phone != "" {
				if m.v, m.looked = r.ascValue(k), true; other(m.v) {
					return nil // take would drop it
				}
			}
			if len(v) == 8 {
				// timeKey's packed form without parsing the reference:
				// the reference's day is the creation day.
				m.created = ledger.TimeOfNanos(int64(getU64(v)))
				if uint64(binary.BigEndian.Uint16(k[5:])) == jakartaDay(m.created) && m.created.UnixNano() > 0 {
					add(m, append(appendStamp(keyBuf(), m.created), k[:5]...))
					return nil
				}
			}
			m.ref = refOfTxnKey(k, r.inst)
			t, err := r.get(m.ref)
			if errors.Is(err, ErrNotFound) {
				return nil // check reports it, the fold drops it
			}
			if err != nil {
				return err
			}
			m.created, m.t = t.CreatedAt, &t
			add(m, append(keyBuf(), timeKey(t.CreatedAt, m.ref, r.inst)...))
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	err := r.openSet().ForEach(func(k, v []byte) error { // the pending ones
		if len(v) == 0 {
			// Begun before schema 6 (Begin wrote its time and phone keys)
			// or had an outcome since (queued, so listed above, or folded):
			// it lacks no time key, and is not read for every page.
			return nil
		}
		if other(v) {
			return nil // another customer's, told by the first bytes of its value
		}
		p, ok := postingOf(k, r.inst)
		if !ok || slices.Contains(seen, p.seq) {
			return nil
		}
		// Held in the open set, it was begun since schema 6 and has had no
		// outcome: its value is here (putTxn) and no index holds a key of
		// it in any form.
		m := keyedTxn{openK: k, v: v, looked: true}
		if h, hok := headOf(v, buf[:]); hok {
			if h.state != StatePending || phone != "" && string(h.phone) != phone {
				return nil // take would drop another customer's
			}
			m.created = ledger.TimeOfNanos(h.created)
		} else { // a kind or state outside the codes, JSON: decoded whole
			m.ref = string(k)
			t, err := decodeTxn(m.ref, v)
			if err != nil || t.State != StatePending {
				return err
			}
			m.created, m.t = t.CreatedAt, &t
		}
		add(m, appendTimeKey(keyBuf(), m.created, p, true, k))
		return nil
	})
	slices.SortFunc(out, func(a, b keyedTxn) int { return bytes.Compare(a.key, b.key) })
	return out, err
}

// keyedPool holds the slices missingKeys lists into: a page by time
// beside many pending transactions lists each of them, and growing the
// list cost more than the rest of the page.
var keyedPool = sync.Pool{New: func() any { return []keyedTxn(nil) }}

// releaseKeyed gives back a list missingKeys made (the whole of it, as
// returned), once nothing of it is used any more.
func releaseKeyed(s []keyedTxn) {
	if cap(s) == 0 || cap(s) > 4096 {
		return // nothing to keep, or an outsized one, left to the collector
	}
	clear(s[:cap(s)])    // it points into a finished transaction's pages
	keyedPool.Put(s[:0]) // boxing the header costs one small allocation, only when there was a list
}

// take is m's transaction, with ok false when it does not belong in the walk
// over b: b holds its key in the text form (a transaction begun before
// schema 5: the walk meets that key), it is not phone's (any when ""), or
// the queued key names no transaction (a damaged file: check reports it,
// the fold drops it).
func (m *keyedTxn) take(r *txnReader, b *bolt.Bucket, prefix []byte, phone string) (Txn, bool, error) {
	v := m.v
	if m.txnK != nil && !m.looked {
		v = r.txns.Get(m.txnK)
	}
	if m.t == nil && phone != "" {
		var buf [32]byte
		if c, ok := appendCustomer(buf[:0], v); ok && string(c) != phone {
			return Txn{}, false, nil // another customer's, read without decoding it
		}
	}
	if m.ref == "" {
		if m.txnK != nil {
			m.ref = refOfTxnKey(m.txnK, r.inst)
		} else {
			m.ref = string(m.openK)
		}
	}
	// Stored under its packed key, it was begun since schema 5, whose
	// index keys are packed too; held in the open set, it has none: no
	// text form to look for.
	if v == nil && hasKey(b, cat(prefix, append(stamp(m.created), m.ref...))) {
		return Txn{}, false, nil
	}
	if m.t == nil {
		if v == nil {
			v, _ = r.value(m.ref)
		}
		if v == nil {
			return Txn{}, false, nil
		}
		t, err := decodeTxn(m.ref, v)
		if err != nil {
			return Txn{}, false, err
		}
		m.t = &t
	}
	if phone != "" && m.t.CustomerNumber != phone {
		return Txn{}, false, nil
	}
	return *m.t, true, nil
}
