package cashier_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/receipts"
	"github.com/ovocashier/ovocashier/storage"
)

// RenderReceipt is the slip the front ends preview: the service's receipt
// of the transaction at the configured width (not the default 32), the
// same text a printer is given.
func TestRenderReceiptIsTheSlipAtTheConfiguredWidth(t *testing.T) {
	for _, width := range []int{32, 42, 48} {
		e := testenv.New(t, testenv.Options{Deposit: 1_000_000, CashierConfig: func(c *cashier.Config) { c.ReceiptWidth = width }})
		q := quote(t, e, storage.KindTopUp, "081100000303", 20_000)
		res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.Service.RenderReceipt(res.Txn)
		if err != nil {
			t.Fatal(err)
		}
		want, err := receipts.Render(e.Service.Receipt(res.Txn), width)
		if err != nil || got != want {
			t.Fatalf("width %d: RenderReceipt gave\n%s\nwant (%v)\n%s", width, got, err, want)
		}
		widest := 0
		for _, l := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
			widest = max(widest, utf8.RuneCountInString(l))
		}
		if widest != width {
			t.Errorf("width %d: the widest line is %d columns", width, widest)
		}
	}
}
