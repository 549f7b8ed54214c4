package storage

import (
	"fmt"
	"reflect"
	"slices"
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

var phones = []string{"081111111111", "082222222222", "0811111111"} // the last is a prefix of the first

// historyFixture: 45 txns a minute apart from 23:40 on 10 March (Jakarta),
// so 20 fall on the 10th and 25 on the 11th; phones rotate.
func historyFixture(t *testing.T) (*DB, *clock, []Txn) {
	db, clk := openTest(t)
	fund(t, db, 1_000_000_000)
	clk.step = time.Minute
	clk.Set(jkt(2025, time.March, 10, 23, 40, 0))
	var all []Txn
	for i := range 45 {
		n := newTxn(int64(1000 + i))
		n.CustomerNumber = phones[i%len(phones)]
		all = append(all, mustBegin(t, db, n))
	}
	return db, clk, all
}

// refsOf lists references.
func refsOf(txns []Txn) []string {
	var out []string
	for _, t := range txns {
		out = append(out, t.PartnerReferenceNo)
	}
	return out
}

// walk pages through History from q until Next is "", checking page sizes.
func walk(t *testing.T, db *DB, q Query) []string {
	t.Helper()
	var got []string
	for pages := 0; ; pages++ {
		if pages > 100 {
			t.Fatal("History does not end")
		}
		p, err := db.History(q)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Txns) > q.Limit || (p.Next != "" && len(p.Txns) != q.Limit) {
			t.Fatalf("page of %d txns with Next=%q for limit %d", len(p.Txns), p.Next, q.Limit)
		}
		got = append(got, refsOf(p.Txns)...)
		if p.Next == "" {
			return got
		}
		q.Before = p.Next
	}
}

func TestHistoryPaging(t *testing.T) {
	db, _, all := historyFixture(t)
	day10 := jkt(2025, time.March, 10, 12, 0, 0)
	// 17:30 UTC on the 10th is 00:30 on the 11th in Jakarta.
	day11 := time.Date(2025, time.March, 10, 17, 30, 0, 0, time.UTC)
	onDay := func(d time.Time) func(Txn) bool {
		y, m, dd := d.In(jakarta).Date()
		return func(t Txn) bool {
			ty, tm, td := t.CreatedAt.In(jakarta).Date()
			return ty == y && tm == m && td == dd
		}
	}
	hasPhone := func(p string) func(Txn) bool { return func(t Txn) bool { return t.CustomerNumber == p } }
	and := func(a, b func(Txn) bool) func(Txn) bool { return func(t Txn) bool { return a(t) && b(t) } }

	tests := []struct {
		name  string
		q     Query
		keep  func(Txn) bool
		count int
	}{
		{"all", Query{}, func(Txn) bool { return true }, 45},
		{"day 10", Query{Day: day10}, onDay(day10), 20},
		{"day 11 given in UTC", Query{Day: day11}, onDay(day11), 25},
		{"empty day", Query{Day: jkt(2025, time.March, 12, 0, 0, 0)}, func(Txn) bool { return false }, 0},
		{"phone", Query{Phone: phones[0]}, hasPhone(phones[0]), 15},
		{"phone that prefixes another", Query{Phone: phones[2]}, hasPhone(phones[2]), 15},
		{"unknown phone", Query{Phone: "0899"}, func(Txn) bool { return false }, 0},
		{"phone and day", Query{Phone: phones[1], Day: day10}, and(hasPhone(phones[1]), onDay(day10)), 7},
	}
	for _, tc := range tests {
		var want []string
		for i := len(all) - 1; i >= 0; i-- {
			if tc.keep(all[i]) {
				want = append(want, all[i].PartnerReferenceNo)
			}
		}
		if len(want) != tc.count {
			t.Fatalf("%s: fixture gives %d, test expects %d", tc.name, len(want), tc.count)
		}
		for _, limit := range []int{1, 5, 7, 20, 45, 500} {
			t.Run(fmt.Sprintf("%s/limit %d", tc.name, limit), func(t *testing.T) {
				q := tc.q
				q.Limit = limit
				if got := walk(t, db, q); !slices.Equal(got, want) {
					t.Fatalf("got  %v\nwant %v", got, want)
				}
			})
		}
	}
}

func TestHistoryDefaultsAndCursor(t *testing.T) {
	db, clk, all := historyFixture(t)
	p, err := db.History(Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Txns) != DefaultHistoryLimit || p.Next == "" {
		t.Fatalf("default page: %d txns, next %q", len(p.Txns), p.Next)
	}
	if !reflect.DeepEqual(p.Txns[0], all[44]) {
		t.Fatalf("newest = %+v, want %+v", p.Txns[0], all[44])
	}
	// New transactions arriving between pages do not shift the cursor.
	clk.Set(jkt(2025, time.March, 11, 9, 0, 0))
	mustBegin(t, db, newTxn(5))
	p2, err := db.History(Query{Before: p.Next, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if want := refsOf([]Txn{all[24], all[23], all[22]}); !slices.Equal(refsOf(p2.Txns), want) {
		t.Fatalf("page after new writes = %v, want %v", refsOf(p2.Txns), want)
	}
	for _, bad := range []string{"!!!", "AAAA", "not base64 at all"} {
		_, err := db.History(Query{Before: bad})
		wantErr(t, err, ErrInvalid)
	}
}

func TestHistoryMaxLimit(t *testing.T) {
	db, _ := openTest(t)
	bulk(t, db, MaxHistoryLimit+5, func(i int) (NewTxn, time.Time) {
		return newTxn(1), testStart.Add(time.Duration(i) * time.Second)
	})
	p, err := db.History(Query{Limit: 10_000})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Txns) != MaxHistoryLimit || p.Next == "" {
		t.Fatalf("limit 10000 gave %d txns, next %q", len(p.Txns), p.Next)
	}
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
