package storage

import (
	"slices"
	"testing"
)

// History by phone (the checkout's repeat check) finds a phone's
// transactions wherever they are, each once, newest first: folded into
// idx_phone, waiting in the index queue, pending in the open set, or
// unknown (queued, with a bare open-set key), beside other phones'
// transactions in each place, on every page size.
func TestHistoryByPhoneAcrossQueue(t *testing.T) {
	const phone, other = "081234567890", "081298765432" // newTxn's, another
	type step struct {
		phone string
		state State // "": left pending
		fold  bool  // then settle others until the queue folds
	}
	for _, c := range []struct {
		name  string
		steps []step
	}{
		{"queued only", []step{{phone, StateSuccess, false}}},
		{"folded only", []step{{phone, StateSuccess, true}}},
		{"folded and queued", []step{{phone, StateSuccess, true}, {phone, StateFailed, false}}},
		{"other phone in queue", []step{{other, StateSuccess, false}}},
		{"other phone in queue beside folded", []step{{phone, StateSuccess, true}, {other, StateSuccess, false}}},
		{"pending only", []step{{phone, "", false}}},
		{"other phone pending", []step{{other, "", false}, {phone, StateSuccess, true}}},
		{"unknown, queued", []step{{phone, StateUnknown, false}}},
		{"unknown, folded", []step{{phone, StateUnknown, true}}},
		{"folded, queued and pending", []step{{phone, StateSuccess, true}, {phone, StateSuccess, false}, {other, StateSuccess, false}, {phone, "", false}}},
		{"never seen", []step{{other, StateSuccess, true}, {other, StateSuccess, false}, {other, "", false}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db, _ := openTest(t)
			fund(t, db, 1<<40)
			var want []string // phone's, newest first
			for _, s := range c.steps {
				n := newTxn(10_000)
				n.CustomerNumber = s.phone
				tr := mustBegin(t, db, n)
				if s.phone == phone {
					want = append([]string{tr.PartnerReferenceNo}, want...)
				}
				if s.state != "" {
					mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: s.state, Code: "x"})
				}
				if s.fold {
					for q, _ := queued(t, db); q != 0; q, _ = queued(t, db) {
						n := newTxn(10_000)
						n.CustomerNumber = "081311112222" // a third phone's
						f := mustBegin(t, db, n)
						mustSettle(t, db, f.PartnerReferenceNo, Outcome{State: StateSuccess, Code: "x"})
					}
				}
			}
			for _, limit := range []int{1, 2, 50} {
				got := searchHistory(t, db, Query{Phone: phone, Limit: limit})
				if !slices.Equal(got, want) {
					t.Fatalf("History(phone, limit %d) = %v, want %v", limit, got, want)
				}
			}
			for _, ref := range want {
				if got, err := db.Get(ref); err != nil || got.CustomerNumber != phone {
					t.Fatalf("Get(%s) = %s, %v", ref, got.CustomerNumber, err)
				}
			}
			mustCheck(t, db)
		})
	}
}

// The repeat check of a phone never seen reads the other transactions that
// lack index keys (pending, queued) only as far as their customer number:
// its allocations do not grow with how many there are.
func TestHistoryOfUnseenPhoneDoesNotDecodeOthers(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1<<40)
	for range foldAt + foldAt/2 { // a fold, then half a queue
		tr := mustBegin(t, db, newTxn(10_000))
		mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateSuccess, Code: "x"})
	}
	q := Query{Phone: "081377778888", Limit: 50}
	allocs := func() float64 {
		return testing.AllocsPerRun(20, func() {
			if p, err := db.History(q); err != nil || len(p.Txns) != 0 {
				t.Fatal(len(p.Txns), err)
			}
		})
	}
	mustBegin(t, db, newTxn(10_000))
	one := allocs()
	for range 63 {
		mustBegin(t, db, newTxn(10_000))
	}
	many := allocs()
	// 63 more pending transactions: a few more pages of the open set, not
	// a decode (about 20 allocations) each.
	if many-one > 20 {
		t.Fatalf("History of an unseen phone: %v allocations beside 1 pending, %v beside 64", one, many)
	}
	t.Logf("History of an unseen phone: %v allocations beside 1 pending, %v beside 64", one, many)
}
