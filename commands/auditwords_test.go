package commands

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
)

// `audit export` says actions and details in the reader's language (the
// table, and actionText/detailText in --json), while the stored codes and
// details stay as recorded (they are hash-chained).
func TestAuditExportInTheReadersLanguage(t *testing.T) {
	h, _ := newHost(t)
	if r := runHost(h, "topup", "--phone", "081234567890", "--amount", "50000"); r.code != 0 {
		t.Fatalf("topup: %+v", r)
	}
	by := cashier.Actor{Name: "Ani", Role: cashier.RoleCashier, From: "command line"}
	const held = "disburse above_txn_limit 1500000 > 1000000 (cashier)"
	if err := h.svc.Audit(by, "hold", "A1", 1_500_000, held); err != nil {
		t.Fatal(err)
	}
	recs, err := h.svc.AuditDay(time.Now())
	if err != nil || len(recs) == 0 {
		t.Fatalf("records: %d %v", len(recs), err)
	}
	day := recs[0].At.In(h.svc.Config().Location).Format("2006-01-02")

	table := runHost(h, "audit", "export", "--day", day, "--lang", "id")
	if table.code != 0 {
		t.Fatalf("export: %+v", table)
	}
	for _, want := range []string{"ditahan menunggu persetujuan", "Rp1.500.000 di atas batas kasir sebesar Rp1.000.000 per transaksi", "kirim ke OVO"} {
		if !strings.Contains(table.stdout, want) {
			t.Errorf("--lang id table lacks %q:\n%s", want, table.stdout)
		}
	}
	for _, english := range []string{"above_txn_limit", " hold ", " send ", "(cashier)"} {
		if strings.Contains(table.stdout, english) {
			t.Errorf("--lang id table says %q:\n%s", english, table.stdout)
		}
	}

	for _, tc := range []struct{ lang, action, detail string }{
		{"id", "ditahan menunggu persetujuan", "Pencairan"},
		{"en", "held for approval", "Rp1.500.000 above the cashier limit of Rp1.000.000 per transaction"},
	} {
		j := runHost(h, "audit", "export", "--day", day, "--lang", tc.lang, "--json")
		var got []map[string]any
		if err := json.Unmarshal([]byte(j.stdout), &got); err != nil || j.code != 0 {
			t.Fatalf("%s --json: %v %+v", tc.lang, err, j)
		}
		var found bool
		for _, r := range got {
			if r["action"] != "hold" {
				if r["actionText"] == nil || r["actionText"] == "" {
					t.Errorf("%s: record without actionText: %v", tc.lang, r)
				}
				continue
			}
			found = true
			if r["detail"] != held {
				t.Errorf("%s: stored detail changed: %v", tc.lang, r["detail"])
			}
			if r["actionText"] != tc.action || !strings.Contains(r["detailText"].(string), tc.detail) {
				t.Errorf("%s: actionText %q detailText %q; want %q and %q", tc.lang, r["actionText"], r["detailText"], tc.action, tc.detail)
			}
		}
		if !found {
			t.Errorf("%s: no hold record in %s", tc.lang, j.stdout)
		}
	}
	if r := runHost(h, "audit", "verify"); r.code != 0 {
		t.Errorf("the chain no longer verifies: %+v", r)
	}
}
