package storage

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// queued is how many transactions wait in the index queue, and how many
// postings idx_terms holds.
func queued(t *testing.T, db *DB) (queue, terms int) {
	t.Helper()
	err := db.view(func(tx *bolt.Tx) error {
		queue = tx.Bucket(bucketIndexQueue).Stats().KeyN
		terms = tx.Bucket(bucketTerms).Stats().KeyN
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return queue, terms
}

// searchRefs is every page of a search, newest first.
func searchRefs(t *testing.T, db *DB, k SearchKind, term string, limit int) []string {
	t.Helper()
	var got []string
	before := ""
	for pages := 0; ; pages++ {
		p, err := db.Search(k, term, before, limit, nil)
		if err != nil || pages > 1000 {
			t.Fatal(pages, err)
		}
		got = append(got, refsOf(p.Txns)...)
		if before = p.Next; before == "" {
			return got
		}
	}
}

// A settled transaction is found at once, before its postings are folded
// into the index, after a reopen (the queue is committed with the outcome)
// and after the fold; each time once, in sequence order among the
// transactions already indexed, by phone, name and OVO reference.
func TestSearchFindsQueuedTransactions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	fund(t, db, 1<<40)
	var want []string // newest first
	ovo, receipts := map[string]string{}, map[string]string{}
	settle := func(i int) {
		tr := mustBegin(t, db, newTxn(10_000))
		tr = mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: fmt.Sprintf("OVO%d", i), Code: "2003800"})
		want = append([]string{tr.PartnerReferenceNo}, want...)
		ovo[fmt.Sprintf("OVO%d", i)] = tr.PartnerReferenceNo
		receipts[tr.ReceiptNo] = tr.PartnerReferenceNo
	}
	early := mustBegin(t, db, newTxn(7_000)) // pending throughout: the oldest
	want = []string{early.PartnerReferenceNo}
	// One fold's worth and three more: folded ones and queued ones mixed.
	for i := range foldAt + 3 {
		settle(i)
	}
	pending := mustBegin(t, db, newTxn(5_000))
	want = append([]string{pending.PartnerReferenceNo}, want...)
	check := func(when string, wantQueue int) {
		t.Helper()
		if q, _ := queued(t, db); q != wantQueue {
			t.Fatalf("%s: %d queued, want %d", when, q, wantQueue)
		}
		for _, q := range []struct {
			k    SearchKind
			term string
		}{{SearchPhoneEnd, "7890"}, {SearchPhoneEnd, "67890"}, {SearchName, "bu"}, {SearchName, "santo"}} {
			for _, limit := range []int{1, 4, 100} {
				if got := searchRefs(t, db, q.k, q.term, limit); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("%s: %q by %d: %v\nwant %v", when, q.term, limit, got, want)
				}
			}
		}
		for o, ref := range ovo {
			p, err := db.Search(SearchOVORef, o, "", 0, nil)
			if err != nil || fmt.Sprint(refsOf(p.Txns)) != fmt.Sprint([]string{ref}) {
				t.Fatalf("%s: %s finds %v (%v), want %s", when, o, refsOf(p.Txns), err, ref)
			}
		}
		for _, q := range []Query{{}, {Phone: newTxn(1).CustomerNumber}, {Operator: "ani"}, {Day: time.Now()}} {
			for _, limit := range []int{1, 4, 100} {
				var got []string
				for before := ""; ; {
					q.Limit, q.Before = limit, before
					p, err := db.History(q)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, refsOf(p.Txns)...)
					if before = p.Next; before == "" || len(got) > 1000 {
						break
					}
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Fatalf("%s: History(%+v):\n%v\nwant %v", when, q, got, want)
				}
			}
		}
		for _, shift := range []string{"", "S-none"} {
			var got []string
			err := db.RangeOtherTxns(time.Now().Add(-time.Hour), time.Now().Add(time.Hour), shift, func(tr Txn) error {
				got = append([]string{tr.PartnerReferenceNo}, got...)
				return nil
			})
			if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%s: RangeOtherTxns, newest first:\n%v (%v)\nwant %v", when, got, err, want)
			}
		}
		if p, err := db.History(Query{Phone: "0899"}); err != nil || len(p.Txns) != 0 {
			t.Fatalf("%s: another phone's history: %v %v", when, refsOf(p.Txns), err)
		}
		for no, ref := range receipts {
			if got, err := db.GetByReceipt(no); err != nil || got.PartnerReferenceNo != ref {
				t.Fatalf("%s: receipt %s gives %s (%v), want %s", when, no, got.PartnerReferenceNo, err, ref)
			}
		}
		if _, err := db.GetByReceipt("R99999999"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("%s: a receipt never given: %v", when, err)
		}
		mustCheck(t, db)
	}
	check("before the fold", 3)
	db.Close()
	if db, err = Open(path, Options{NoSync: true}); err != nil {
		t.Fatal(err)
	}
	check("after a reopen", 3)
	for i := foldAt + 3; i < 2*foldAt; i++ { // the next fold
		settle(i)
	}
	check("after the fold", 0)
}

// The commit that records the first outcome queues the postings and writes
// none; the one that fills the queue folds it, postings and OVO reference
// included; a new OVO reference recorded later is queued again.
func TestSearchQueueFolds(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	var refs []string
	for range foldAt - 1 {
		tr := mustBegin(t, db, newTxn(10_000))
		mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateUnknown, Reason: "timeout"})
		refs = append(refs, tr.PartnerReferenceNo)
	}
	if q, terms := queued(t, db); q != foldAt-1 || terms != 0 {
		t.Fatalf("%d outcomes: %d queued, %d posting chunks; want all queued, none written", foldAt-1, q, terms)
	}
	tr := mustBegin(t, db, newTxn(10_000))
	mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateFailed, Code: "4033802"})
	if q, terms := queued(t, db); q != 0 || terms == 0 {
		t.Fatalf("the fold left %d queued, %d posting chunks", q, terms)
	}
	// OVO's reference of a transaction already folded: queued again, found.
	mustSettle(t, db, refs[0], Outcome{State: StateSuccess, ReferenceNo: "LATE1", Code: "2003800"})
	if q, _ := queued(t, db); q != 1 {
		t.Fatalf("a new OVO reference: %d queued, want 1", q)
	}
	p, err := db.Search(SearchOVORef, "LATE1", "", 0, nil)
	if err != nil || fmt.Sprint(refsOf(p.Txns)) != fmt.Sprint([]string{refs[0]}) {
		t.Fatalf("LATE1 finds %v (%v)", refsOf(p.Txns), err)
	}
	// Queued again with its keys already written: listed once.
	all := append(slices.Clone(refs), tr.PartnerReferenceNo)
	slices.Reverse(all)
	for _, q := range []Query{{Limit: 100}, {Limit: 100, Phone: newTxn(1).CustomerNumber}, {Limit: 3}} {
		got := searchHistory(t, db, q)
		if fmt.Sprint(got) != fmt.Sprint(all) {
			t.Fatalf("History(%+v) after a transaction was queued again:\n%v\nwant %v", q, got, all)
		}
	}
	var ranged []string
	if err := db.RangeTxns(time.Time{}, time.Now().Add(24*time.Hour*365*10), func(tr Txn) error {
		ranged = append([]string{tr.PartnerReferenceNo}, ranged...)
		return nil
	}); err != nil || fmt.Sprint(ranged) != fmt.Sprint(all) {
		t.Fatalf("RangeTxns after a transaction was queued again: %v %v", ranged, err)
	}
	var indexed bool
	db.view(func(tx *bolt.Tx) error { indexed = tx.Bucket(bucketOVORef).Get(ovoRefKey("LATE1")) != nil; return nil })
	if indexed {
		t.Fatal("the OVO reference was written to idx_ovoref before the fold")
	}
	mustCheck(t, db)
}

// The root page, which every commit writes, stays one leaf: a young
// ledger's root splits while its buckets are small enough to be inline, and
// the fold packs it again (two page writes less per commit).
func TestRootPageStaysOneLeaf(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	rng := rand.New(rand.NewPCG(1, 2))
	rootType := func() (typ string) {
		db.view(func(tx *bolt.Tx) error {
			p, err := tx.Page(int(tx.Cursor().Bucket().Root()))
			if err != nil || p == nil {
				t.Fatal(p, err)
			}
			typ = p.Type
			return nil
		})
		return typ
	}
	split := false
	for i := range 10 * foldAt {
		tr := mustBegin(t, db, loadTxn(rng))
		mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: fmt.Sprint(i), Code: "2003800"})
		split = split || rootType() == "branch"
	}
	if !split {
		t.Fatal("the root never split: the test shows nothing")
	}
	if typ := rootType(); typ != "leaf" {
		t.Fatalf("after %d top ups the root page is a %s", 10*foldAt, typ)
	}
	mustCheck(t, db)
}

// A ledger of schema 5 (postings written with each outcome, no queue, its
// root split into leaves) upgrades in place: the queue is made, the root
// packed into one leaf, and searches find what they found before and what
// is settled after.
func TestUpgradeToSearchQueue(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	db, err := Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	fund(t, db, 1<<40)
	var want []string
	for i := range 60 { // enough that the buckets have pages of their own

		tr := mustBegin(t, db, newTxn(10_000))
		mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: fmt.Sprint("OLD", i), Code: "2003800"})
		want = append([]string{tr.PartnerReferenceNo}, want...)
	}
	db.Close()
	pad := func(i int) []byte { return []byte(fmt.Sprint("zz_pad", i)) }
	rawUpdate(t, path, func(tx *bolt.Tx) error { // as schema 5 left it: postings written, no queue
		if err := foldIndex(tx); err != nil {
			return err
		}
		if err := tx.DeleteBucket(bucketIndexQueue); err != nil {
			return err
		}
		for i := range 6 { // inline buckets of a kilobyte: the root splits
			b, err := tx.CreateBucket(pad(i))
			if err != nil {
				return err
			}
			for k := range 30 {
				if err := b.Put([]byte(fmt.Sprint(k)), make([]byte, 8)); err != nil {
					return err
				}
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchemaVersion, u64(5))
	})
	rootType := func(tx *bolt.Tx) string {
		p, err := tx.Page(int(tx.Cursor().Bucket().Root()))
		if err != nil || p == nil {
			t.Fatal(p, err)
		}
		return p.Type
	}
	rawUpdate(t, path, func(tx *bolt.Tx) error { // they shrink; the root's leaves stay apart
		if typ := rootType(tx); typ != "branch" {
			t.Fatalf("the root did not split (%s): the test shows nothing", typ)
		}
		for i := range 6 {
			for k := range 30 {
				if err := tx.Bucket(pad(i)).Delete([]byte(fmt.Sprint(k))); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if v := rawVersion(t, path); v != 5 {
		t.Fatalf("schema %d", v)
	}
	db, err = Open(path, Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if m, _ := db.Meta(); m.SchemaVersion != CurrentSchema() || CurrentSchema() != 6 {
		t.Fatalf("schema %d after the upgrade, current %d", m.SchemaVersion, CurrentSchema())
	}
	db.view(func(tx *bolt.Tx) error {
		if typ := rootType(tx); typ != "leaf" {
			t.Errorf("after the upgrade the root page is a %s", typ)
		}
		return nil
	})
	tr := mustBegin(t, db, newTxn(10_000))
	mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: "NEW1", Code: "2003800"})
	want = append([]string{tr.PartnerReferenceNo}, want...)
	if got := searchRefs(t, db, SearchName, "budi", 2); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("budi: %v, want %v", got, want)
	}
	for o, ref := range map[string]string{"OLD0": want[60], "NEW1": want[0]} {
		if p, err := db.Search(SearchOVORef, o, "", 0, nil); err != nil || fmt.Sprint(refsOf(p.Txns)) != fmt.Sprint([]string{ref}) {
			t.Fatalf("%s: %v %v", o, refsOf(p.Txns), err)
		}
	}
	mustCheck(t, db)
}

// A pending transaction is held in the open set (its key's value), so the
// pending commit writes no page of txns; a status check keeps it there; its
// first outcome moves it to txns (an unknown one leaves its open-set key
// without a value). One begun before (schema 5: in txns, a bare open-set
// key) is read, checked and settled as before.
func TestPendingHeldInTheOpenSet(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	where := func(ref string) (inOpen, inTxns, openKey bool) {
		db.view(func(tx *bolt.Tx) error {
			inst := installation(tx)
			inOpen = len(tx.Bucket(bucketOpen).Get([]byte(ref))) > 0
			openKey = hasKey(tx.Bucket(bucketOpen), []byte(ref))
			inTxns = tx.Bucket(bucketTxns).Get(txnKey(ref, inst)) != nil
			return nil
		})
		return
	}
	want := func(ref string, inOpen, inTxns, openKey bool) {
		t.Helper()
		if a, b, c := where(ref); a != inOpen || b != inTxns || c != openKey {
			t.Fatalf("%s: held in open %v, in txns %v, open key %v; want %v %v %v", ref, a, b, c, inOpen, inTxns, openKey)
		}
		mustCheck(t, db)
	}
	a := mustBegin(t, db, newTxn(10_000))
	want(a.PartnerReferenceNo, true, false, true)
	if _, err := db.NoteCheck(a.PartnerReferenceNo, "pending at OVO"); err != nil {
		t.Fatal(err)
	}
	want(a.PartnerReferenceNo, true, false, true)
	if got, err := db.Get(a.PartnerReferenceNo); err != nil || got.StatusChecks != 1 || got.State != StatePending {
		t.Fatalf("%+v %v", got, err)
	}
	mustSettle(t, db, a.PartnerReferenceNo, Outcome{State: StateUnknown, Reason: "timeout"})
	want(a.PartnerReferenceNo, false, true, true)
	mustSettle(t, db, a.PartnerReferenceNo, Outcome{State: StateSuccess, Code: "2003800"})
	want(a.PartnerReferenceNo, false, true, false)

	// As schema 5 wrote it: the record in txns, the open-set key bare.
	b := mustBegin(t, db, newTxn(20_000))
	err := db.write(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketOpen).Get([]byte(b.PartnerReferenceNo))
		if err := tx.Bucket(bucketTxns).Put(txnKey(b.PartnerReferenceNo, installation(tx)), slices.Clone(v)); err != nil {
			return err
		}
		return tx.Bucket(bucketOpen).Put([]byte(b.PartnerReferenceNo), nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	want(b.PartnerReferenceNo, false, true, true)
	if got, err := db.Get(b.PartnerReferenceNo); err != nil || got.State != StatePending || got.Amount != 20_000 {
		t.Fatalf("%+v %v", got, err)
	}
	mustSettle(t, db, b.PartnerReferenceNo, Outcome{State: StateFailed, Code: "4033802"})
	want(b.PartnerReferenceNo, false, true, false)
	if d := mustDeposit(t, db); d.Reserved != 0 {
		t.Fatalf("reserved %d", d.Reserved)
	}
}

// A queued key that names no transaction (a damaged file) is reported by
// check, passed over by History and Search, and dropped by the fold: it
// never stops an outcome from being recorded.
func TestFoldSkipsAQueuedKeyWithoutTransaction(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	tr := mustBegin(t, db, newTxn(10_000))
	mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateFailed, Code: "4033802"})
	ghost := tr
	err := db.write(func(tx *bolt.Tx) error {
		p, _ := postingOf(tr.PartnerReferenceNo, installation(tx))
		ghost.PartnerReferenceNo = posting{seq: p.seq + 1000, day: p.day}.ref(installation(tx))
		return tx.Bucket(bucketIndexQueue).Put(txnKey(ghost.PartnerReferenceNo, installation(tx)), stamp(tr.CreatedAt.Add(time.Second)))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Check(); err == nil || !strings.Contains(err.Error(), "the index queue names "+ghost.PartnerReferenceNo) {
		t.Fatalf("check: %v", err)
	}
	for _, q := range []Query{{}, {Phone: tr.CustomerNumber}} {
		if p, err := db.History(q); err != nil || len(p.Txns) != 1 {
			t.Fatalf("history beside the key: %v %v", refsOf(p.Txns), err)
		}
	}
	if err := db.RangeTxns(tr.CreatedAt.Add(-time.Hour), tr.CreatedAt.Add(time.Hour), func(Txn) error { return nil }); err != nil {
		t.Fatalf("range beside the key: %v", err)
	}
	if _, err := db.GetByReceipt("R99999999"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("receipt beside the key: %v", err)
	}
	if p, err := db.Search(SearchName, "budi", "", 0, nil); err != nil || len(p.Txns) != 1 {
		t.Fatalf("search beside the key: %v %v", refsOf(p.Txns), err)
	}
	for range foldAt {
		tr := mustBegin(t, db, newTxn(10_000))
		mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateSuccess, Code: "2003800"})
	}
	if q, _ := queued(t, db); q >= foldAt {
		t.Fatalf("%d queued: the fold did not run", q)
	}
	mustCheck(t, db)
}

// Without the queue bucket (a file that lost it) an outcome writes its
// index entries at once: nothing is left unindexed.
func TestNoQueueIndexesAtOnce(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	if err := db.write(func(tx *bolt.Tx) error { return tx.DeleteBucket(bucketIndexQueue) }); err != nil {
		t.Fatal(err)
	}
	tr := mustBegin(t, db, newTxn(10_000))
	tr = mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: "NOQ1", Code: "2003800"})
	if got, err := db.GetByReceipt(tr.ReceiptNo); err != nil || got.PartnerReferenceNo != tr.PartnerReferenceNo {
		t.Fatalf("receipt: %v %v", got.PartnerReferenceNo, err)
	}
	for _, q := range []Query{{}, {Phone: tr.CustomerNumber}} {
		if p, err := db.History(q); err != nil || fmt.Sprint(refsOf(p.Txns)) != fmt.Sprint([]string{tr.PartnerReferenceNo}) {
			t.Fatalf("history %+v: %v %v", q, refsOf(p.Txns), err)
		}
	}
	if p, err := db.Search(SearchOVORef, "NOQ1", "", 0, nil); err != nil || len(p.Txns) != 1 {
		t.Fatalf("search: %v %v", refsOf(p.Txns), err)
	}
	mustCheck(t, db)
}

// searchHistory is every page of History q, newest first.
func searchHistory(t *testing.T, db *DB, q Query) []string {
	t.Helper()
	var got []string
	for pages := 0; ; pages++ {
		p, err := db.History(q)
		if err != nil || pages > 1000 {
			t.Fatal(pages, err)
		}
		got = append(got, refsOf(p.Txns)...)
		if q.Before = p.Next; q.Before == "" {
			return got
		}
	}
}
