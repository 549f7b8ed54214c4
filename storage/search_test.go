package storage

import (
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

// Only some lengths of a term have postings; a longer query walks the
// longest indexed part and keeps what matches it all, so its results are
// those of every length indexed.
func TestSearchLongerThanTheIndexedTerm(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	near := newTxn(20_000) // shares the last 6 digits and the name starts "se", "seti" with far
	near.CustomerNumber, near.CustomerName = "081299767890", "Sekar Setiadi"
	far := newTxn(20_000)
	far.CustomerNumber, far.CustomerName = "081298767890", "Setiawan Kurniawati"
	n1 := mustBegin(t, db, near)
	f1 := mustBegin(t, db, far)
	for _, tc := range []struct {
		kind SearchKind
		term string
		want []string
	}{
		{SearchPhoneEnd, "67890", []string{f1.PartnerReferenceNo, n1.PartnerReferenceNo}},
		{SearchPhoneEnd, "767890", []string{f1.PartnerReferenceNo, n1.PartnerReferenceNo}},
		{SearchPhoneEnd, "8767890", []string{f1.PartnerReferenceNo}},
		{SearchPhoneEnd, "9767890", []string{n1.PartnerReferenceNo}},
		{SearchPhoneEnd, "081298767890", []string{f1.PartnerReferenceNo}},
		{SearchName, "se", []string{f1.PartnerReferenceNo, n1.PartnerReferenceNo}},
		{SearchName, "sek", []string{n1.PartnerReferenceNo}},
		{SearchName, "setia", []string{f1.PartnerReferenceNo, n1.PartnerReferenceNo}},
		{SearchName, "setiaw", []string{f1.PartnerReferenceNo}},
		{SearchName, "setiad", []string{n1.PartnerReferenceNo}},
		{SearchName, "kurniawati", []string{f1.PartnerReferenceNo}},
		{SearchName, "kurniawan", nil},
	} {
		p, err := db.Search(tc.kind, tc.term, "", 0, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := refsOf(p.Txns); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%c %q: %v, want %v", tc.kind, tc.term, got, tc.want)
		}
	}
}

// A term's postings span many chunks; pages walk them all, newest first,
// each once.
func TestSearchPagesAcrossChunks(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	var want []string
	for i := 0; i < 400; i++ {
		tr := mustBegin(t, db, newTxn(10_000))
		// Every seventh stays pending: it has no postings yet and comes
		// from the open set, in its place among the others.
		if i%7 != 3 {
			mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateFailed, Code: "4033802"})
		}
		want = append(want, tr.PartnerReferenceNo)
	}
	slices.Reverse(want)
	var got []string
	before := ""
	for pages := 0; ; pages++ {
		p, err := db.Search(SearchPhoneEnd, "67890", before, 7, nil) // a finer match over the "7890" postings
		if err != nil || pages > 100 {
			t.Fatal(pages, err)
		}
		got = append(got, refsOf(p.Txns)...)
		if before = p.Next; before == "" {
			break
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("paged %d transactions, want the %d, newest first", len(got), len(want))
	}
	chunks := 0
	db.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTerms).ForEach(func(k, _ []byte) error {
			if _, ok := chunkBase(k, searchPrefix(SearchPhoneEnd, "7890")); ok {
				chunks++
			}
			return nil
		})
	})
	if chunks < 2 {
		t.Fatalf("400 postings in %d chunk(s): the test does not cross a chunk", chunks)
	}
}

// Postings added out of order (an upgrade indexes references in their
// byte order, days first) land in order in the chunk that covers them,
// once each.
func TestAddPostingOutOfOrder(t *testing.T) {
	db, _ := openTest(t)
	rng := rand.New(rand.NewPCG(3, 4))
	want := map[uint64]posting{}
	err := db.write(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTerms)
		prefix := searchPrefix(SearchName, "zz")
		for range 3000 {
			p := posting{seq: 1 + rng.Uint64N(2000), day: 20000 + rng.Uint64N(3)}
			if q, ok := want[p.seq]; ok {
				p = q // a sequence names one transaction
			}
			want[p.seq] = p
			if err := addPosting(b, prefix, p); err != nil {
				return err
			}
		}
		var all []posting
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil; k, v = c.Next() {
			base, ok := chunkBase(k, prefix)
			if !ok {
				break
			}
			var good bool
			if all, good = decodeChunk(all, base, v); !good || all[len(all)-1].seq < base {
				t.Fatalf("chunk %d does not decode", base)
			}
		}
		if len(all) != len(want) {
			t.Fatalf("%d postings, want %d", len(all), len(want))
		}
		for i, p := range all {
			if want[p.seq] != p || (i > 0 && all[i-1].seq >= p.seq) {
				t.Fatalf("posting %d: %+v out of order or wrong (want %+v)", i, p, want[p.seq])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A page of search costs the page: the walk visits the term's keys only.
func TestSearchPageCostIndependentOfLedgerSize(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	other := newTxn(10_000)
	other.CustomerNumber, other.CustomerName = "081311112222", "Andi Wijaya"
	for i := 0; i < 300; i++ {
		tr := mustBegin(t, db, other)
		mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateFailed, Code: "4033802"})
		if i%30 == 0 {
			tr := mustBegin(t, db, newTxn(10_000))
			mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateFailed, Code: "4033802"})
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
		for _, b := range [][]byte{bucketTerms, bucketOVORef} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
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

// OVO references are indexed by a 64-bit hash: should two collide, the key
// holds both postings and a search returns only the transaction whose
// reference it is.
func TestSearchOVORefHashCollision(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	a := mustBegin(t, db, newTxn(10_000))
	b := mustBegin(t, db, newTxn(20_000))
	a = mustSettle(t, db, a.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: "OVOA1", Code: "2003800"})
	b = mustSettle(t, db, b.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: "OVOB2", Code: "2003800"})
	err := db.write(func(tx *bolt.Tx) error { // b's posting under a's key too, as a collision would put it
		bk := tx.Bucket(bucketOVORef)
		return bk.Put(ovoRefKey("OVOA1"), append(slices.Clone(bk.Get(ovoRefKey("OVOA1"))), bk.Get(ovoRefKey("OVOB2"))...))
	})
	if err != nil {
		t.Fatal(err)
	}
	for ref, want := range map[string]string{"OVOA1": a.PartnerReferenceNo, "OVOB2": b.PartnerReferenceNo} {
		p, err := db.Search(SearchOVORef, ref, "", 0, nil)
		if err != nil || fmt.Sprint(refsOf(p.Txns)) != fmt.Sprint([]string{want}) {
			t.Errorf("%s: %v %v, want %s", ref, refsOf(p.Txns), err, want)
		}
	}
}

// Begin writes no search postings (the pending commit writes only what
// settling needs); the first outcome queues them (queue.go); a pending
// transaction is found meanwhile, once, also when it has postings from
// before the rule.
func TestSearchPostingsWithTheFirstOutcome(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	terms := func() (n int) {
		db.view(func(tx *bolt.Tx) error { n = tx.Bucket(bucketTerms).Stats().KeyN; return nil })
		return n
	}
	a := mustBegin(t, db, newTxn(10_000))
	if n := terms(); n != 0 {
		t.Fatalf("Begin wrote %d search keys", n)
	}
	b := mustBegin(t, db, newTxn(20_000))
	// b as a transaction begun before the rule: postings from Begin.
	if err := db.write(func(tx *bolt.Tx) error { tr, _ := getTxn(tx, b.PartnerReferenceNo); return indexSearch(tx, &tr) }); err != nil {
		t.Fatal(err)
	}
	c := mustBegin(t, db, newTxn(30_000))
	mustSettle(t, db, a.PartnerReferenceNo, Outcome{State: StateUnknown, Reason: "timeout"})
	if q, _ := queued(t, db); q != 1 {
		t.Fatalf("the first outcome queued %d transactions, want 1", q)
	}
	for _, q := range []struct {
		k    SearchKind
		term string
	}{{SearchPhoneEnd, "7890"}, {SearchPhoneEnd, "567890"}, {SearchName, "bu"}, {SearchName, "budi"}} {
		var got []string
		before := ""
		for {
			p, err := db.Search(q.k, q.term, before, 1, nil)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, refsOf(p.Txns)...)
			if before = p.Next; before == "" {
				break
			}
		}
		if want := []string{c.PartnerReferenceNo, b.PartnerReferenceNo, a.PartnerReferenceNo}; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: %v, want %v", q.term, got, want)
		}
	}
}

// addPostings (the fold's) writes exactly what addPosting one by one
// writes: to an empty term, after a partial or a full last chunk, across
// days, among other terms' chunks, and out of order or repeated (where it
// falls back to one by one).
func TestAddPostingsAsOneByOne(t *testing.T) {
	db, _ := openTest(t)
	rng := rand.New(rand.NewPCG(7, 8))
	run := func(name string, existing, batch []posting) {
		t.Helper()
		var got, want [][2]string
		for i, out := range []*[][2]string{&got, &want} {
			err := db.write(func(tx *bolt.Tx) error {
				*out = nil
				_ = tx.DeleteBucket([]byte("zz"))
				b, err := tx.CreateBucket([]byte("zz"))
				if err != nil {
					return err
				}
				for _, other := range []string{"ab", "bz"} { // neighbours on both sides
					if err := addPosting(b, searchPrefix(SearchName, other), posting{seq: 5, day: 20000}); err != nil {
						return err
					}
				}
				prefix := searchPrefix(SearchName, "bu")
				for _, p := range existing {
					if err := addPosting(b, prefix, p); err != nil {
						return err
					}
				}
				if i == 0 {
					err = addPostings(b, prefix, batch)
				} else {
					for _, p := range batch {
						if err = addPosting(b, prefix, p); err != nil {
							break
						}
					}
				}
				if err != nil {
					return err
				}
				return b.ForEach(func(k, v []byte) error {
					*out = append(*out, [2]string{string(k), string(v)})
					return nil
				})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: addPostings wrote\n%q\none by one\n%q", name, got, want)
		}
	}
	seqs := func(from, n int, day uint64) []posting {
		var ps []posting
		for i := range n {
			ps = append(ps, posting{seq: uint64(from + 2*i), day: day + uint64(rng.IntN(2))})
		}
		return ps
	}
	run("empty term", nil, seqs(10, 40, 20000))
	run("many chunks at once", nil, seqs(10, 400, 20000))
	run("after a partial chunk", seqs(10, 20, 20000), seqs(100, 30, 20001))
	full := make([]posting, 253) // 4 bytes and 252 of 1: exactly maxChunk
	for i := range full {
		full[i] = posting{seq: uint64(10 + 2*i), day: 20000}
	}
	if len(encodeChunk(full)) != maxChunk {
		t.Fatalf("%d bytes", len(encodeChunk(full)))
	}
	run("after a full chunk", full, seqs(1000, 3, 20001))
	run("after a chunk one short of full", full[:252], seqs(1000, 3, 20001))
	run("among its own postings", seqs(10, 30, 20000), seqs(11, 10, 20000))
	run("repeated", seqs(10, 30, 20000), seqs(60, 10, 20000))
	run("before every chunk", seqs(100, 30, 20000), seqs(10, 5, 20000))
}
