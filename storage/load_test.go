package storage

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestLoadLedger is the ledger's load command (issue 17), skipped unless
// OVO_LOAD=1:
//
//	OVO_LOAD=1 [OVO_LOAD_N=1000000] go test -run TestLoadLedger -v -timeout 60m ./storage/
//
// It reports, on this machine's temp file system:
//   - ledger bytes per transaction after OVO_LOAD_N settled top ups with
//     realistic field sizes (file size and bbolt's high-water mark), written
//     500 transactions per commit (the pages fill as with one per commit);
//   - one session's durable top up (Begin and Settle, two fsync'd commits)
//     against a raw fsync'd bbolt Update of one small key, measured in the
//     same run, interleaved, median of 3 rounds of 300: the ratio
//     rate ÷ (raw rate ÷ 2) (1 is the ceiling for two commits).
func TestLoadLedger(t *testing.T) {
	if os.Getenv("OVO_LOAD") == "" {
		t.Skip("load command: set OVO_LOAD=1 (and OVO_LOAD_N) to run")
	}
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("OVO_LOAD_N")); err == nil && v > 0 {
		n = v
	}
	dir := t.TempDir()

	rawMs, topUpMs, w := durableRates(t, dir)
	t.Logf("durable: raw bbolt Update %.3f ms, top up (Begin+Settle) %.3f ms: %.2f raw commits; rate ÷ (raw rate ÷ 2) = %.2f",
		rawMs, topUpMs, topUpMs/rawMs, 2*rawMs/topUpMs)
	t.Logf("durable: page writes per commit (meta page included): raw %.1f, pending %.1f, outcome %.1f", w[0], w[1], w[2])

	path := filepath.Join(dir, "big.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SetBalance(1<<62, time.Time{}); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, jakarta)
	start := time.Now()
	const perCommit = 500
	for done := 0; done < n; done += perCommit {
		err := db.write(func(tx *bolt.Tx) error {
			for i := 0; i < perCommit && done+i < n; i++ {
				now = now.Add(time.Duration(rng.IntN(20_000)) * time.Millisecond)
				if _, err := topUpInTx(tx, loadTxn(rng), now, rng); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	fi, _ := os.Stat(path)
	var used int64
	db.view(func(tx *bolt.Tx) error { used = tx.Size(); return nil })
	t.Logf("ledger: %d transactions in %v; file %d bytes = %.0f bytes/transaction; written up to %d = %.0f bytes/transaction",
		n, time.Since(start).Round(time.Second), fi.Size(), float64(fi.Size())/float64(n), used, float64(used)/float64(n))
	// Where the bytes are: each bucket's pages and how full they are.
	db.view(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			st := b.Stats()
			pages := st.BranchPageN + st.BranchOverflowN + st.LeafPageN + st.LeafOverflowN
			alloc := st.BranchAlloc + st.LeafAlloc
			if pages > 1 {
				t.Logf("bucket %-14s %9d keys %7d pages = %6.0f bytes/transaction, %3.0f %% used",
					name, st.KeyN, pages, float64(alloc)/float64(n), 100*float64(st.BranchInuse+st.LeafInuse)/float64(max(alloc, 1)))
			}
			return nil
		})
	})
	// What one pending commit and one outcome commit write, at this size.
	pages := func() int64 { st := db.bolt.Stats(); return st.TxStats.GetWrite() }
	var beginW, settleW int64
	const k = 200
	for range k {
		w0 := pages()
		tr, err := db.Begin(loadTxn(rng))
		if err != nil {
			t.Fatal(err)
		}
		w1 := pages()
		if _, err := db.Settle(tr.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: fmt.Sprintf("%020d", rng.Uint64()), Code: "2003800"}); err != nil {
			t.Fatal(err)
		}
		beginW, settleW = beginW+w1-w0, settleW+pages()-w1
	}
	t.Logf("page writes per commit at %d transactions (meta page included): pending %.1f, outcome %.1f", n, float64(beginW)/k, float64(settleW)/k)
	var page Page
	hs := time.Now()
	if page, err = db.History(Query{Limit: 20}); err != nil || len(page.Txns) != 20 {
		t.Fatalf("history: %d, %v", len(page.Txns), err)
	}
	t.Logf("history page of 20 at %d transactions: %v", n, time.Since(hs))
	db.Close()
	os0 := time.Now()
	db2, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Open with its check at %d transactions: %v", n, time.Since(os0))
	vs := time.Now()
	if err := db2.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Logf("full Verify (ovocashier check) at %d transactions: %v", n, time.Since(vs))
	db2.Close()
}

// topUpInTx begins nt at now and records its success 300 ms later inside
// tx, as Begin and then Settle do in their commits (many to a commit: the
// load and benchmark ledgers are built this way).
func topUpInTx(tx *bolt.Tx, nt NewTxn, now time.Time, rng *rand.Rand) (Txn, error) {
	tr, err := begin(tx, nt, now.UTC())
	if err != nil {
		return Txn{}, err
	}
	o := Outcome{State: StateSuccess, ReferenceNo: fmt.Sprintf("%020d", rng.Uint64()), Code: "2003800",
		Message: "Successful", Reason: "success"}
	if err := settle(tx, &tr, o, now.Add(300*time.Millisecond).UTC()); err != nil {
		return Txn{}, err
	}
	if err := putTxn(tx, &tr); err != nil {
		return Txn{}, err
	}
	return tr, queueIndex(tx, &tr) // as Settle does
}

// loadTxn is a top up with the field sizes of a real one.
func loadTxn(rng *rand.Rand) NewTxn {
	return NewTxn{
		Kind: KindTopUp, CustomerNumber: fmt.Sprintf("0812%08d", rng.IntN(50_000)), CustomerName: "BUDI SANTOSO WIJAYA",
		Amount: int64(10_000 * (1 + rng.IntN(100))), Fee: 1_000, Operator: "Siti Rahayu", Outlet: "Outlet Pasar Minggu",
		ExternalID: fmt.Sprintf("%d%020d", time.Now().UnixMilli(), rng.Uint64()), SessionID: fmt.Sprintf("%032x", rng.Uint64()),
	}
}

// durableRates is the median time of a raw fsync'd bbolt Update of one
// small key and of a durable Begin+Settle, in ms, interleaved in 3 rounds
// of 300, and the page writes of a raw commit, a pending and an outcome
// commit over the 900.
func durableRates(t *testing.T, dir string) (rawMs, topUpMs float64, writes [3]float64) {
	bdb, err := bolt.Open(filepath.Join(dir, "raw.db"), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	bdb.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("b")); return err })
	db, err := Open(filepath.Join(dir, "durable.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetBalance(1<<62, time.Time{})
	rng := rand.New(rand.NewPCG(3, 4))
	const k = 300
	var raws, tops []float64
	var key uint64
	rawW := func() int64 { st := bdb.Stats(); return st.TxStats.GetWrite() }
	ourW := func() int64 { st := db.bolt.Stats(); return st.TxStats.GetWrite() }
	var w [3]int64
	for range 3 {
		s := time.Now()
		w0 := rawW()
		for range k {
			key++
			if err := bdb.Update(func(tx *bolt.Tx) error {
				return tx.Bucket([]byte("b")).Put(binary.BigEndian.AppendUint64(nil, key), []byte("small value"))
			}); err != nil {
				t.Fatal(err)
			}
		}
		raws = append(raws, float64(time.Since(s))/float64(time.Millisecond)/k)
		w[0] += rawW() - w0
		s = time.Now()
		for range k {
			w0 := ourW()
			tr, err := db.Begin(loadTxn(rng))
			if err != nil {
				t.Fatal(err)
			}
			w1 := ourW()
			w[1] += w1 - w0
			if _, err := db.Settle(tr.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: fmt.Sprintf("%020d", rng.Uint64()), Code: "2003800", Message: "Successful", Reason: "success"}); err != nil {
				t.Fatal(err)
			}
			w[2] += ourW() - w1
		}
		tops = append(tops, float64(time.Since(s))/float64(time.Millisecond)/k)
	}
	slices.Sort(raws)
	slices.Sort(tops)
	for i := range w {
		writes[i] = float64(w[i]) / (3 * k)
	}
	return raws[1], tops[1], writes
}
