package storage

import (
	"testing"
)

func TestLifecycleIsTwoCommits(t *testing.T) {
	db, _ := openTest(t)
	fund(t, db, 1_000_000)
	for _, final := range []State{StateSuccess, StateFailed} {
		before := db.c.commits.Load()
		ref := mustBegin(t, db, newTxn(1000)).PartnerReferenceNo
		mustSettle(t, db, ref, Outcome{State: final})
		if got := db.c.commits.Load() - before; got != 2 {
			t.Fatalf("Begin + Settle(%s) took %d commits, want 2", final, got)
		}
	}
	// A refused settle costs no commit.
	open, _ := db.Open()
	if len(open) != 0 {
		t.Fatal(open)
	}
	before := db.c.commits.Load()
	h, _ := db.History(Query{Limit: 1})
	_, err := db.Settle(h.Txns[0].PartnerReferenceNo, Outcome{State: StateSuccess})
	wantErr(t, err, ErrFinal)
	if got := db.c.commits.Load() - before; got != 0 {
		t.Fatalf("refused Settle committed %d times", got)
	}
}
