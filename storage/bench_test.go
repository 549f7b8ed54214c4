package storage

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// The benchmarks below are durable (fsync'd) unless noted, on the file
// system of the test's temp dir, so that their numbers compare with each
// other: BenchmarkRawBoltUpdate is the floor one commit costs.

// BenchmarkRawBoltUpdate is one fsync'd bbolt Update writing one small key.
func BenchmarkRawBoltUpdate(b *testing.B) {
	bdb, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	if err := bdb.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err }); err != nil {
		b.Fatal(err)
	}
	var i uint64
	for b.Loop() {
		i++
		err := bdb.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("b")).Put(binary.BigEndian.AppendUint64(nil, i), []byte("small value"))
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// openBench opens a durable ledger with a deposit that never runs out.
func openBench(b *testing.B) *DB { return openBenchWith(b, Options{}) }

// openNoSyncBench is openBench without fsync.
func openNoSyncBench(b *testing.B) *DB { return openBenchWith(b, Options{NoSync: true}) }

// openBenchWith opens a ledger with opts and a deposit that never runs out.
func openBenchWith(b *testing.B, opts Options) *DB {
	b.Helper()
	db, err := Open(filepath.Join(b.TempDir(), "ledger.db"), opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.SetBalance(1<<62, db.now()); err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkBeginSettle is one transaction lifecycle: a durable Begin and a
// durable Settle (two commits).
func BenchmarkBeginSettle(b *testing.B) {
	db := openBench(b)
	n := newTxn(10_000)
	i := 0
	for b.Loop() {
		tx, err := db.Begin(n)
		if err != nil {
			b.Fatal(err)
		}
		i++ // each its own OVO reference, as OVO gives (one shared one would grow one index value without end)
		if _, err := db.Settle(tx.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: fmt.Sprint("OVO", i), Code: "2003800"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBeginParallel is durable Begins from many goroutines at once
// (think SSH sessions): group commit lets them share commits. The metric
// begins/commit shows how many shared each commit.
func BenchmarkBeginParallel(b *testing.B) {
	db := openBench(b)
	n := newTxn(10_000)
	commits0 := db.c.commits.Load()
	b.SetParallelism(32) // 32 × GOMAXPROCS goroutines
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := db.Begin(n); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	if c := db.c.commits.Load() - commits0; c > 0 {
		b.ReportMetric(float64(b.N)/float64(c), "begins/commit")
	}
}

// BenchmarkBeginSerial is durable Begins one after another: a lone writer,
// one commit each, for comparison with BenchmarkBeginParallel.
func BenchmarkBeginSerial(b *testing.B) {
	db := openBench(b)
	n := newTxn(10_000)
	for b.Loop() {
		if _, err := db.Begin(n); err != nil {
			b.Fatal(err)
		}
	}
}

// topUp begins n and settles it as a success with a new OVO reference.
func topUp(b *testing.B, db *DB, rng *rand.Rand, n NewTxn) {
	tr, err := db.Begin(n)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Settle(tr.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: fmt.Sprintf("%020d", rng.Uint64()), Code: "2003800"}); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkBeginSettleNoSync is BenchmarkBeginSettle without fsync, with
// the load command's field sizes and a new OVO reference each time: the
// CPU a top up's two commits cost (issue 17), fsync left out.
func BenchmarkBeginSettleNoSync(b *testing.B) {
	db := openNoSyncBench(b)
	rng := rand.New(rand.NewPCG(5, 6))
	for b.Loop() {
		topUp(b, db, rng, loadTxn(rng))
	}
}

// BenchmarkHistoryPageAfterTopUps is a History page of 20, newest first,
// by time and by phone, on a ledger of 3,000 settled top ups (the index
// queue as the last of them left it) and one still pending.
func BenchmarkHistoryPageAfterTopUps(b *testing.B) {
	db := openNoSyncBench(b)
	rng := rand.New(rand.NewPCG(7, 8))
	const regular = "081299990000" // a regular customer: one top up in ten
	for i := range 3_000 {
		n := loadTxn(rng)
		if i%10 == 0 {
			n.CustomerNumber = regular
		}
		topUp(b, db, rng, n)
	}
	if _, err := db.Begin(loadTxn(rng)); err != nil {
		b.Fatal(err)
	}
	for name, q := range map[string]Query{"time": {Limit: 20}, "phone": {Limit: 20, Phone: regular}} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if p, err := db.History(q); err != nil || len(p.Txns) != 20 {
					b.Fatal(len(p.Txns), err)
				}
			}
		})
	}
}
