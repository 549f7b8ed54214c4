package ledger

import (
	"testing"
	"time"
)

func TestReceived(t *testing.T) {
	for _, tc := range []struct{ amount, fee, want int64 }{
		{50_000, 1_000, 49_000},
		{1_000, 1_000, 0},
		{500, 1_000, 0}, // a fee above the amount credits nothing, never a negative
		{20_000, 0, 20_000},
	} {
		if got := Received(tc.amount, tc.fee); got != tc.want {
			t.Errorf("Received(%d, %d) = %d, want %d", tc.amount, tc.fee, got, tc.want)
		}
		if got := (Txn{Amount: tc.amount, Fee: tc.fee}).Receive(); got != tc.want {
			t.Errorf("Txn.Receive(%d, %d) = %d, want %d", tc.amount, tc.fee, got, tc.want)
		}
	}
}

func TestSupersedes(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	txn := func(ref string, s State, d time.Duration) Txn {
		return Txn{PartnerReferenceNo: ref, State: s, UpdatedAt: at.Add(d)}
	}
	for _, tc := range []struct {
		name     string
		old, new Txn
		want     bool
	}{
		{"newer final over pending", txn("R1", StatePending, 0), txn("R1", StateSuccess, time.Second), true},
		{"same reading again", txn("R1", StateUnknown, 0), txn("R1", StateUnknown, 0), true},
		{"older reading", txn("R1", StateUnknown, time.Second), txn("R1", StatePending, 0), false},
		{"back from final to open", txn("R1", StateSuccess, 0), txn("R1", StateUnknown, time.Second), false},
		{"another transaction", txn("R1", StatePending, 0), txn("R2", StateSuccess, time.Second), false},
		{"no reference", txn("", StatePending, 0), txn("", StateSuccess, time.Second), false},
	} {
		if got := tc.new.Supersedes(tc.old); got != tc.want {
			t.Errorf("%s: Supersedes = %v, want %v", tc.name, got, tc.want)
		}
	}
}
