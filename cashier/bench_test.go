package cashier_test

import (
	"testing"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
)

// BenchmarkDurableTopUp is one whole top up as a cashier does it after the
// inquiry: the durable pending commit, the signed top up call to the
// in-process sandbox over loopback HTTP, and the durable outcome commit.
// Compare with storage's BenchmarkRawBoltUpdate in the same run:
//
//	go test -run '^$' -bench 'RawBoltUpdate|DurableTopUp' ./storage/ ./cashier/
func BenchmarkDurableTopUp(b *testing.B) {
	e := testenv.New(b, testenv.Options{Deposit: 1e12, SimConfig: func(c *ovosim.Config) {
		c.BalanceCap, c.MonthlyInLimit = 1e14, 1e14
	}})
	q, err := e.Service.Inquiry(bg, storage.KindTopUp, "081234567890", 10_000)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := e.Service.Execute(bg, cashier.Order{Quote: q})
		if err != nil || res.Txn.State != storage.StateSuccess {
			b.Fatalf("%v %v", err, res.Err)
		}
	}
}
