package storage

import (
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
)

func TestConcurrentBeginsNeverOverReserve(t *testing.T) {
	const (
		goroutines = 50
		deposit    = 1_000_000
		amount     = 75_000
		fit        = deposit / amount // 13
	)
	db, _ := openTest(t)
	fund(t, db, deposit)

	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		mu    sync.Mutex
		ok    []string
		short int
	)
	for range goroutines {
		wg.Go(func() {
			<-start
			tx, err := db.Begin(newTxn(amount))
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok = append(ok, tx.PartnerReferenceNo)
			case errors.Is(err, ErrInsufficientDeposit):
				short++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		})
	}
	close(start)
	wg.Wait()

	if len(ok) != fit || short != goroutines-fit {
		t.Fatalf("%d Begins succeeded and %d were refused; want %d and %d", len(ok), short, fit, goroutines-fit)
	}
	d := mustDeposit(t, db)
	if d.Reserved != fit*amount || d.Available != deposit-fit*amount {
		t.Fatalf("deposit = %+v, want reserved %d", d, fit*amount)
	}
	mustCheck(t, db)
}

// TestConcurrentLifecycles runs many sessions doing whole lifecycles at
// once (with reconcilers settling the same txns) and checks the ledger
// afterwards.
func TestConcurrentLifecycles(t *testing.T) {
	const sessions = 16
	db, _ := openTest(t)
	fund(t, db, 2_000_000)
	var wg sync.WaitGroup
	for s := range sessions {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(s), 7))
			for range 25 {
				tx, err := db.Begin(newTxn(rng.Int64N(50_000) + 1))
				if errors.Is(err, ErrInsufficientDeposit) {
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				states := []State{StateSuccess, StateFailed, StateUnknown}
				for range rng.IntN(3) + 1 {
					_, err := db.Settle(tx.PartnerReferenceNo, Outcome{State: states[rng.IntN(len(states))]})
					if err != nil && !errors.Is(err, ErrFinal) {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	mustCheck(t, db)
	d := mustDeposit(t, db)
	if d.Balance < 0 || d.Available < 0 || d.Reserved < 0 {
		t.Fatalf("deposit = %+v", d)
	}
}
