package receipts

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func reportForPrint() ReportSlip {
	makassar, _ := time.LoadLocation("Asia/Makassar")
	at := time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC)
	return ReportSlip{Kind: ReportZ, Merchant: "Toko", Outlet: "Outlet 1", Terminal: "T1", Operator: "siti",
		ShiftID: "S00000001", OpenedAt: at.Add(-8 * time.Hour), ClosedAt: at, PrintedAt: at, Final: true,
		Location: makassar}
}

// A report prints on the stdout and file printers as text, in the outlet's
// zone, and on none says so.
func TestPrintReport(t *testing.T) {
	r := reportForPrint()
	var out bytes.Buffer
	p, err := NewPrinter(PrinterConfig{Spec: "stdout", Width: 42, Stdout: &out})
	if err != nil {
		t.Fatal(err)
	}
	if err := PrintReport(context.Background(), p, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "24-11-2026 05:00:00 WITA") || !strings.Contains(out.String(), "Z") {
		t.Errorf("stdout report:\n%s", out.String())
	}
	dir := t.TempDir()
	fp, _ := NewPrinter(PrinterConfig{Spec: "file:" + dir, Width: 32})
	if err := PrintReport(context.Background(), fp, r); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report-Z-S00000001-20261124T050000.txt"))
	if err != nil || !strings.Contains(string(b), "WITA") {
		t.Errorf("file report: %v %q", err, b)
	}
	np, _ := NewPrinter(PrinterConfig{Spec: "none"})
	if err := PrintReport(context.Background(), np, r); !errors.Is(err, ErrNoPrinter) {
		t.Errorf("none: %v", err)
	}
}

// The slip of a top up says the cash taken from the customer; a
// disbursement's says none moves.
func TestReceiptCashLine(t *testing.T) {
	for _, c := range []struct {
		kind Kind
		cash int64
		want string
	}{{KindTopUp, 50_000, "Cash from customer  Rp50.000"}, {KindDisburse, 0, "none (from deposit)"}} {
		cash := c.cash
		r := Receipt{Merchant: "Toko", Time: time.Now(), Kind: c.kind, Amount: 50_000, Fee: 1_000, Status: StatusSuccess, Lang: LangEN, Cash: &cash}
		text, err := Render(r, 48)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(strings.Fields(text), " "), strings.Join(strings.Fields(c.want), " ")) {
			t.Errorf("%s slip lacks %q:\n%s", c.kind, c.want, text)
		}
	}
}
