package tui

import (
	"context"
	"testing"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
)

// The batches screen, opened from the menu with one key, shows an approved
// batch and follows its payments as they are recorded while it runs.
func TestJourneyBatchesScreenFollowsARun(t *testing.T) {
	s := journey(t, testenv.Options{}, "en")
	svc := s.env.Service
	b, _, err := svc.LoadBatch([]byte("phone,amount\n081300000011,10000\n081300000012,20000\n0812,5\n"), "wages", "ani", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CheckBatch(context.Background(), b.ID, cashier.BatchCheckOptions{Rate: 1000}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ApproveBatch(context.Background(), b.ID, cashier.Actor{Name: "budi"}, 2, 30_000); err != nil {
		t.Fatal(err)
	}
	s.waitFor("[b] Batch payouts")
	s.typeText("b")
	s.waitFor("Batch payouts", b.ID, "wages", "approved", "0/2", "2 waiting")
	done := make(chan error, 1)
	go func() {
		_, err := svc.RunBatch(context.Background(), b.ID, "budi", cashier.BatchRunOptions{Concurrency: 1})
		done <- err
	}()
	s.waitFor(b.ID, "done", "2/2", "Paid Rp30.000")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	s.esc()
	s.waitFor("[b] Batch payouts", "[7] Quit")
}
