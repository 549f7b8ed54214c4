package i18n

import (
	"testing"

	"github.com/ovocashier/ovocashier/cashier"
)

// Every audit action has words in both languages, and the details of a
// known shape read back into words; the rest is shown as stored.
func TestAuditWords(t *testing.T) {
	for a, p := range auditActions {
		if p.id == "" || p.en == "" || p.id == a {
			t.Errorf("action %q: %q / %q", a, p.id, p.en)
		}
	}
	for _, tc := range []struct {
		rec    cashier.AuditRecord
		id, en string
	}{
		{cashier.AuditRecord{Action: "hold", Detail: "disburse above_txn_limit 1500000 > 1000000 (cashier)"},
			"Pencairan: Rp1.500.000 di atas batas kasir sebesar Rp1.000.000 per transaksi",
			"Disbursement: Rp1.500.000 above the cashier limit of Rp1.000.000 per transaction"},
		{cashier.AuditRecord{Action: "operator-set", Detail: "role supervisor"}, "peran supervisor", "role supervisor"},
		{cashier.AuditRecord{Action: "operator-set", Detail: "role owner"}, "peran pemilik", "role owner"},
		{cashier.AuditRecord{Action: "hold", Detail: "something else"}, "something else", "something else"},
		{cashier.AuditRecord{Action: "lock", Detail: "idle"}, "tidak ada ketukan tombol", "no key pressed"},
		{cashier.AuditRecord{Action: "lock", Detail: "key"}, "dikunci dengan tombol", "locked with the key"},
		{cashier.AuditRecord{Action: "lock", Detail: "other"}, "other", "other"},
		{cashier.AuditRecord{Action: "settle", Detail: "topup success 2003800"}, "Top up OVO Cash: Berhasil (2003800)", "Top up OVO Cash: Success (2003800)"},
	} {
		if got := New(ID).AuditDetail(tc.rec); got != tc.id {
			t.Errorf("id %v: %q, want %q", tc.rec, got, tc.id)
		}
		if got := New(EN).AuditDetail(tc.rec); got != tc.en {
			t.Errorf("en %v: %q, want %q", tc.rec, got, tc.en)
		}
	}
	if got := New(ID).AuditAction("pin-failed"); got != "PIN salah" {
		t.Errorf("pin-failed in id: %q", got)
	}
	if got := New(ID).AuditAction("brand-new"); got != "brand-new" {
		t.Errorf("an unknown action: %q", got)
	}
}
