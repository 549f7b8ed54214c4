package storage

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// The reads of the top-up path (issue 17): the checkout's repeat check
// (History by phone, Limit 50, of a phone usually never seen), a History
// page, and the transaction reads of Settle, on a ledger as a busy
// server's looks between folds. Judge them by allocs/op and B/op: on a
// shared machine the time is noise.

// Phones of the top-up-path ledger (readPathLedger).
const (
	benchRegular = "081299990000" // a folded, a queued and a pending transaction
	benchUnseen  = "081377778888" // none
)

// readPathLedger is a NoSync ledger of n settled top ups (the load
// command's field sizes, 500 per commit) with the index queue half full
// (n%foldAt = 16 queued for n = 10,000) and 64 pending transactions, as
// 64 sessions in the middle of their top ups leave it; benchRegular has
// one transaction folded, one queued and one pending. It returns the
// references of a folded, a queued and a pending transaction.
func readPathLedger(b *testing.B, n int) (db *DB, folded, queuedRef, pending string) {
	b.Helper()
	db = openNoSyncBench(b)
	rng := rand.New(rand.NewPCG(11, 12))
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, jakarta)
	for done := 0; done < n; done += 500 {
		err := db.write(func(tx *bolt.Tx) error {
			for i := 0; i < 500 && done+i < n; i++ {
				now = now.Add(time.Duration(rng.IntN(2_000)) * time.Millisecond)
				nt := loadTxn(rng)
				if k := done + i; k == 10 || k == n-1 {
					nt.CustomerNumber = benchRegular
				}
				tr, err := topUpInTx(tx, nt, now, rng)
				if err != nil {
					return err
				}
				switch done + i {
				case 10:
					folded = tr.PartnerReferenceNo
				case n - 1:
					queuedRef = tr.PartnerReferenceNo
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for i := range 64 {
		nt := loadTxn(rng)
		if i == 63 {
			nt.CustomerNumber = benchRegular
		}
		tr, err := db.Begin(nt)
		if err != nil {
			b.Fatal(err)
		}
		pending = tr.PartnerReferenceNo
	}
	var q int
	db.view(func(tx *bolt.Tx) error { q = tx.Bucket(bucketIndexQueue).Stats().KeyN; return nil })
	b.Logf("%d settled, %d queued, 64 pending", n, q)
	return db, folded, queuedRef, pending
}

// BenchmarkTopUpPathReads is each read of the top-up path on a ledger of
// 10,000 transactions, 16 queued and 64 pending (readPathLedger).
func BenchmarkTopUpPathReads(b *testing.B) {
	db, folded, queuedRef, pending := readPathLedger(b, 10_000)
	for _, c := range []struct {
		name string
		q    Query
		want int
	}{
		{"history/phone-unseen", Query{Phone: benchUnseen, Limit: 50}, 0},
		{"history/phone-regular", Query{Phone: benchRegular, Limit: 50}, 3},
		{"history/time-20", Query{Limit: 20}, 20},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if p, err := db.History(c.q); err != nil || len(p.Txns) != c.want {
					b.Fatal(len(p.Txns), err)
				}
			}
		})
	}
	b.Run("search/phone-end", func(b *testing.B) { // the find screen: it merges the queue and the open set too
		b.ReportAllocs()
		for b.Loop() {
			if p, err := db.Search(SearchPhoneEnd, benchRegular[len(benchRegular)-6:], "", 20, nil); err != nil || len(p.Txns) < 3 {
				b.Fatal(len(p.Txns), err)
			}
		}
	})
	b.Run("open", func(b *testing.B) { // the repeat check past its window, the reconciler
		b.ReportAllocs()
		for b.Loop() {
			if o, err := db.Open(); err != nil || len(o) != 64 {
				b.Fatal(len(o), err)
			}
		}
	})
	if _, err := db.OpenShift(NewShift{Operator: "ani", Terminal: "T1", Outlet: "OUTLET-1"}); err != nil {
		b.Fatal(err)
	}
	b.Run("current-shift", func(b *testing.B) { // each transaction of an operator reads it
		b.ReportAllocs()
		for b.Loop() {
			if _, err := db.CurrentShift("ani", "T1"); err != nil {
				b.Fatal(err)
			}
		}
	})
	for name, ref := range map[string]string{"folded": folded, "queued": queuedRef, "pending": pending} {
		b.Run("get/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := db.Get(ref); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTopUpPathCommits is a top up's two commits (a Begin, and the
// Settle of the oldest open transaction) on the ledger of
// BenchmarkTopUpPathReads, 64 transactions kept open as 64 sessions keep
// them: allocations and page writes (writes/op, the meta page included)
// per top up. NoSync: the fsyncs are the same before and after any change
// here.
func BenchmarkTopUpPathCommits(b *testing.B) {
	db, _, _, _ := readPathLedger(b, 10_000)
	open, err := db.Open()
	if err != nil {
		b.Fatal(err)
	}
	refs := refsOf(open)
	rng := rand.New(rand.NewPCG(13, 14))
	writes := func() int64 { st := db.bolt.Stats(); return st.TxStats.GetWrite() }
	w0 := writes()
	b.ReportAllocs()
	for b.Loop() {
		tr, err := db.Begin(loadTxn(rng))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Settle(refs[0], Outcome{State: StateSuccess, ReferenceNo: fmt.Sprintf("%020d", rng.Uint64()), Code: "2003800"}); err != nil {
			b.Fatal(err)
		}
		refs = append(refs[1:], tr.PartnerReferenceNo)
	}
	b.ReportMetric(float64(writes()-w0)/float64(b.N), "writes/op")
}
