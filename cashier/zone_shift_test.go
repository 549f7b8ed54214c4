package cashier_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/receipts"
	"github.com/ovocashier/ovocashier/storage"
)

// An outlet in Asia/Makassar: a top up at 00:30 WITA (23:30 WIB the day
// before) belongs to the WITA day in the day report and in recon, and the
// slip and the Z report print WITA times.
func TestShiftInMakassar(t *testing.T) {
	makassar, err := time.LoadLocation("Asia/Makassar")
	if err != nil {
		t.Skip(err)
	}
	now := time.Date(2026, 11, 24, 0, 30, 0, 0, makassar) // 23:30 WIB on the 23rd
	e := testenv.New(t, testenv.Options{Now: func() time.Time { return now }, CashierConfig: func(c *cashier.Config) {
		c.Shifts, c.Location = true, makassar
	}})
	if _, err := e.Service.OpenShift(bg, "ani", 100_000); err != nil {
		t.Fatal(err)
	}
	txn := send(t, e, ovosim.NumberBudi, 50_000)
	if txn.State != storage.StateSuccess {
		t.Fatalf("top up: %+v", txn)
	}
	slip, err := receipts.Render(e.Service.Receipt(txn), 32)
	if err != nil || !strings.Contains(slip, "24-11-2026 00:30:00 WITA") {
		t.Errorf("slip not in WITA: %v\n%s", err, slip)
	}
	z, err := e.Service.CloseShift(bg, "ani", 150_000, "")
	if err != nil {
		t.Fatal(err)
	}
	text, err := receipts.RenderReport(e.Service.ShiftSlip(z, false), 42)
	if err != nil || !strings.Contains(text, "24-11-2026 00:30:00 WITA") || strings.Contains(text, "WIB") {
		t.Errorf("Z report not in WITA: %v\n%s", err, text)
	}
	for day, want := range map[time.Time]int{
		time.Date(2026, 11, 24, 12, 0, 0, 0, makassar): 1, // the WITA day of the top up
		time.Date(2026, 11, 23, 12, 0, 0, 0, makassar): 0, // its WIB day, not the outlet's
	} {
		r, err := e.Service.DayReport(bg, day, "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Total.TopUps.Success.Count != want || r.Day != day.Format("2006-01-02") {
			t.Errorf("day %s: %d top ups (want %d), day %q", day.Format("2006-01-02"), r.Total.TopUps.Success.Count, want, r.Day)
		}
		if got, _ := e.Service.ReconDay(bg, cashier.ReconOptions{Day: day}); got.Txns != want {
			t.Errorf("recon of %s: %d transactions, want %d", day.Format("2006-01-02"), got.Txns, want)
		}
	}
	if sh, err := e.Service.LastClosedShift("ani", now); err != nil || sh.ID != z.ShiftID {
		t.Errorf("last closed shift of the WITA day: %+v %v", sh, err)
	}
	if _, err := e.Service.LastClosedShift("ani", now.AddDate(0, 0, -1)); err == nil {
		t.Error("a closed shift found on the day before")
	}
}

// CheckShift says what Execute would: with shifts on, no open shift refuses.
func TestCheckShift(t *testing.T) {
	e := shiftEnv(t, time.Second, nil)
	if err := e.Service.CheckShift("ani"); err == nil {
		t.Fatal("no shift, no refusal")
	}
	if _, err := e.Service.OpenShift(bg, "ani", 0); err != nil {
		t.Fatal(err)
	}
	if err := e.Service.CheckShift("ani"); err != nil {
		t.Fatal(err)
	}
}
