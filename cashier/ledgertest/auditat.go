package ledgertest

import (
	"errors"

	"github.com/ovocashier/ovocashier/cashier/ledger"
)

func init() { Register(Case{Name: "Audit/At", Run: auditAt}) }

// AuditAt reads one record of the trail (0: the last), as appended, and
// names a record that is not there as AuditAnchorMissing with the count.
func auditAt(e *Env) {
	l := full(e, e.L)
	if r, err := l.AuditAt(0); err != nil || r.Seq != 0 {
		e.T.Fatalf("AuditAt(0) of an empty trail: %+v, %v", r, err)
	}
	var recs []ledger.AuditRecord
	for _, who := range []string{"ani", "budi", "citra"} {
		r, err := l.AppendAudit(ledger.AuditEntry{Who: who, From: "terminal T1", Action: "login"})
		if err != nil {
			e.T.Fatal(err)
		}
		recs = append(recs, r)
	}
	for _, want := range recs {
		got, err := l.AuditAt(want.Seq)
		if err != nil || got.Seq != want.Seq || got.Who != want.Who || got.Hash != want.Hash || got.Hash == "" {
			e.T.Fatalf("AuditAt(%d) = %+v, %v; want %+v", want.Seq, got, err, want)
		}
	}
	if last, err := full(e, e.Reopen()).AuditAt(0); err != nil || last.Seq != recs[2].Seq || last.Hash != recs[2].Hash {
		e.T.Fatalf("AuditAt(0) = %+v, %v; want the last, %+v", last, err, recs[2])
	}
	_, err := full(e, e.L).AuditAt(recs[2].Seq + 5)
	var be *ledger.AuditBrokenError
	if !errors.As(err, &be) || be.Code != ledger.AuditAnchorMissing || be.N != recs[2].Seq {
		e.T.Fatalf("AuditAt past the end: %v; want AuditAnchorMissing naming %d records", err, recs[2].Seq)
	}
}
