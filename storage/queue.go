package storage

import (
	"bytes"
	"errors"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"
)

// The search queue (schema 6, issue 17): the commit that records a
// transaction's first outcome, or a new OVO reference, does not add its
// search postings (about eight term chunks and the reference's hashed key,
// each on a leaf page of its own) but one key to a small queue:
//
//	idx_queue  txnKey → nil, for every transaction whose postings are not yet in idx_terms / idx_ovoref
//
// The queue never holds more than foldAt keys, so bbolt keeps it inline in
// the root page that every commit writes anyway: queueing costs no page.
// The commit that brings it to foldAt keys folds it: it adds the postings
// of every queued transaction (indexSearch reads the transaction as that
// commit stores it) and empties the queue, so foldAt top ups share the
// leaf pages of the terms they have in common and pay one commit's worth
// of them. Search reads the queue beside the postings (unindexed), so a
// settled transaction is found at once, before any fold. The queue is part
// of the committed state: a crash keeps it, and the ledger folds it at the
// next commit that fills it.
var bucketSearchQueue = []byte("idx_queue")

// foldAt is the queue length that folds it: small enough that the queue
// stays inline (bbolt inlines a bucket up to a quarter page: 16 bytes of
// header and 16+7 a key, 43 keys at 4 KB pages).
const foldAt = 32

// migrateSearchQueue (schema 6) makes the empty queue and packs the root
// page (packRoot). A ledger of schema 5 has its postings already; an older
// ovocashier, which would not read the queue, refuses the file.
func migrateSearchQueue(tx *bolt.Tx, _ migrateEnv) error {
	if _, err := tx.CreateBucketIfNotExists(bucketSearchQueue); err != nil {
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

// queueSearch queues t's postings (its phone, name and OVO reference terms)
// and folds the queue once it holds foldAt transactions. t must be stored
// already (putTxn) in tx: the fold reads it from there.
func queueSearch(tx *bolt.Tx, t *Txn) error {
	inst := installation(tx)
	if _, ok := postingOf(t.PartnerReferenceNo, inst); !ok {
		// Not a reference this ledger made (a file from before
		// versioning): no postings, and the queue cannot name it; its time
		// and phone keys came with the migration, its receipt number goes
		// to idx_receipt now.
		return indexReceipt(tx, t, inst)
	}
	q := tx.Bucket(bucketSearchQueue)
	if q == nil {
		return indexSearch(tx, t)
	}
	if err := q.Put(txnKey(t.PartnerReferenceNo, inst), nil); err != nil {
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
	return foldSearch(tx)
}

// foldSearch adds the postings of every queued transaction and empties the
// queue.
func foldSearch(tx *bolt.Tx) error {
	q := tx.Bucket(bucketSearchQueue)
	if q == nil {
		return nil
	}
	inst := installation(tx)
	var keys [][]byte
	terms := map[string][]posting{} // ascending: the queue is in sequence order
	c := q.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		keys = append(keys, slices.Clone(k))
		ref := refOfTxnKey(k, inst)
		t, err := getTxn(tx, ref)
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

// unindexed calls fn with each transaction that may lack postings: the
// pending ones (the open set holds every one of them; their postings wait
// for the first outcome) and the queued ones, each once, with its
// reference's sequence. Transactions of other references (no posting ever)
// are left out. With timeKeysOnly, for the readers of idx_time and
// idx_phone, the open-set keys without a value are passed over without
// reading their transactions: each was begun before schema 6 (Begin wrote
// its time and phone keys) or has had an outcome since (queued, so visited
// here, or folded), so it lacks no time key; the time index walks then
// cost the pending transactions, not every unknown one as well.
func unindexed(tx *bolt.Tx, inst string, timeKeysOnly bool, fn func(seq uint64, t *Txn) error) error {
	seen := map[uint64]bool{}
	visit := func(ref string, pendingOnly bool) error {
		p, ok := postingOf(ref, inst)
		if !ok || seen[p.seq] {
			return nil
		}
		t, err := getTxn(tx, ref)
		if errors.Is(err, ErrNotFound) && !pendingOnly {
			return nil // a queued key naming no transaction: check reports it, the fold drops it
		}
		if err != nil {
			return err
		}
		if pendingOnly && t.State != StatePending {
			return nil
		}
		seen[p.seq] = true
		return fn(p.seq, &t)
	}
	if q := tx.Bucket(bucketSearchQueue); q != nil {
		if err := q.ForEach(func(k, _ []byte) error { return visit(refOfTxnKey(k, inst), false) }); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketOpen).ForEach(func(ref, v []byte) error {
		if timeKeysOnly && len(v) == 0 {
			return nil
		}
		return visit(string(ref), true)
	})
}

// indexReceipt puts t's receipt number, if it has one, into idx_receipt
// (the fold; Settle assigns the number).
func indexReceipt(tx *bolt.Tx, t *Txn, inst string) error {
	if t.ReceiptNo == "" {
		return nil
	}
	return tx.Bucket(bucketReceipt).Put([]byte(t.ReceiptNo), receiptValue(t.PartnerReferenceNo, inst))
}

// queuedWith is the queued transaction that match keeps, if any.
func queuedWith(tx *bolt.Tx, inst string, match func(*Txn) bool) (Txn, bool, error) {
	q := tx.Bucket(bucketSearchQueue)
	if q == nil {
		return Txn{}, false, nil
	}
	c := q.Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		t, err := getTxn(tx, refOfTxnKey(k, inst))
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
	q := tx.Bucket(bucketSearchQueue)
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
	}{{tx.Bucket(bucketTime), nil}, {tx.Bucket(bucketPhone), phonePrefix(t.CustomerNumber)}} {
		if hasTimeKey(b.bucket, b.prefix, t.CreatedAt, ref, inst) {
			continue
		}
		if err := b.bucket.Put(cat(b.prefix, tk), nil); err != nil {
			return err
		}
	}
	return nil
}

// keyedTxn is a transaction and the index key it will have.
type keyedTxn struct {
	key []byte
	t   Txn
}

// missingKeys are the transactions that may lack their keys in b (pending
// or queued: unindexed) and lack them, among those prefixOf accepts (ok),
// each with the key it will have (prefix ‖ timeKey), sorted by key. The
// time index walks (History, RangeOtherTxns) merge them with the keys they
// read.
func missingKeys(tx *bolt.Tx, inst string, b *bolt.Bucket, prefixOf func(t *Txn) (prefix []byte, ok bool)) ([]keyedTxn, error) {
	var out []keyedTxn
	err := unindexed(tx, inst, true, func(_ uint64, t *Txn) error {
		prefix, ok := prefixOf(t)
		if ok && !hasTimeKey(b, prefix, t.CreatedAt, t.PartnerReferenceNo, inst) {
			out = append(out, keyedTxn{cat(prefix, timeKey(t.CreatedAt, t.PartnerReferenceNo, inst)), *t})
		}
		return nil
	})
	slices.SortFunc(out, func(a, b keyedTxn) int { return bytes.Compare(a.key, b.key) })
	return out, err
}
