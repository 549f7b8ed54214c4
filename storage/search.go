package storage

import (
	"bytes"
	"encoding/base64"
	"strings"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// bucketSearch is the search index: for every transaction, one key per
// thing a cashier may find it by on the slip,
//
//	kind byte ‖ term ‖ 0x00 ‖ timeKey → nil
//
// so that all transactions of one term are adjacent and in time order, and
// a search is a cursor walk backwards over one prefix: a page costs the
// page, not the ledger. Keys are added in the same commit that writes the
// transaction (Begin: phone and name; the commit that records OVO's
// reference: the reference), and migrateSearch indexes a ledger written
// before the index existed.
var bucketSearch = []byte("idx_search")

// searchTerms are the index keys' prefixes (kind ‖ term ‖ 0x00) of t.
func searchTerms(t *Txn) [][]byte {
	terms := ledger.SearchTerms(*t)
	out := make([][]byte, len(terms))
	for i, st := range terms {
		out[i] = searchPrefix(st.Kind, st.Term)
	}
	return out
}

// searchPrefix is kind ‖ term ‖ 0x00.
func searchPrefix(k SearchKind, term string) []byte {
	b := make([]byte, 0, len(term)+2)
	return append(append(append(b, byte(k)), term...), 0)
}

// indexSearch adds every search key of t (idempotent).
func indexSearch(tx *bolt.Tx, t *Txn) error {
	b := tx.Bucket(bucketSearch)
	tk := timeKey(t.CreatedAt, t.PartnerReferenceNo)
	for _, p := range searchTerms(t) {
		if err := b.Put(cat(p, tk), nil); err != nil {
			return err
		}
	}
	return nil
}

// indexOVORef adds the OVO reference of t, in the commit that records it.
func indexOVORef(tx *bolt.Tx, t *Txn) error {
	if t.ReferenceNo == "" {
		return nil
	}
	k := cat(searchPrefix(SearchOVORef, strings.ToUpper(t.ReferenceNo)), timeKey(t.CreatedAt, t.PartnerReferenceNo))
	return tx.Bucket(bucketSearch).Put(k, nil)
}

// Search returns the transactions indexed under term of kind k, newest
// first, one page at a time (before is the previous page's Next; limit as
// in Query). The term is taken as given: callers normalise it (digits,
// lower-case word start, upper-case reference). keep, when not nil, drops
// the transactions it refuses (a finer match than the index); the walk
// still only visits the term's keys.
func (db *DB) Search(k SearchKind, term, before string, limit int, keep func(Txn) bool) (Page, error) {
	var p Page
	err := db.view(func(tx *bolt.Tx) (err error) {
		p, _, err = search(tx, k, term, before, limit, keep)
		return err
	})
	return p, err
}

// search is Search inside tx; it also returns how many keys it visited.
func search(tx *bolt.Tx, k SearchKind, term, before string, limit int, keep func(Txn) bool) (Page, int, error) {
	limit = ledger.PageLimit(limit)
	prefix := searchPrefix(k, term)
	hi := append(prefix[:len(prefix)-1:len(prefix)-1], 1) // kind ‖ term ‖ 0x01: just past the prefix
	if before != "" {
		b, err := base64.RawURLEncoding.DecodeString(before)
		if err != nil || len(b) <= 8 {
			return Page{}, 0, &ValidationError{Field: "before", Problem: "not a search cursor"}
		}
		hi = cat(prefix, b)
	}
	b := tx.Bucket(bucketSearch)
	if b == nil {
		return Page{}, 0, nil
	}
	c := b.Cursor()
	key, _ := c.Seek(hi)
	if key == nil {
		key, _ = c.Last()
	} else {
		key, _ = c.Prev()
	}
	var (
		p       Page
		visited int
		lastTK  []byte
	)
	for ; key != nil && bytes.HasPrefix(key, prefix); key, _ = c.Prev() {
		visited++
		if len(p.Txns) == limit {
			p.Next = base64.RawURLEncoding.EncodeToString(lastTK)
			break
		}
		tk := key[len(prefix):]
		t, err := getTxn(tx, refOfTimeKey(tk))
		if err != nil {
			return Page{}, visited, err
		}
		lastTK = tk
		if keep == nil || keep(t) {
			p.Txns = append(p.Txns, t)
		}
	}
	return p, visited, nil
}

// migrateSearch creates the search index and indexes every transaction the
// ledger already holds (a one-time full scan at the upgrade).
func migrateSearch(tx *bolt.Tx, _ migrateEnv) error {
	if _, err := tx.CreateBucketIfNotExists(bucketSearch); err != nil {
		return err
	}
	return tx.Bucket(bucketTxns).ForEach(func(k, v []byte) error {
		t, err := decodeTxn(string(k), v)
		if err != nil {
			return err
		}
		return indexSearch(tx, &t)
	})
}
