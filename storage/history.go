package storage

import (
	"bytes"
	"encoding/base64"
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

	r := newTxnReader(tx)
	// The newest transactions may have no key yet (pending, or settled
	// since the last fold: queue.go): merged in from the unindexed ones.
	missing, err := missingKeys(r, prefix, q.Phone, func(k []byte) bool {
		return (lo == nil || bytes.Compare(k, lo) >= 0) && (hi == nil || bytes.Compare(k, hi) < 0)
	})
	if err != nil {
		return Page{}, 0, err
	}
	defer releaseKeyed(missing)
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
		for n := len(missing); n > 0 && k != nil && bytes.Equal(missing[n-1].key, k); n = len(missing) {
			missing = missing[:n-1] // indexed already: the walk takes it
		}
		var (
			key       []byte
			t         Txn
			fromIndex bool
		)
		switch n := len(missing); {
		case n > 0 && (k == nil || bytes.Compare(missing[n-1].key, k) > 0):
			m := &missing[n-1]
			missing = missing[:n-1]
			var ok bool
			if t, ok, err = m.take(r, bucket, prefix, q.Phone); err != nil {
				return Page{}, visited, err
			} else if !ok {
				continue
			}
			key = m.key
		case k == nil:
			return p, visited, nil
		default:
			key, fromIndex = k, true
		}
		visited++
		if len(p.Txns) == limit {
			p.Next = base64.RawURLEncoding.EncodeToString(lastTK)
			break
		}
		tk := key[len(prefix):]
		if fromIndex {
			if t, err = r.get(refOfTimeKey(tk, r.inst)); err != nil {
				return Page{}, visited, err
			}
			k, _ = c.Prev()
		}
		if q.Operator != "" && !strings.EqualFold(t.Operator, q.Operator) {
			continue
		}
		lastTK = tk
		if p.Txns == nil { // a page of a few, or of limit: room for 20 at once
			p.Txns = make([]Txn, 0, min(limit, 20))
		}
		p.Txns = append(p.Txns, t)
	}
	return p, visited, nil
}

// cat is a fresh a ‖ b.
func cat(a, b []byte) []byte {
	return append(append(make([]byte, 0, len(a)+len(b)), a...), b...)
}
