package ledger

import (
	"errors"
	"reflect"
	"testing"
)

func TestNewTxnValidate(t *testing.T) {
	ok := NewTxn{Kind: KindTopUp, CustomerNumber: "081234567890", Amount: 1}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid NewTxn refused: %v", err)
	}
	for name, mut := range map[string]func(*NewTxn){
		"kind":   func(n *NewTxn) { n.Kind = "refund" },
		"amount": func(n *NewTxn) { n.Amount = 0 },
		"fee":    func(n *NewTxn) { n.Fee = -1 },
		"phone":  func(n *NewTxn) { n.CustomerNumber = "" },
		"nul":    func(n *NewTxn) { n.CustomerNumber = "08\x001" },
	} {
		n := ok
		mut(&n)
		if err := n.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Validate = %v, want ErrInvalid", name, err)
		}
	}
}

func TestSearchTerms(t *testing.T) {
	got := SearchTerms(Txn{CustomerNumber: "0812345", CustomerName: "Ani ani-Bu", ReferenceNo: "ab1"})
	want := []SearchTerm{
		{SearchPhoneEnd, "2345"}, {SearchPhoneEnd, "12345"}, {SearchPhoneEnd, "812345"}, {SearchPhoneEnd, "0812345"},
		{SearchName, "an"}, {SearchName, "ani"}, {SearchName, "bu"},
		{SearchOVORef, "AB1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("SearchTerms\n got %v\nwant %v", got, want)
	}
}

func TestPageLimit(t *testing.T) {
	for in, want := range map[int]int{-1: DefaultHistoryLimit, 0: DefaultHistoryLimit, 7: 7, MaxHistoryLimit + 1: MaxHistoryLimit} {
		if got := PageLimit(in); got != want {
			t.Errorf("PageLimit(%d) = %d, want %d", in, got, want)
		}
	}
}

func TestDepositClamp(t *testing.T) {
	d := Deposit{Balance: 100, Reserved: 150, Uncertain: -3}
	d.Clamp()
	if d != (Deposit{Balance: 100, Reserved: 150, Available: 0}) {
		t.Fatalf("Clamp = %+v", d)
	}
}

func TestOutcomeValidate(t *testing.T) {
	for _, o := range []Outcome{{State: StateSuccess}, {State: StateFailed, Reason: "insufficient_funds"}, {State: StateUnknown, Reason: "timeout"}} {
		if err := o.Validate(); err != nil {
			t.Errorf("%+v refused: %v", o, err)
		}
	}
	for _, o := range []Outcome{{State: StatePending}, {State: "done"}, {State: StateFailed, Reason: "two words"}, {State: StateFailed, Reason: "a:b"}} {
		if err := o.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", o, err)
		}
	}
}

func TestLastReason(t *testing.T) {
	tx := Txn{History: []Change{{State: StatePending}, {State: StateUnknown, Reason: "timeout"}, {State: StateUnknown}}}
	if r := tx.LastReason(); r != "timeout" {
		t.Fatalf("LastReason = %q, want the latest recorded", r)
	}
	tx.History = append(tx.History, Change{State: StateFailed, Reason: "transaction_not_found"})
	if r := tx.LastReason(); r != "transaction_not_found" {
		t.Fatalf("LastReason = %q", r)
	}
	if r := (Txn{}).LastReason(); r != "" {
		t.Fatalf("no history: %q", r)
	}
}
