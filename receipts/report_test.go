package receipts

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func i64p(v int64) *int64 { return &v }

func reportCases() map[string]ReportSlip {
	totals := ReportTotals{SuccessCount: 2, SuccessAmount: 70_000, Fee: 2_000, Received: 68_000,
		FailedCount: 1, FailedAmount: 30_000, PendingCount: 1, PendingAmount: 20_000}
	group := ReportGroup{TopUp: totals, Refusals: []ReportRefusal{{Reason: "do_not_honor", Count: 1, Amount: 30_000}},
		CashCollected: 70_000, LedgerSuccessSum: 70_000}
	x := ReportSlip{Kind: ReportX, Merchant: "Toko Sité", Outlet: "Outlet Kemang", Terminal: "T-01", Operator: "ani",
		ShiftID: "S00000001", OpenedAt: txTime, PrintedAt: txTime, Float: 200_000, PayIns: 10_000, PayOuts: 5_000,
		ExpectedCash: 275_000, PendingCash: 20_000, Groups: []ReportGroup{group}, DepositOpen: i64p(1_000_000),
		DepositClose: i64p(930_000), DepositDifference: i64p(0), Pending: []ReportTxn{{Ref: "202612010000000000010000000003",
			State: "unknown", Amount: 20_000, Why: "pending"}}, Footer: "Terima kasih"}
	z := x
	z.Kind, z.ClosedAt, z.CountedCash, z.CashDifference = ReportZ, txTime, i64p(270_000), i64p(-5_000)
	z.Explain = []ReportTxn{{Ref: "202612010000000000010000000002", State: "failed", Amount: 30_000, Why: "applied_by_ovo_recorded_failed"}}
	z.Note, z.LowDeposit, z.LowDepositThreshold, z.DepositAvailable = "Rp5.000 given twice as change", true, 1_000_000, 930_000
	final := z
	final.Final, final.Reprint, final.Pending, final.Lang = true, true, nil, LangEN
	day := ReportSlip{Kind: ReportDay, Merchant: "Toko", Day: "2026-12-01", PrintedAt: txTime, DepositOpen: i64p(1_000_000),
		Groups: []ReportGroup{group, {Title: "Operator: ani", TopUp: totals}, {Title: "Outlet 山田 😀 \x1b@", Disburse: totals}}}
	hostile := z
	hostile.Operator, hostile.Note = "Sité\x1b@ Ñurhaliza 山田 😀", strings.Repeat("panjang sekali ", 40)
	hostile.DepositNote = "closing reading: \x1dV\x00 OVO unreachable"
	return map[string]ReportSlip{"x": x, "z-provisional": z, "z-final-en": final, "day": day, "z-hostile": hostile}
}

// Every printed report decodes as valid ESC/POS (the commands this package
// documents, PC858 text) at each width, and prints what RenderReport
// shows.
func TestReportESCPOSAtEachWidth(t *testing.T) {
	for name, r := range reportCases() {
		for _, w := range Widths {
			t.Run(fmt.Sprintf("%s-%d", name, w), func(t *testing.T) {
				b, err := EncodeReportESCPOS(r, w)
				if err != nil {
					t.Fatal(err)
				}
				text, err := RenderReport(r, w)
				if err != nil {
					t.Fatal(err)
				}
				printsAsRendered(t, b, text, w)
			})
		}
	}
}

// printsAsRendered checks that ESC/POS bytes b decode as valid ESC/POS and
// print exactly text, every line within w columns.
func printsAsRendered(t *testing.T, b []byte, text string, w int) {
	t.Helper()
	cmds := decodeESCPOS(t, b)
	if got := textOf(cmds); got != text {
		t.Errorf("paper and preview differ\n--- paper:\n%s--- preview:\n%s", got, text)
	}
	for _, c := range cmds {
		if c.name == "TEXT" && textWidth(c.text) > w {
			t.Errorf("line is %d columns: %q", textWidth(c.text), c.text)
		}
	}
}

func TestReportText(t *testing.T) {
	c := reportCases()
	z, err := RenderReport(c["z-provisional"], 32)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"LAPORAN Z", "SEMENTARA", "Selisih kas", "-Rp5.000", "Seharusnya", "Rp275.000",
		"BELUM FINAL", "202612010000000000010000000003", "applied_by_ovo_recorded_failed", "DEPOSIT RENDAH", "do_not_honor",
		"Rp5.000 given twice"} {
		if !strings.Contains(z, want) {
			t.Errorf("Z report lacks %q:\n%s", want, z)
		}
	}
	en, _ := RenderReport(c["z-final-en"], 42)
	for _, want := range []string{"Z REPORT", "*** FINAL ***", "CETAK ULANG / REPRINT", "Cash difference", "Deposit difference"} {
		if !strings.Contains(en, want) {
			t.Errorf("English Z report lacks %q:\n%s", want, en)
		}
	}
	if strings.Contains(en, "FINAL / FINAL") {
		t.Errorf("a word that is the same in both languages is printed twice:\n%s", en)
	}
	if strings.Contains(en, "NOT FINAL") {
		t.Errorf("a final report lists transactions not final:\n%s", en)
	}
	for _, line := range strings.Split(z, "\n") {
		if textWidth(line) > 32 {
			t.Errorf("line wider than 32: %q", line)
		}
	}
	if _, err := RenderReport(ReportSlip{Kind: "Q", PrintedAt: txTime}, 32); !errors.Is(err, ErrInvalidReceipt) {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := EncodeReportESCPOS(ReportSlip{Kind: ReportX}, 32); !errors.Is(err, ErrInvalidReceipt) {
		t.Errorf("no print time: %v", err)
	}
	if _, err := RenderReport(c["x"], 40); !errors.Is(err, ErrInvalidWidth) {
		t.Errorf("width 40: %v", err)
	}
}
