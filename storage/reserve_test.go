package storage

import (
	"errors"
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// TestReservedEqualsOpenSum drives a random sequence of Begin, Settle,
// NoteCheck, SetBalance and restarts against a simple model, and after every
// step proves that Reserved is the sum of the amounts of the open set, that
// the mirror never goes negative and matches the model, and that final
// transactions never change.
func TestReservedEqualsOpenSum(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		rng := rand.New(rand.NewPCG(seed, 99))
		path := filepath.Join(t.TempDir(), "ledger.db")
		clk := newClock(testStart)
		open := func() *DB {
			db, err := Open(path, Options{NoSync: true, Now: clk.Now})
			if err != nil {
				t.Fatal(err)
			}
			return db
		}
		db := open()

		type entry struct {
			amount int64
			state  State
			final  Txn // as stored when it became final
		}
		model := map[string]*entry{}
		var refs []string
		var balance int64

		for step := range 600 {
			switch op := rng.IntN(100); {
			case op < 40: // Begin
				amount := rng.Int64N(90_000) + 1
				var reserved int64
				for _, e := range model {
					if !e.state.Final() {
						reserved += e.amount
					}
				}
				tx, err := db.Begin(newTxn(amount))
				fits := amount <= max(balance-reserved, 0)
				switch {
				case fits && err == nil:
					model[tx.PartnerReferenceNo] = &entry{amount: amount, state: StatePending}
					refs = append(refs, tx.PartnerReferenceNo)
				case !fits && errors.Is(err, ErrInsufficientDeposit):
				default:
					t.Fatalf("seed %d step %d: Begin(%d) with balance %d reserved %d: %v", seed, step, amount, balance, reserved, err)
				}
			case op < 80 && len(refs) > 0: // Settle
				ref := refs[rng.IntN(len(refs))]
				e := model[ref]
				to := []State{StateSuccess, StateFailed, StateUnknown}[rng.IntN(3)]
				tx, err := db.Settle(ref, Outcome{State: to})
				if e.state.Final() {
					if !errors.Is(err, ErrFinal) || tx.UpdatedAt != e.final.UpdatedAt || tx.State != e.state {
						t.Fatalf("seed %d step %d: Settle of final %s: %v", seed, step, ref, err)
					}
					break
				}
				if err != nil {
					t.Fatalf("seed %d step %d: Settle: %v", seed, step, err)
				}
				e.state = to
				if to == StateSuccess {
					balance = max(balance-e.amount, 0)
				}
				if to.Final() {
					e.final = tx
				}
			case op < 85 && len(refs) > 0: // NoteCheck
				ref := refs[rng.IntN(len(refs))]
				_, err := db.NoteCheck(ref, "03")
				if model[ref].state.Final() != errors.Is(err, ErrFinal) {
					t.Fatalf("seed %d step %d: NoteCheck: %v", seed, step, err)
				}
			case op < 95: // a fresh balance from OVO
				balance = rng.Int64N(1_000_000)
				if _, err := db.SetBalance(balance, clk.Now()); err != nil {
					t.Fatal(err)
				}
			default: // restart
				if err := db.Close(); err != nil {
					t.Fatal(err)
				}
				db = open()
			}

			// The invariant, from the open set only.
			openTxns, err := db.Open()
			if err != nil {
				t.Fatal(err)
			}
			var sum int64
			for _, o := range openTxns {
				sum += o.Amount
				if o.State.Final() {
					t.Fatalf("seed %d step %d: final txn %s in the open set", seed, step, o.PartnerReferenceNo)
				}
			}
			d := mustDeposit(t, db)
			if d.Reserved != sum {
				t.Fatalf("seed %d step %d: reserved %d, open set sums to %d", seed, step, d.Reserved, sum)
			}
			if d.Balance != balance || d.Available != max(balance-sum, 0) || d.Available < 0 {
				t.Fatalf("seed %d step %d: deposit %+v, model balance %d", seed, step, d, balance)
			}
		}
		mustCheck(t, db)
		for ref, e := range model {
			if !e.state.Final() {
				continue
			}
			got, err := db.Get(ref)
			if err != nil || got.UpdatedAt != e.final.UpdatedAt || len(got.History) != len(e.final.History) {
				t.Fatalf("final txn %s changed: %+v (was %+v)", ref, got, e.final)
			}
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
