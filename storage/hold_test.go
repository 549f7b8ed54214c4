package storage

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

// What a read hands back is the caller's own: no string or slice of it
// shares memory with bbolt's pages (remapped as the file grows) or with a
// buffer a later read reuses. The results of every reader are held across
// hundreds of commits (folds, a growing file, pooled lists reused by later
// pages) and must read the same at the end.
func TestReadsHeldAcrossCommitsStayTheSame(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1_000_000_000)
	s, err := db.OpenShift(NewShift{Operator: "ani", Terminal: "t1", Outlet: "OUTLET-1"})
	if err != nil {
		t.Fatal(err)
	}
	phones := []string{"0812345678", "08123456789", "089912345678"}
	var refs []string
	topUp := func(i int) {
		n := newTxn(int64(10000 + i))
		n.CustomerNumber = phones[i%len(phones)]
		n.ShiftID = s.ID
		tr := mustBegin(t, db, n)
		refs = append(refs, tr.PartnerReferenceNo)
		switch i % 4 {
		case 0, 1:
			mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateSuccess, ReferenceNo: fmt.Sprint("OVO", i), Code: "2003800"})
		case 2:
			mustSettle(t, db, tr.PartnerReferenceNo, Outcome{State: StateUnknown, Code: "5003800", Note: "timeout"})
		} // 3: pending
	}
	for i := range 50 {
		topUp(i)
	}
	type held struct {
		name string
		v    any
		js   []byte
	}
	var hs []held
	hold := func(name string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		js, _ := json.Marshal(v)
		hs = append(hs, held{name, v, js})
	}
	for _, ph := range phones {
		p, err := db.History(Query{Phone: ph, Limit: 4})
		hold("history "+ph, p, err)
	}
	p, err := db.History(Query{Limit: 100})
	hold("history", p, err)
	p, err = db.Search(ledger.SearchPhoneEnd, "5678", "", 50, nil)
	hold("search", p, err)
	o, err := db.Open()
	hold("open", o, err)
	g, err := db.Get(refs[3])
	hold("get pending", g, err)
	g, err = db.Get(refs[0])
	hold("get", g, err)
	g, err = db.GetByReceipt(g.ReceiptNo)
	hold("receipt", g, err)
	cs, err := db.CurrentShift("ani", "t1")
	hold("shift", cs, err)
	for i := 50; i < 400; i++ {
		topUp(i)
		if i%7 == 0 { // reads that reuse pooled lists and the shift cache
			if _, err := db.History(Query{Limit: 20}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.CurrentShift("ani", "t1"); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.CloseShift(s.ID, ShiftClose{OpenAtClose: []string{refs[3]}}); err != nil {
		t.Fatal(err)
	}
	for _, h := range hs {
		if js, _ := json.Marshal(h.v); string(js) != string(h.js) {
			t.Errorf("%s changed after later commits:\n was %s\n now %s", h.name, h.js, js)
		}
	}
	if sh, err := db.Shift(s.ID); err != nil || !sh.Closed() || len(sh.OpenAtClose) != 1 {
		t.Errorf("Shift after close = %+v, %v", sh, err)
	}
	if _, err := db.CurrentShift("ani", "t1"); err == nil {
		t.Errorf("CurrentShift after close found a shift")
	}
	_ = time.Second
}
