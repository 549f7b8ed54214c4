//go:build ovobench

package cashier_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/storage"
)

// The Z report benchmark needs a ledger of a million transactions, built by
// writing straight into storage (storage.BulkLoad, also behind the tag):
//
//	go test -tags ovobench -run '^$' -bench ZReport -benchtime 20x ./cashier/
//
// BenchmarkZReport/ledger=10000 and /ledger=1000000 are the same Z report
// (10,000 transactions in the shift) on ledgers 100 times apart: their ratio
// shows the cost does not grow with the ledger. /fullscan-1000000 reads the
// whole big ledger, what a report without indexes would cost.

// noOVO is an OVO that cannot be reached: the Z report of a closed shift
// asks it nothing.
type noOVO struct{}

var errNoOVO = errors.New("no OVO in this benchmark")

func (noOVO) Inquiry(context.Context, ovo.InquiryRequest) (*ovo.Inquiry, error) {
	return nil, errNoOVO
}
func (noOVO) TopUp(context.Context, ovo.TopUpRequest) (*ovo.TopUpAnswer, error) {
	return nil, errNoOVO
}
func (noOVO) TopUpStatus(context.Context, ovo.StatusRequest) (*ovo.StatusAnswer, error) {
	return nil, errNoOVO
}
func (noOVO) Balance(context.Context) (*ovo.Balance, error) {
	return nil, errNoOVO
}

// zFixture is a ledger of `ledger` transactions whose last shiftTxns belong
// to one closed shift, and the service over it.
func zFixture(b *testing.B, ledger, shiftTxns int) (*cashier.Service, *storage.DB, string) {
	b.Helper()
	start := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	clock := start
	db, err := storage.Open(filepath.Join(b.TempDir(), "ledger.db"), storage.Options{NoSync: true, Now: func() time.Time { return clock }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	const amount = 10_000
	older := ledger - shiftTxns
	if err := db.BulkLoad(older, "", start, time.Second, amount, 10_000); err != nil {
		b.Fatal(err)
	}
	clock = start.Add(time.Duration(older+1) * time.Second)
	sh, err := db.OpenShift(storage.NewShift{Operator: "bench", Terminal: "T1", Float: 1_000_000,
		DepositOpen: storage.Reading{Balance: 1e12, At: clock}})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.BulkLoad(shiftTxns, sh.ID, clock.Add(time.Second), time.Second, amount, 10_000); err != nil {
		b.Fatal(err)
	}
	clock = clock.Add(time.Duration(shiftTxns+2) * time.Second)
	if _, err := db.CloseShift(sh.ID, storage.ShiftClose{Counted: 1_000_000 + int64(shiftTxns)*amount,
		DepositClose: storage.Reading{Balance: 1e12 - int64(shiftTxns)*amount, At: clock}}); err != nil {
		b.Fatal(err)
	}
	svc, err := cashier.New(cashier.Config{OVO: noOVO{}, Ledger: db})
	if err != nil {
		b.Fatal(err)
	}
	return svc, db, sh.ID
}

func BenchmarkZReport(b *testing.B) {
	const inShift = 10_000
	for _, ledger := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("ledger=%d", ledger), func(b *testing.B) {
			svc, _, id := zFixture(b, ledger, inShift)
			for b.Loop() {
				z, err := svc.ZReport(context.Background(), id)
				if err != nil || z.TopUps.Success.Count != inShift || deref(z.CashDifference) != 0 || deref(z.DepositDifference) != 0 || !z.Final {
					b.Fatalf("Z %v: %d txns, cash %d, deposit %d", err, z.TopUps.Success.Count, deref(z.CashDifference), deref(z.DepositDifference))
				}
			}
		})
	}
	b.Run("fullscan-1000000", func(b *testing.B) {
		_, db, _ := zFixture(b, 1_000_000, inShift)
		for b.Loop() {
			n := 0
			if err := db.RangeTxns(time.Time{}, time.Now().AddDate(10, 0, 0), func(storage.Txn) error { n++; return nil }); err != nil || n != 1_000_000 {
				b.Fatalf("scan %d %v", n, err)
			}
		}
	})
}

func deref(p *int64) int64 {
	if p == nil {
		return -1
	}
	return *p
}
