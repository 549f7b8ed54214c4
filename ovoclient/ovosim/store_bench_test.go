package ovosim

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// topUpChanges are the changes of one top up as the cashier makes it: two
// inquiries (each consumes its external id) and the top up (the deposit,
// the customer, the transaction and its external id).
func topUpChanges(i int, now time.Time, deposit int64) []*change {
	day := jakartaDay(now)
	ext := func(k int) string { return fmt.Sprintf("%s%011d%08d", day, 3*i+k, 12345678) }
	phone := fmt.Sprintf("0813%08d", i)
	t := Txn{PartnerReferenceNo: fmt.Sprintf("TESTINST-%010d", i), ReferenceNo: newReferenceNo("OVO", now), ExternalID: ext(2),
		SessionID: "c2Vzc2lvbi1pZC1mb3ItdGhlLWJlbmNobWFyaw", CustomerNumber: phone, CustomerName: generatedName(phone),
		Amount: 50_000, Fee: 1_000, ResponseCode: "2003800", ResponseMessage: "Successful", Status: ovo.StatusSuccess,
		StatusDesc: ovo.StatusDesc(ovo.StatusSuccess), Applied: 1, Received: now, Settled: now}
	top := &change{extDay: day, extID: ext(2)}
	top.setDeposit(deposit - 50_000)
	top.putCustomer(Customer{Number: phone, Name: t.CustomerName, State: AccountActive, Balance: 49_000,
		Month: now.In(ovo.Jakarta).Format("2006-01"), MonthlyIn: 49_000})
	top.putTxn(t)
	return []*change{{extDay: day, extID: ext(0)}, {extDay: day, extID: ext(1)}, top}
}

// BenchmarkStateCommit is what the state file costs a top up: its three
// changes written into a file that already holds 10,000 top ups (written a
// top up a commit), one commit per change (a lone cashier) or 64 top ups'
// changes per commit (as the group commit shares a write among 64
// cashiers). pagewrites/op and pagebytes/op are what bbolt writes per top
// up; allocs/op and B/op count the nodes it materialises (and the changes
// themselves, as the sandbox makes them).
//
//	go test -run '^$' -bench StateCommit -benchmem ./ovoclient/ovosim/
func BenchmarkStateCommit(b *testing.B) {
	now := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	const prefill = 10_000
	template := filepath.Join(b.TempDir(), "template.db")
	bs, _, err := openBolt(template, 1<<50)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < prefill; i++ {
		if err := bs.commit(topUpChanges(i, now, 1<<50)); err != nil {
			b.Fatal(err)
		}
	}
	if err := bs.close(); err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(template)
	if err != nil {
		b.Fatal(err)
	}
	for _, group := range []int{0, 64} {
		b.Run(fmt.Sprintf("group%d", group), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "state.db")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				b.Fatal(err)
			}
			bs, _, err := openBolt(path, 1<<50)
			if err != nil {
				b.Fatal(err)
			}
			defer bs.close()
			var batch []*change
			before := bs.db.Stats().TxStats
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				cs := topUpChanges(prefill+i, now, 1<<50)
				if group == 0 {
					for _, c := range cs {
						if err := bs.commit([]*change{c}); err != nil {
							b.Fatal(err)
						}
					}
					continue
				}
				batch = append(batch, cs...)
				if len(batch) >= 3*group || i == b.N-1 {
					if err := bs.commit(batch); err != nil {
						b.Fatal(err)
					}
					batch = batch[:0]
				}
			}
			b.StopTimer()
			after := bs.db.Stats().TxStats
			b.ReportMetric(float64(after.GetWrite()-before.GetWrite())/float64(b.N), "pagewrites/op")
			b.ReportMetric(float64(after.GetPageAlloc()-before.GetPageAlloc())/float64(b.N), "pagebytes/op")
		})
	}
}
