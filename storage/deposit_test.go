package storage

import (
	"testing"
	"time"
)

// The readings' rules are in the contract suite (cashier/ledgertest); this
// is the bbolt ledger's own promise: an older reading costs no commit.
func TestOlderReadingCostsNoCommit(t *testing.T) {
	db, _ := openTest(t)
	t1 := testStart.Add(time.Hour)
	if _, err := db.SetBalance(700_000, t1); err != nil {
		t.Fatal(err)
	}
	commits0 := db.c.commits.Load()
	d, err := db.SetBalance(1, t1.Add(-time.Second))
	if n := db.c.commits.Load() - commits0; n != 0 {
		t.Errorf("ignored reading cost %d commits", n)
	}
	if err != nil || d.Balance != 700_000 || !d.RefreshedAt.Equal(t1) {
		t.Fatalf("older reading applied: %+v, %v", d, err)
	}
}
