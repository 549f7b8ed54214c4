package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ledgertest"
	"github.com/ovocashier/ovocashier/internal/pgtest"
)

// commitGroup commits ns as one group of Begins, as the committer does
// with the Begins that waited together, and returns each one's result.
func commitGroup(db *DB, ns ...ledger.NewTxn) []beginResult {
	group := make([]*beginReq, len(ns))
	for i, n := range ns {
		group[i] = &beginReq{n: n, now: db.nowUTC(), done: make(chan beginResult, 1)}
	}
	db.commitBegins(group)
	out := make([]beginResult, len(group))
	for i, r := range group {
		out[i] = <-r.done
	}
	return out
}

// Begins committed together are one database transaction with one
// reservation of their sum; a group the database refuses writes nothing
// and each of its Begins gets, alone, the outcome it would have had
// alone: as many as the deposit covers, an X-EXTERNAL-ID already used
// refused and the others written.
func TestBeginGroup(t *testing.T) {
	url := pgtest.DB(t)
	db := open(t, url, Options{})
	if _, err := db.SetBalance(100_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	res := commitGroup(db, ledgertest.NewTxn(10_000), ledgertest.NewTxn(10_000), ledgertest.NewTxn(10_000))
	var refs []string
	for _, r := range res {
		if r.err != nil || r.t.State != ledger.StatePending {
			t.Fatalf("a group that fits: %+v", r)
		}
		refs = append(refs, r.t.PartnerReferenceNo)
	}
	var commits int
	if err := db.pool.QueryRow(ctx, `SELECT count(DISTINCT xmin::TEXT) FROM txns WHERE ref = ANY($1)`, refs).Scan(&commits); err != nil || commits != 1 {
		t.Fatalf("the group's transactions were written by %d commits (%v); want 1", commits, err)
	}

	// 70,000 left: three of 30,000 do not fit together; two do alone.
	res = commitGroup(db, ledgertest.NewTxn(30_000), ledgertest.NewTxn(30_000), ledgertest.NewTxn(30_000))
	var ok, short int
	for _, r := range res {
		switch {
		case r.err == nil:
			ok++
		case errors.Is(r.err, ledger.ErrInsufficientDeposit):
			short++
		default:
			t.Fatalf("a group over the deposit: %v", r.err)
		}
	}
	if ok != 2 || short != 1 {
		t.Fatalf("a group over the deposit: %d written, %d refused; want 2 and 1", ok, short)
	}

	used := ledgertest.NewTxn(1_000)
	if _, err := db.Begin(used); err != nil {
		t.Fatal(err)
	}
	res = commitGroup(db, ledgertest.NewTxn(1_000), used, ledgertest.NewTxn(1_000))
	var ve *ledger.ValidationError
	if res[0].err != nil || res[2].err != nil || !errors.As(res[1].err, &ve) || ve.Field != "ExternalID" {
		t.Fatalf("a group with an X-EXTERNAL-ID already used: %v, %v, %v", res[0].err, res[1].err, res[2].err)
	}
	if d, err := db.Deposit(); err != nil || d.Reserved != 30_000+60_000+3_000 || d.Available != 7_000 {
		t.Fatalf("deposit %+v, %v; want 93000 reserved", d, err)
	}
	if n, err := db.VerifyAudit(); err != nil || n != 3+2+3 {
		t.Fatalf("audit: %d records, %v; want a send for each of the 8 written", n, err)
	}
}

// A reservation refused while another process releases what it held is
// tried again rather than refused with "Rp100.000 needed, Rp100.000
// available": a refusal never contradicts the figure it names.
func TestBeginRefusalNeverContradicts(t *testing.T) {
	url := pgtest.DB(t)
	db := open(t, url, Options{})
	if _, err := db.SetBalance(100_000, time.Time{}); err != nil {
		t.Fatal(err)
	}
	held, err := db.Begin(ledgertest.NewTxn(100_000))
	if err != nil {
		t.Fatal(err)
	}
	released := false
	afterRefusal = func() {
		if !released {
			released = true
			if _, err := db.Settle(held.PartnerReferenceNo, ledger.Outcome{State: ledger.StateFailed, Code: "4033805"}); err != nil {
				t.Error(err)
			}
		}
	}
	t.Cleanup(func() { afterRefusal = nil })
	got, err := db.Begin(ledgertest.NewTxn(100_000))
	if !released {
		t.Fatal("the reservation was not refused first: the test proves nothing")
	}
	if err != nil || got.State != ledger.StatePending {
		t.Fatalf("after the release the deposit covered it: %+v, %v", got, err)
	}
}
