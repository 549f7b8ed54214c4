package cashier_test

import (
	"testing"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
)

// FindBy keeps a search to one operator's transactions (a cashier's own
// history): by reference, receipt, whole phone, the phone's end, a name, and
// the whole history; "" finds everyone's.
func TestFindByKeepsToTheOperator(t *testing.T) {
	e := testenv.New(t, testenv.Options{Deposit: 5_000_000})
	order := func(phone, operator string) storage.Txn {
		t.Helper()
		q, err := e.Service.Inquiry(bg, storage.KindTopUp, phone, 50_000)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: operator})
		if err != nil {
			t.Fatal(err)
		}
		return res.Txn
	}
	budis := order(ovosim.NumberSiti, "Budi")
	sitis := order(ovosim.NumberSiti, "Siti")
	for _, text := range []string{"", sitis.PartnerReferenceNo, sitis.ReceiptNo, ovosim.NumberSiti, ovosim.NumberSiti[len(ovosim.NumberSiti)-4:], "siti rah"} {
		p, err := e.Service.FindBy(text, "budi", "", 20)
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		for _, tx := range p.Txns {
			if tx.Operator != "Budi" {
				t.Fatalf("%q found %s's %s for Budi", text, tx.Operator, tx.PartnerReferenceNo)
			}
		}
		all, err := e.Service.FindBy(text, "", "", 20)
		if err != nil || len(all.Txns) == 0 {
			t.Fatalf("%q for everyone: %d found, %v", text, len(all.Txns), err)
		}
	}
	if p, _ := e.Service.FindBy(budis.PartnerReferenceNo, "Budi", "", 20); len(p.Txns) != 1 {
		t.Fatalf("Budi's own reference: %d found", len(p.Txns))
	}
	if p, _ := e.Service.FindBy("siti", "BUDI", "", 20); len(p.Txns) != 1 || p.Txns[0].PartnerReferenceNo != budis.PartnerReferenceNo {
		t.Fatalf("Budi's by name: %+v", p.Txns)
	}
}
