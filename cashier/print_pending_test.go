package cashier_test

import (
	"context"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/receipts"
	"github.com/ovocashier/ovocashier/storage"
)

// recordingPrinter keeps every receipt it is given.
type recordingPrinter struct{ got []receipts.Receipt }

func (p *recordingPrinter) Print(_ context.Context, r receipts.Receipt) error {
	p.got = append(p.got, r)
	return nil
}
func (p *recordingPrinter) String() string { return "recording" }
func (p *recordingPrinter) Close() error   { return nil }

// A slip printed while the top up was pending is proof of the attempt, not
// the outcome's slip: the first success slip after it is not a REPRINT
// (and so kicks the drawer); printing the success again is.
func TestPendingSlipDoesNotMakeTheSuccessSlipAReprint(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 1_000_000, SimConfig: func(c *ovosim.Config) { c.PendingFor = 300 * time.Millisecond }})
	q := quote(t, e, storage.KindTopUp, "081100000202", 20_000)
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
	if err != nil || res.Txn.State.Final() {
		t.Fatalf("setup: want pending, got %v %v", res.Txn.State, err)
	}
	ref := res.Txn.PartnerReferenceNo
	p := &recordingPrinter{}
	for i := 0; i < 2; i++ {
		if err := e.Service.Print(bg, ref, p); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if ch, err := e.Service.CheckStatus(bg, ref); err == nil && ch.Txn.State == storage.StateSuccess {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the pending top up did not settle")
		}
		time.Sleep(100 * time.Millisecond)
	}
	for i := 0; i < 2; i++ {
		if err := e.Service.Print(bg, ref, p); err != nil {
			t.Fatal(err)
		}
	}
	if len(p.got) != 4 || p.got[0].Status != receipts.StatusPending || p.got[2].Status != receipts.StatusSuccess {
		t.Fatalf("printed %+v", p.got)
	}
	if p.got[2].Reprint {
		t.Error("the first success slip says REPRINT because a pending slip was printed before")
	}
	if !p.got[3].Reprint {
		t.Error("the second success slip does not say REPRINT")
	}
}

// A saved copy (the cashier's "s") is not a printed slip: the first slip
// printed after it is not a REPRINT.
func TestSavedCopyDoesNotMakeThePrintAReprint(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 1_000_000})
	q := quote(t, e, storage.KindTopUp, "081234567890", 20_000)
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
	if err != nil || res.Txn.State != storage.StateSuccess {
		t.Fatalf("setup: %v %v", res.Txn.State, err)
	}
	ref := res.Txn.PartnerReferenceNo
	saved, printed := &recordingPrinter{}, &recordingPrinter{}
	if err := e.Service.SaveCopy(bg, ref, saved); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := e.Service.Print(bg, ref, printed); err != nil {
			t.Fatal(err)
		}
	}
	if len(saved.got) != 1 || len(printed.got) != 2 || saved.got[0].Reprint {
		t.Fatalf("saved %+v printed %+v", saved.got, printed.got)
	}
	if printed.got[0].Reprint || !printed.got[1].Reprint {
		t.Errorf("after a saved copy: first print REPRINT=%v, second REPRINT=%v; want false, true", printed.got[0].Reprint, printed.got[1].Reprint)
	}
}

// A reprint names who reprinted it (the operator printing now, not the
// maker); the first slip names no one.
func TestReprintNamesWhoReprinted(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 1_000_000})
	q := quote(t, e, storage.KindTopUp, "081234567890", 20_000)
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
	if err != nil || res.Txn.State != storage.StateSuccess {
		t.Fatalf("setup: %v %v", res.Txn.State, err)
	}
	p := &recordingPrinter{}
	for _, by := range []string{"ani", "budi"} {
		if err := e.Service.PrintBy(bg, res.Txn.PartnerReferenceNo, p, by); err != nil {
			t.Fatal(err)
		}
	}
	if first := p.got[0]; first.Reprint || first.ReprintedBy != "" {
		t.Errorf("first slip: reprint %v by %q", first.Reprint, first.ReprintedBy)
	}
	if again := p.got[1]; !again.Reprint || again.ReprintedBy != "budi" || again.Operator != "ani" {
		t.Errorf("reprint: reprint %v by %q, maker %q; want by budi, maker ani", again.Reprint, again.ReprintedBy, again.Operator)
	}
}
