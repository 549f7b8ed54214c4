package storage

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// Readers running beside commits (begins, outcomes, folds) each see one
// consistent ledger: a page by phone holds only that phone's transactions
// (numbers that are prefixes of each other included), newest first, each
// once; a page's cursor continues without repeating or skipping a
// transaction already seen; Open holds only transactions that are not
// final; the shift read is the open one. Run with -race: the readers share
// the pooled lists and the shift cache.
func TestReadersBesideCommitsSeeOneLedger(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1_000_000_000)
	s, err := db.OpenShift(NewShift{Operator: "ani", Terminal: "t1", Outlet: "OUTLET-1"})
	if err != nil {
		t.Fatal(err)
	}
	phones := []string{"0812345678", "08123456789", "081234567890"}
	var stop atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	fail := func(format string, a ...any) {
		select {
		case errs <- fmt.Errorf(format, a...):
		default:
		}
		stop.Store(true)
	}
	for w := range 2 { // writers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 150 && !stop.Load(); i++ {
				n := newTxn(int64(10000 + i))
				n.CustomerNumber = phones[(i+w)%len(phones)]
				n.ShiftID = s.ID
				tr, err := db.Begin(n)
				if err != nil {
					fail("Begin: %v", err)
					return
				}
				if i%5 == 4 {
					continue // left pending
				}
				st := StateSuccess
				if i%3 == 0 {
					st = StateUnknown
				}
				if _, err := db.Settle(tr.PartnerReferenceNo, Outcome{State: st, ReferenceNo: fmt.Sprint("OVO", w, i)}); err != nil {
					fail("Settle: %v", err)
					return
				}
				if st == StateUnknown {
					if _, err := db.NoteCheck(tr.PartnerReferenceNo, "03"); err != nil {
						fail("NoteCheck: %v", err)
						return
					}
				}
			}
		}()
	}
	var writersDone atomic.Bool
	go func() { wg.Wait(); writersDone.Store(true) }()
	var rg sync.WaitGroup
	for r := range 3 { // readers
		rg.Add(1)
		go func() {
			defer rg.Done()
			for i := 0; !stop.Load(); i++ {
				ph := phones[(i+r)%len(phones)]
				seen := map[string]bool{}
				q := Query{Phone: ph, Limit: 3 + i%3}
				var last time.Time
				for range 200 {
					p, err := db.History(q)
					if err != nil {
						fail("History: %v", err)
						return
					}
					for _, tr := range p.Txns {
						if tr.CustomerNumber != ph {
							fail("History(%s) holds %s's %s", ph, tr.CustomerNumber, tr.PartnerReferenceNo)
							return
						}
						if seen[tr.PartnerReferenceNo] {
							fail("History(%s) repeats %s", ph, tr.PartnerReferenceNo)
							return
						}
						seen[tr.PartnerReferenceNo] = true
						if !last.IsZero() && tr.CreatedAt.After(last) {
							fail("History(%s) not newest first: %s after %v", ph, tr.PartnerReferenceNo, last)
							return
						}
						last = tr.CreatedAt
					}
					if p.Next == "" {
						break
					}
					q.Before = p.Next
				}
				o, err := db.Open()
				if err != nil {
					fail("Open: %v", err)
					return
				}
				for _, tr := range o {
					if tr.State.Final() {
						fail("Open holds final %s", tr.PartnerReferenceNo)
						return
					}
				}
				sp, err := db.Search(ledger.SearchPhoneEnd, "5678", "", 50, nil)
				if err != nil {
					fail("Search: %v", err)
					return
				}
				for _, tr := range sp.Txns {
					if tr.CustomerNumber != "0812345678" {
						fail("Search 5678 holds %s", tr.CustomerNumber)
						return
					}
				}
				if cs, err := db.CurrentShift("ani", "t1"); err != nil || cs.ID != s.ID {
					fail("CurrentShift = %+v, %v", cs, err)
					return
				}
				if writersDone.Load() {
					stop.Store(true)
				}
			}
		}()
	}
	rg.Wait()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	mustCheck(t, db)
}
