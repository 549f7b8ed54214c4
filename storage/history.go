package storage

import (
	"bytes"
	"encoding/base64"
	"slices"
	"strings"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	bolt "go.etcd.io/bbolt"
)

// History returns transactions newest first (by CreatedAt), one page at a
// time. It walks a time-ordered index backwards from the cursor, so a page
// costs the page (plus one key to know whether more follow), not the size of
// the ledger. A cursor stays valid across writes: the next page continues
// exactly after the last transaction returned. A malformed cursor gives
// ErrInvalid.
func (db *DB) History(q Query) (Page, error) {
	var p Page
	err := db.view(func(tx *bolt.Tx) (err error) {
		p, _, err = history(tx, q)
		return err
	})
	return p, err
}

// history is History inside tx; it also returns how many index keys it
// visited, which the tests hold against the ledger size.
func history(tx *bolt.Tx, q Query) (Page, int, error) {
	limit := ledger.PageLimit(q.Limit)
	var before []byte
	if q.Before != "" {
		b, err := base64.RawURLEncoding.DecodeString(q.Before)
		if err != nil || len(b) <= 8 {
			return Page{}, 0, &ValidationError{Field: "Query.Before", Problem: "not a History cursor"}
		}
		before = b
	}

	// The walk covers index keys in [lo, hi), where every key is
	// prefix ‖ timeKey; nil bounds are open.
	var (
		bucket       *bolt.Bucket
		prefix       []byte
		lo, hi       []byte
		dayLo, dayHi []byte
	)
	if start, end, ok := q.DayRange(); ok {
		dayLo, dayHi = stamp(start), stamp(end)
	}
	if q.Phone == "" {
		bucket = tx.Bucket(bucketTime)
		lo, hi = dayLo, dayHi
	} else {
		bucket = tx.Bucket(bucketPhone)
		prefix = phonePrefix(q.Phone)
		if dayLo != nil {
			lo, hi = cat(prefix, dayLo), cat(prefix, dayHi)
		} else {
			lo, hi = prefix, append([]byte(q.Phone), phoneSep+1)
		}
	}
	if before != nil {
		if b := cat(prefix, before); hi == nil || bytes.Compare(b, hi) < 0 {
			hi = b
		}
	}

	inst := installation(tx)
	// The newest transactions may have no key yet (pending, or settled
	// since the last fold: queue.go): merged in from the unindexed ones.
	missing, err := missingKeys(tx, inst, bucket, func(t *Txn) ([]byte, bool) {
		return prefix, q.Phone == "" || t.CustomerNumber == q.Phone
	})
	if err != nil {
		return Page{}, 0, err
	}
	missing = slices.DeleteFunc(missing, func(m keyedTxn) bool {
		return lo != nil && bytes.Compare(m.key, lo) < 0 || hi != nil && bytes.Compare(m.key, hi) >= 0
	})
	c := bucket.Cursor()
	var k []byte
	if hi == nil {
		k, _ = c.Last()
	} else if k, _ = c.Seek(hi); k == nil {
		k, _ = c.Last()
	} else {
		k, _ = c.Prev()
	}

	var (
		p       Page
		visited int
		lastTK  []byte // time key of the last transaction in p
	)
	for {
		if k != nil && lo != nil && bytes.Compare(k, lo) < 0 {
			k = nil // the walk is past the range
		}
		key, fromIndex := k, true
		if n := len(missing); n > 0 && (key == nil || bytes.Compare(missing[n-1].key, key) > 0) {
			key, fromIndex = missing[n-1].key, false
		}
		if key == nil {
			break
		}
		visited++
		if len(p.Txns) == limit {
			p.Next = base64.RawURLEncoding.EncodeToString(lastTK)
			break
		}
		tk := key[len(prefix):]
		var t Txn
		if fromIndex {
			if t, err = getTxn(tx, refOfTimeKey(tk, inst)); err != nil {
				return Page{}, visited, err
			}
			k, _ = c.Prev()
		} else {
			t, missing = missing[len(missing)-1].t, missing[:len(missing)-1]
		}
		if q.Operator != "" && !strings.EqualFold(t.Operator, q.Operator) {
			continue
		}
		lastTK = tk
		p.Txns = append(p.Txns, t)
	}
	return p, visited, nil
}

// cat is a fresh a ‖ b.
func cat(a, b []byte) []byte {
	return append(append(make([]byte, 0, len(a)+len(b)), a...), b...)
}
