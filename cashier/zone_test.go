package cashier_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/receipts"
)

// An outlet in Makassar (WITA, UTC+8) closes its day at its own midnight: a
// top up at 16:30 UTC (23:30 WIB) belongs to the next day there, and the day
// report and the shift reports print their times in WITA.
func TestDayReportInMakassar(t *testing.T) {
	makassar, err := time.LoadLocation("Asia/Makassar")
	if err != nil {
		t.Fatal(err)
	}
	base, started := time.Date(2026, 11, 23, 16, 30, 5, 0, time.UTC), time.Now()
	now := func() time.Time { return base.Add(time.Since(started)) }
	e := testenv.New(t, testenv.Options{Deposit: 1_000_000, Now: now, CashierConfig: func(c *cashier.Config) {
		c.Shifts, c.Location, c.CallTimeout = true, makassar, time.Second
	}})
	svc := e.Service
	if _, err := svc.OpenShift(bg, "ani", 100_000); err != nil {
		t.Fatal(err)
	}
	send(t, e, "081234567890", 20_000)

	next, err := svc.DayReport(bg, now(), "")
	if err != nil {
		t.Fatal(err)
	}
	if next.Day != "2026-11-24" || next.Total.TopUps.Success.Count != 1 || len(next.Shifts) != 1 {
		t.Errorf("the day of 00:30 WITA: %s with %d top ups and %d shifts, want 2026-11-24 with 1 and 1",
			next.Day, next.Total.TopUps.Success.Count, len(next.Shifts))
	}
	prev, err := svc.DayReport(bg, now().Add(-2*time.Hour), "") // 22:30 WITA on the 23rd
	if err != nil {
		t.Fatal(err)
	}
	if prev.Day != "2026-11-23" || prev.Total.TopUps.Success.Count != 0 {
		t.Errorf("the day before: %s with %d top ups, want 2026-11-23 with none", prev.Day, prev.Total.TopUps.Success.Count)
	}

	x, err := svc.XReport(bg, "ani")
	if err != nil {
		t.Fatal(err)
	}
	for name, slip := range map[string]receipts.ReportSlip{"X": svc.ShiftSlip(x, false), "day": svc.DaySlip(next)} {
		out, err := receipts.RenderReport(slip, 42)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out, "24-11-2026 00:30") || !strings.Contains(out, "WITA") || strings.Contains(out, "WIB") {
			t.Errorf("the %s report is not in WITA:\n%s", name, out)
		}
	}
}
