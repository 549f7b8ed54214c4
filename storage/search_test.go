package storage

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A page of search costs the page: the walk visits the term's keys only.
func TestSearchPageCostIndependentOfLedgerSize(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	other := newTxn(10_000)
	other.CustomerNumber, other.CustomerName = "081311112222", "Andi Wijaya"
	for i := 0; i < 300; i++ {
		mustBegin(t, db, other)
		if i%30 == 0 {
			mustBegin(t, db, newTxn(10_000))
		}
	}
	err := db.view(func(tx *bolt.Tx) error {
		p, visited, err := search(tx, SearchName, "bud", "", 5, nil)
		if err != nil || len(p.Txns) != 5 || visited != 6 {
			t.Fatalf("page of %d visited %d keys (%v)", len(p.Txns), visited, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A ledger written before the search index gets it at Open.
func TestSearchIndexUpgrade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	fund(t, db, 1<<40)
	a := mustBegin(t, db, newTxn(10_000))
	mustSettle(t, db, a.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: "ovoREF1"})
	db.Close()
	// Make it a schema 1 file: no search index.
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketSearch); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(1))
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []struct {
		k    SearchKind
		term string
	}{{SearchOVORef, "OVOREF1"}, {SearchName, "santoso"}, {SearchPhoneEnd, "7890"}} {
		if p, err := db.Search(q.k, q.term, "", 0, nil); err != nil || len(p.Txns) != 1 {
			t.Fatalf("%c %q after the upgrade: %v %v", q.k, q.term, refsOf(p.Txns), err)
		}
	}
}

// benchLedger builds (once per size, cached under OVO_BENCH_DIR or the temp
// dir) a ledger of n transactions over 50,000 customers, 20,000 of which
// share the name "Budi", written in large NoSync commits through the same
// begin/settle code as production.
func benchLedger(b *testing.B, n int) *DB {
	b.Helper()
	dir := os.Getenv("OVO_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, "ovocashier-search-bench-"+strconv.Itoa(n)+".db")
	if _, err := os.Stat(path); err != nil {
		clk := newClock(testStart)
		db, err := Open(path+".tmp", Options{NoSync: true, Now: clk.Now})
		if err != nil {
			b.Fatal(err)
		}
		fund(b, db, 1<<62)
		names := []string{"Budi Santoso", "Siti Rahayu", "Andi Wijaya", "Dewi Lestari", "Agus Salim"}
		for i := 0; i < n; {
			err := db.bolt.Update(func(tx *bolt.Tx) error {
				for j := 0; j < 1_000 && i < n; j, i = j+1, i+1 {
					c := i % 50_000
					nt := newTxn(10_000 + int64(i%100)*1000)
					nt.CustomerNumber = fmt.Sprintf("0812%08d", c)
					nt.CustomerName = names[c%5]
					t, err := begin(tx, nt, clk.Now().UTC())
					if err != nil {
						return err
					}
					if i%10 != 0 { // 90% succeed with an OVO reference
						t.ReferenceNo = fmt.Sprintf("OVO%020d", i)
						t.State = StateSuccess
						if err := indexOVORef(tx, &t); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		db.Close()
		if err := os.Rename(path+".tmp", path); err != nil {
			b.Fatal(err)
		}
	}
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// benchSize is OVO_BENCH_TXNS (the README uses 1,000,000); 0 when unset:
// building that ledger takes minutes and gigabytes, so no plain -bench run
// does it by accident.
func benchSize() int {
	n, _ := strconv.Atoi(os.Getenv("OVO_BENCH_TXNS"))
	return max(n, 0)
}

// BenchmarkSearch is one page (20) of each kind of search in a ledger of
// benchSize() transactions, against the reference of one page of plain
// History in the same ledger. The ledger is built once and kept (see
// benchLedger). Run:
//
//	OVO_BENCH_TXNS=1000000 go test ./storage -run '^$' -bench Search -benchtime 2000x -timeout 60m
func BenchmarkSearch(b *testing.B) {
	n := benchSize()
	if n == 0 {
		b.Skip("set OVO_BENCH_TXNS (e.g. 1000000) to build the ledger this benchmark searches")
	}
	db := benchLedger(b, n)
	for _, c := range []struct {
		name string
		run  func() (Page, error)
	}{
		{"history_reference", func() (Page, error) { return db.History(Query{}) }},
		{"phone_end_4", func() (Page, error) { return db.Search(SearchPhoneEnd, "4321", "", 0, nil) }},
		{"name_word", func() (Page, error) { return db.Search(SearchName, "budi", "", 0, nil) }},
		{"name_start", func() (Page, error) { return db.Search(SearchName, "sit", "", 0, nil) }},
		{"ovo_ref", func() (Page, error) { return db.Search(SearchOVORef, fmt.Sprintf("OVO%020d", 777_777), "", 0, nil) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				p, err := c.run()
				if err != nil || len(p.Txns) == 0 {
					b.Fatal(len(p.Txns), err)
				}
			}
		})
	}
}
