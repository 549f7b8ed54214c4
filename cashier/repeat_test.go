package cashier_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/storage"
)

// CheckRepeat reads the phone's history in pages (a short first one): a
// repeat found past the first page is found, one past the window is not,
// whatever lies on which page.
func TestCheckRepeatAcrossPages(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	e := testenv.New(t, testenv.Options{Deposit: 50_000_000, Now: clock})
	const phone = "081234567890"
	topUp := func(amount int64) storage.Txn {
		t.Helper()
		res, err := e.Service.Execute(bg, cashier.Order{Quote: quote(t, e, storage.KindTopUp, phone, amount)})
		if err != nil || res.Txn.State != storage.StateSuccess {
			t.Fatal(err, res.Txn.State)
		}
		advance(time.Second)
		return res.Txn
	}
	for n := 1; n <= 12; n++ {
		first := topUp(77_000) // the oldest of n inside the window
		for i := 1; i < n; i++ {
			topUp(int64(10_000 + 1_000*i))
		}
		var re *cashier.RepeatError
		if err := e.Service.CheckRepeat(storage.KindTopUp, phone, 77_000); !errors.As(err, &re) || re.Open || re.Ref() != first.ReceiptNo {
			t.Fatalf("%d in the window, the repeat oldest: %v", n, err)
		}
		if err := e.Service.CheckRepeat(storage.KindTopUp, phone, 99_000); err != nil {
			t.Fatalf("%d in the window, no repeat: %v", n, err)
		}
		advance(cashier.DefaultRepeatWindow + time.Second)
		if err := e.Service.CheckRepeat(storage.KindTopUp, phone, 77_000); err != nil {
			t.Fatalf("%d past the window: %v", n, err)
		}
	}
}
