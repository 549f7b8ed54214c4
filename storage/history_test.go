package storage

import (
	"fmt"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bulk writes count pending txns in one bbolt transaction (fast fixtures for
// big ledgers): txn i is gen(i), created at its returned time.
func bulk(t testing.TB, db *DB, count int, gen func(i int) (NewTxn, time.Time)) []Txn {
	t.Helper()
	fund(t, db, 1<<60)
	out := make([]Txn, 0, count)
	// Commits of 500: bbolt splits nodes only at commit, so one huge
	// transaction (with the search index's keys) would grow quadratically.
	for start := 0; start < count; start += 500 {
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			for i := start; i < min(count, start+500); i++ {
				n, at := gen(i)
				tn, err := begin(tx, n, clean(at))
				if err != nil {
					return err
				}
				if err := indexTime(tx, &tn, installation(tx)); err != nil { // as if folded: a fixture of thousands pending
					return err
				}
				out = append(out, tn)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// refsOf lists references.
func refsOf(txns []Txn) []string {
	var out []string
	for _, t := range txns {
		out = append(out, t.PartnerReferenceNo)
	}
	return out
}

// TestHistoryPageCostIndependentOfLedgerSize counts the index keys a page
// visits: it must be the page plus at most one (to know whether more
// follow), whatever the ledger holds and whatever the query.
func TestHistoryPageCostIndependentOfLedgerSize(t *testing.T) {
	const limit = 20
	visits := map[int]map[string]int{}
	for _, size := range []int{600, 6000} {
		db, _ := openTest(t)
		// Spread over 10 Jakarta days and 20 phones.
		all := bulk(t, db, size, func(i int) (NewTxn, time.Time) {
			n := newTxn(1)
			n.CustomerNumber = fmt.Sprintf("0812%08d", i%20)
			return n, testStart.Add(time.Duration(i) * (240 * time.Hour / time.Duration(size)))
		})
		mid := all[size/2].CreatedAt // a day in the middle of the ledger
		var cursor string
		_ = db.bolt.View(func(tx *bolt.Tx) error {
			p, _, _ := history(tx, Query{Limit: limit})
			cursor = p.Next
			return nil
		})
		queries := map[string]Query{
			"newest":        {},
			"second page":   {Before: cursor},
			"day":           {Day: mid},
			"phone":         {Phone: "081200000007"},
			"phone and day": {Phone: "081200000007", Day: mid},
			"empty day":     {Day: testStart.AddDate(1, 0, 0)},
		}
		visits[size] = map[string]int{}
		for name, q := range queries {
			q.Limit = limit
			_ = db.bolt.View(func(tx *bolt.Tx) error {
				p, visited, err := history(tx, q)
				if err != nil {
					t.Fatal(err)
				}
				if visited > len(p.Txns)+1 {
					t.Errorf("size %d, %s: visited %d keys for a page of %d", size, name, visited, len(p.Txns))
				}
				visits[size][name] = visited
				return nil
			})
		}
	}
	// Queries whose page is full in both ledgers cost exactly the same.
	for _, name := range []string{"newest", "second page", "day", "phone"} {
		if small, big := visits[600][name], visits[6000][name]; small != big || big != limit+1 {
			t.Errorf("%s: visited %d keys in the small ledger, %d in the big one; want %d", name, small, big, limit+1)
		}
	}
}

// BenchmarkHistoryPage reads one page of 20 from ledgers of growing size:
// ns/op should stay flat.
func BenchmarkHistoryPage(b *testing.B) {
	for _, size := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("ledger=%d", size), func(b *testing.B) {
			db, _ := openTest(b)
			all := bulk(b, db, size, func(i int) (NewTxn, time.Time) {
				n := newTxn(1)
				n.CustomerNumber = fmt.Sprintf("0812%08d", i%50)
				return n, testStart.Add(time.Duration(i) * time.Minute)
			})
			q := Query{Phone: "081200000007", Day: all[size/2].CreatedAt}
			b.ResetTimer()
			for b.Loop() {
				if _, err := db.History(q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
