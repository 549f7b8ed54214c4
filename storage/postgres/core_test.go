package postgres

import (
	"errors"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ledgertest"
	"github.com/ovocashier/ovocashier/internal/pgtest"
)

// An X-EXTERNAL-ID one process used is refused to another before anything
// is written or reserved: nothing may be sent under it.
func TestExternalIDUniqueAcrossProcesses(t *testing.T) {
	url := pgtest.DB(t)
	a, b := open(t, url, Options{}), open(t, url, Options{})
	if _, err := a.SetBalance(100_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	n := ledgertest.NewTxn(10_000)
	if _, err := a.Begin(n); err != nil {
		t.Fatal(err)
	}
	_, err := b.Begin(n)
	var ve *ledger.ValidationError
	if !errors.Is(err, ledger.ErrInvalid) || !errors.As(err, &ve) || ve.Field != "ExternalID" {
		t.Fatalf("second Begin with the same external id: %v", err)
	}
	if d, _ := b.Deposit(); d.Reserved != 10_000 {
		t.Fatalf("the refused Begin reserved: %+v", d)
	}
}

// Each process serves one outlet: History, Search and the ranges keep to
// it, while Get, GetByReceipt, Open and the deposit are the merchant's.
func TestOutletFilter(t *testing.T) {
	url := pgtest.DB(t)
	a := open(t, url, Options{Outlet: "A"})
	b := open(t, url, Options{Outlet: "B"})
	all := open(t, url, Options{})
	if _, err := a.SetBalance(100_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	ta, err := a.Begin(ledgertest.NewTxn(10_000))
	if err != nil {
		t.Fatal(err)
	}
	tb, err := b.Begin(ledgertest.NewTxn(20_000))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		db   *DB
		want []string
	}{{a, []string{ta.PartnerReferenceNo}}, {b, []string{tb.PartnerReferenceNo}}, {all, []string{tb.PartnerReferenceNo, ta.PartnerReferenceNo}}} {
		p, err := c.db.History(ledger.Query{})
		if err != nil || len(p.Txns) != len(c.want) {
			t.Fatalf("outlet %q History: %v, %v; want %v", c.db.Outlet(), ledgertest.Refs(p.Txns), err, c.want)
		}
		s, err := c.db.Search(ledger.SearchName, "budi", "", 0, nil)
		if err != nil || len(s.Txns) != len(c.want) {
			t.Fatalf("outlet %q Search: %v, %v; want %v", c.db.Outlet(), ledgertest.Refs(s.Txns), err, c.want)
		}
		var n int
		_ = c.db.RangeTxns(time.Time{}, time.Now().Add(time.Hour), func(ledger.Txn) error { n++; return nil })
		if n != len(c.want) {
			t.Fatalf("outlet %q RangeTxns visited %d; want %d", c.db.Outlet(), n, len(c.want))
		}
		for i, want := range c.want {
			if p.Txns[i].PartnerReferenceNo != want {
				t.Fatalf("outlet %q History: %v; want %v", c.db.Outlet(), ledgertest.Refs(p.Txns), c.want)
			}
		}
		if _, err := c.db.Get(tb.PartnerReferenceNo); err != nil {
			t.Fatalf("outlet %q cannot Get another outlet's reference: %v", c.db.Outlet(), err)
		}
		if open, _ := c.db.Open(); len(open) != 2 {
			t.Fatalf("outlet %q Open: %d, want both (the reconciler is every process's)", c.db.Outlet(), len(open))
		}
		if d, _ := c.db.Deposit(); d.Reserved != 30_000 {
			t.Fatalf("outlet %q deposit %+v: one deposit for the merchant", c.db.Outlet(), d)
		}
	}
}
