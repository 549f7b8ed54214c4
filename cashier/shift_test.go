package cashier_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/receipts"
	"github.com/ovocashier/ovocashier/storage"
)

// shiftEnv is a back end with shifts on and a sandbox whose pending numbers
// settle after pendingFor.
func shiftEnv(t *testing.T, pendingFor time.Duration, cfg func(*cashier.Config)) *testenv.Env {
	t.Helper()
	return testenv.New(t, testenv.Options{
		Deposit:   1_000_000,
		SimConfig: func(c *ovosim.Config) { c.PendingFor = pendingFor },
		CashierConfig: func(c *cashier.Config) {
			c.Shifts, c.CallTimeout = true, 500*time.Millisecond
			if cfg != nil {
				cfg(c)
			}
		},
	})
}

// send tops up phone with amount as operator "ani" and returns the
// transaction as Execute recorded it. A number whose inquiry refuses gets a
// hand-made quote, so that the top up itself is refused.
func send(t *testing.T, e *testenv.Env, phone string, amount int64) storage.Txn {
	t.Helper()
	q, err := e.Service.Inquiry(bg, storage.KindTopUp, phone, amount)
	if err != nil {
		q = cashier.Quote{Kind: storage.KindTopUp, Phone: phone, Name: "X", Amount: amount, Fee: 1_000}
	}
	res, err := e.Service.Execute(bg, cashier.Order{Quote: q, Operator: "ani"})
	if err != nil {
		t.Fatalf("execute %s: %v", phone, err)
	}
	return res.Txn
}

func val(p *int64) int64 {
	if p == nil {
		return -1 << 62
	}
	return *p
}

func TestShiftJourneyExactCount(t *testing.T) {
	e := shiftEnv(t, 300*time.Millisecond, nil)
	svc := e.Service
	q := quote(t, e, storage.KindTopUp, "081234567890", 50_000)
	if q.CashToCollect() != 50_000 {
		t.Fatalf("cash to collect %d", q.CashToCollect())
	}
	// No open shift: refused before anything is written or sent.
	if _, err := svc.Execute(bg, cashier.Order{Quote: q, Operator: "ani"}); !errors.Is(err, cashier.ErrNoShift) || cashier.ExitCode(err) != cashier.ExitRefused {
		t.Fatalf("execute without a shift: %v", err)
	}
	if p, _ := svc.History(storage.Query{}); len(p.Txns) != 0 {
		t.Fatalf("a refused send was written: %+v", p.Txns)
	}
	sh, err := svc.OpenShift(bg, "ani", 200_000)
	if err != nil || sh.DepositOpen.Balance != 1_000_000 || !sh.DepositOpen.OK() {
		t.Fatalf("open %+v %v", sh, err)
	}
	if _, err := svc.OpenShift(bg, "ani", 1); !errors.Is(err, cashier.ErrShiftOpen) {
		t.Fatalf("second open: %v", err)
	}
	ok := send(t, e, "081234567890", 50_000)
	failed := send(t, e, "081100000405", 30_000)
	pending := send(t, e, "081100000202", 20_000)
	if ok.State != storage.StateSuccess || failed.State != storage.StateFailed || pending.State != storage.StateUnknown {
		t.Fatalf("states %s %s %s", ok.State, failed.State, pending.State)
	}
	if ok.ShiftID != sh.ID || pending.ShiftID != sh.ID {
		t.Fatalf("not stamped: %q %q", ok.ShiftID, pending.ShiftID)
	}
	if _, err := svc.PayIn("ani", 10_000, " "); !errors.Is(err, cashier.ErrInvalidInput) {
		t.Fatalf("pay-in without reason: %v", err)
	}
	if _, err := svc.PayIn("ani", 10_000, "more change"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PayOut("ani", 5_000, "to the bank"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.PayOut("ani", 10_000_000, "too much"); !errors.Is(err, cashier.ErrInvalidInput) {
		t.Fatalf("pay-out above the drawer: %v", err)
	}

	x, err := svc.XReport(bg, "ani")
	if err != nil {
		t.Fatal(err)
	}
	// float 200.000 + 50.000 collected + 10.000 in − 5.000 out
	if x.Kind != cashier.ReportX || x.ExpectedCash != 255_000 || x.CountedCash != nil || x.ClosedAt != nil ||
		len(x.Pending) != 1 || x.PendingCash != 20_000 || x.Final || x.SuccessTotal != 50_000 ||
		x.TopUps.Success.Count != 1 || x.TopUps.Failed.Count != 1 || x.TopUps.Refusals[0].Reason != "do_not_honor" {
		t.Fatalf("X report %+v", x)
	}
	if val(x.DepositDifference) != 20_000 || x.WindowPendingAmount != 20_000 { // OVO applied the pending one
		t.Fatalf("X deposit difference %d (pending %d)", val(x.DepositDifference), x.WindowPendingAmount)
	}

	e.WaitFinal(t, pending.PartnerReferenceNo, 10*time.Second)
	z, err := svc.CloseShift(bg, "ani", 275_000, "")
	if err != nil {
		t.Fatalf("close with the exact count: %v", err)
	}
	if z.Kind != cashier.ReportZ || val(z.CashDifference) != 0 || val(z.DepositDifference) != 0 || !z.Final ||
		val(z.DepositOpen) != 1_000_000 || val(z.DepositClose) != 930_000 || z.SuccessTotal != 70_000 ||
		z.TopUps.Success.Fee != 2_000 || z.TopUps.Success.Received != 68_000 || len(z.Explain) != 0 {
		t.Fatalf("Z report %+v", z)
	}
	if _, err := svc.CurrentShift("ani"); !errors.Is(err, cashier.ErrNoShift) {
		t.Fatalf("shift still open: %v", err)
	}
	if _, err := svc.Execute(bg, cashier.Order{Quote: q, Operator: "ani"}); !errors.Is(err, cashier.ErrNoShift) {
		t.Fatalf("execute after the close: %v", err)
	}

	// JSON carries the fields scripts rely on; CSV parses with a standard reader.
	var buf bytes.Buffer
	if err := cashier.WriteJSON(&buf, z); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"shiftId", "operator", "openedAt", "closedAt", "float", "expectedCash", "countedCash",
		"cashDifference", "ledgerSuccessTotal", "depositOpen", "depositClose", "depositDifference", "pending"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON has no %q: %s", k, buf.String())
		}
	}
	if m["countedCash"] != float64(275_000) || m["ledgerSuccessTotal"] != float64(70_000) {
		t.Errorf("JSON values %v %v", m["countedCash"], m["ledgerSuccessTotal"])
	}
	buf.Reset()
	if err := cashier.WriteShiftCSV(&buf, x, z); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(cashier.ShiftCSVHeader, ",") {
		t.Fatalf("CSV %q %v", rows, err)
	}
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return 0
	}
	if rows[2][col("countedCash")] != "275000" || rows[1][col("countedCash")] != "" || rows[2][col("depositDifference")] != "0" {
		t.Fatalf("CSV rows %q", rows)
	}

	day, err := svc.DayReport(bg, time.Now(), "")
	if err != nil {
		t.Fatal(err)
	}
	if day.Total.TopUps.Success.Count != 2 || day.Total.TopUps.Failed.Count != 1 || len(day.Shifts) != 1 ||
		!day.Shifts[0].Final || val(day.DepositOpen) != 1_000_000 || val(day.DepositClose) != 930_000 ||
		len(day.Operators) != 1 || day.Operators[0].Name != "ani" || len(day.Outlets) != 1 {
		t.Fatalf("day report %+v", day)
	}
	if other, _ := svc.DayReport(bg, time.Now(), "budi"); other.Total.TopUps.Success.Count != 0 || len(other.Shifts) != 0 {
		t.Fatalf("day report of another operator %+v", other)
	}
	buf.Reset()
	if err := cashier.WriteDayCSV(&buf, day); err != nil {
		t.Fatal(err)
	}
	if rows, err := csv.NewReader(&buf).ReadAll(); err != nil || len(rows) != 4 || rows[1][1] != "total" || rows[1][3] != "2" {
		t.Fatalf("day CSV %q %v", rows, err)
	}
	// Printed at each width, through the ESC/POS encoder.
	for _, w := range receipts.Widths {
		for _, slip := range []receipts.ReportSlip{svc.ShiftSlip(x, false), svc.ShiftSlip(z, false), svc.DaySlip(day)} {
			b, err := receipts.EncodeReportESCPOS(slip, w)
			if err != nil || !bytes.Contains(b, []byte("Rp1.000.000")) {
				t.Fatalf("width %d: %v\n%q", w, err, b)
			}
		}
	}
	if err := e.DB.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestCloseWithMissingCashNeedsANote(t *testing.T) {
	e := shiftEnv(t, time.Second, nil)
	svc := e.Service
	if _, err := svc.OpenShift(bg, "ani", 100_000); err != nil {
		t.Fatal(err)
	}
	send(t, e, "081234567890", 50_000)
	_, err := svc.CloseShift(bg, "ani", 145_000, "")
	var ce *cashier.CloseError
	if !errors.As(err, &ce) || !errors.Is(err, cashier.ErrNoteRequired) || cashier.ExitCode(err) != cashier.ExitInput {
		t.Fatalf("close Rp5.000 short without a note: %v", err)
	}
	if val(ce.Report.CashDifference) != -5_000 || !ce.Report.NeedsNote() {
		t.Fatalf("the refused close shows %+v", ce.Report)
	}
	// Nothing was closed: the report shown says so (not a Z, no close time,
	// no FINAL banner on the paper).
	if ce.Report.Kind != cashier.ReportX || ce.Report.ClosedAt != nil {
		t.Fatalf("the refused close is shown as kind %q closed at %v", ce.Report.Kind, ce.Report.ClosedAt)
	}
	text, err := receipts.RenderReport(svc.ShiftSlip(ce.Report, false), 32)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "FINAL") || strings.Contains(text, "LAPORAN Z") || strings.Contains(text, "Z REPORT") ||
		!strings.Contains(text, "-Rp5.000") {
		t.Fatalf("the refused close prints as a closed shift:\n%s", text)
	}
	if _, err := svc.CurrentShift("ani"); err != nil {
		t.Fatalf("a refused close closed the shift: %v", err)
	}
	z, err := svc.CloseShift(bg, "ani", 145_000, "Rp5.000 given as change twice")
	if err != nil {
		t.Fatal(err)
	}
	if val(z.CashDifference) != -5_000 || z.Note != "Rp5.000 given as change twice" || val(z.DepositDifference) != 0 || !z.Final {
		t.Fatalf("Z %+v", z)
	}
	if again, _ := svc.ZReport(bg, z.ShiftID); val(again.CashDifference) != -5_000 || again.Note != z.Note {
		t.Fatalf("reprint %+v", again)
	}
}

func TestPendingAtCloseSettlesAndTheReprintIsFinal(t *testing.T) {
	e := shiftEnv(t, 1500*time.Millisecond, nil)
	svc := e.Service
	if _, err := svc.OpenShift(bg, "ani", 100_000); err != nil {
		t.Fatal(err)
	}
	send(t, e, "081234567890", 50_000)
	p := send(t, e, "081100000202", 20_000)
	// The cashier holds the pending top up's cash: counted includes it.
	z, err := svc.CloseShift(bg, "ani", 170_000, "")
	if err != nil {
		t.Fatalf("a difference the pending top up explains needs no note: %v", err)
	}
	if z.Final || len(z.Pending) != 1 || z.Pending[0].PartnerReferenceNo != p.PartnerReferenceNo ||
		val(z.CashDifference) != 20_000 || z.PendingCash != 20_000 || val(z.DepositDifference) != 20_000 {
		t.Fatalf("Z at close %+v", z)
	}
	e.WaitFinal(t, p.PartnerReferenceNo, 10*time.Second)
	re, err := svc.ZReport(bg, z.ShiftID)
	if err != nil {
		t.Fatal(err)
	}
	if !re.Final || len(re.Pending) != 0 || val(re.CashDifference) != 0 || val(re.DepositDifference) != 0 ||
		len(re.Explain) != 1 || re.Explain[0].Why != cashier.WhySettledAfterClose {
		t.Fatalf("reprinted Z %+v", re)
	}
	text, err := receipts.RenderReport(svc.ShiftSlip(re, true), 42)
	if err != nil || !strings.Contains(text, "FINAL") || strings.Contains(text, "SEMENTARA") || !strings.Contains(text, "CETAK ULANG") {
		t.Fatalf("reprint text %v:\n%s", err, text)
	}
}

func TestThreeWayCatchesAppliedFailureAndUnknownSuccess(t *testing.T) {
	t.Run("applied by OVO, recorded failed", func(t *testing.T) {
		e := shiftEnv(t, time.Second, nil)
		svc := e.Service
		if _, err := svc.OpenShift(bg, "ani", 100_000); err != nil {
			t.Fatal(err)
		}
		send(t, e, "081234567890", 50_000)
		e.Sim.InjectFault(ovosim.OpTopUp, ovosim.Fault{ApplyFirst: true, Code: "4033805"})
		bad := send(t, e, "081298765432", 30_000)
		if bad.State != storage.StateFailed || e.Sim.Applied(bad.PartnerReferenceNo) != 1 {
			t.Fatalf("setup: %s, applied %d", bad.State, e.Sim.Applied(bad.PartnerReferenceNo))
		}
		// The drawer is right (the cash went back), OVO's deposit is not.
		_, err := svc.CloseShift(bg, "ani", 150_000, "")
		var ce *cashier.CloseError
		if !errors.As(err, &ce) {
			t.Fatalf("close: %v", err)
		}
		r := ce.Report
		if val(r.CashDifference) != 0 || val(r.DepositDifference) != 30_000 || len(r.Explain) != 1 ||
			r.Explain[0].PartnerReferenceNo != bad.PartnerReferenceNo || r.Explain[0].Why != cashier.WhyAppliedButFailed {
			t.Fatalf("report %+v", r)
		}
		// recon --day: rate-limited, resumable (a run bounded to one call
		// leaves the rest to the next), never changing a final state.
		res, err := svc.ReconDay(bg, cashier.ReconOptions{Day: time.Now(), Rate: 20, Max: 1})
		if err != nil || res.Complete || res.Asked != 1 || res.Confirmed != 1 || len(res.Disagreements) != 0 {
			t.Fatalf("first recon run %+v %v", res, err)
		}
		res, err = svc.ReconDay(bg, cashier.ReconOptions{Day: time.Now(), Rate: 20})
		if err != nil || !res.Complete || res.Asked != 1 || res.Confirmed != 1 || len(res.Disagreements) != 1 ||
			res.Disagreements[0].Why != cashier.WhyAppliedButFailed || res.Disagreements[0].OVOStatus != "00" {
			t.Fatalf("second recon run %+v %v", res, err)
		}
		if again, _ := svc.ReconDay(bg, cashier.ReconOptions{Day: time.Now(), Rate: 20}); again.Asked != 1 {
			t.Fatalf("third run asked %d, want only the disagreement", again.Asked)
		}
		if got, _ := e.DB.Get(bad.PartnerReferenceNo); got.State != storage.StateFailed {
			t.Fatalf("the final state changed to %s", got.State)
		}
	})
	t.Run("success unknown to OVO", func(t *testing.T) {
		e := shiftEnv(t, time.Second, nil)
		svc := e.Service
		if _, err := svc.OpenShift(bg, "ani", 100_000); err != nil {
			t.Fatal(err)
		}
		good := send(t, e, "081234567890", 50_000)
		lost := send(t, e, "081298765432", 40_000)
		if err := e.Sim.Vanish(lost.PartnerReferenceNo); err != nil {
			t.Fatal(err)
		}
		_, err := svc.CloseShift(bg, "ani", 190_000, "")
		var ce *cashier.CloseError
		if !errors.As(err, &ce) {
			t.Fatalf("close: %v", err)
		}
		r := ce.Report
		if val(r.CashDifference) != 0 || val(r.DepositDifference) != -40_000 || len(r.Explain) != 1 ||
			r.Explain[0].PartnerReferenceNo != lost.PartnerReferenceNo || r.Explain[0].Why != cashier.WhyUnknownToOVO {
			t.Fatalf("report %+v", r)
		}
		// The close's status answers count as confirmations; the day's
		// reconciliation asks again only what disagrees.
		res, err := svc.ReconDay(bg, cashier.ReconOptions{Day: time.Now(), Rate: 1000})
		if err != nil || !res.Complete || res.Txns != 2 || res.Confirmed != 1 || res.Asked != 1 ||
			len(res.Disagreements) != 1 || res.Disagreements[0].PartnerReferenceNo != lost.PartnerReferenceNo ||
			res.Disagreements[0].OVOStatus != "07" || res.Disagreements[0].Why != cashier.WhyUnknownToOVO {
			t.Fatalf("recon %+v %v", res, err)
		}
		if m, ok, _ := e.DB.ReconMark(good.PartnerReferenceNo); !ok || !m.Agree {
			t.Fatalf("mark of the confirmed success %+v %v", m, ok)
		}
		if got, _ := e.DB.Get(lost.PartnerReferenceNo); got.State != storage.StateSuccess {
			t.Fatalf("the final state changed to %s", got.State)
		}
	})
}

// logCount counts the log records whose message contains a text.
type logCount struct {
	mu   sync.Mutex
	msgs []string
}

func (l *logCount) Enabled(context.Context, slog.Level) bool { return true }
func (l *logCount) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.msgs = append(l.msgs, r.Message)
	return nil
}
func (l *logCount) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *logCount) WithGroup(string) slog.Handler      { return l }
func (l *logCount) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, m := range l.msgs {
		if strings.Contains(m, s) {
			n++
		}
	}
	return n
}

func TestLowDepositAlertOncePerCrossing(t *testing.T) {
	logs := &logCount{}
	e := shiftEnv(t, time.Second, func(c *cashier.Config) {
		c.LowDeposit, c.Shifts = 960_000, false
		c.Logger = slog.New(logs)
	})
	svc := e.Service
	if st, _ := svc.LowDeposit(); st.Below || st.Threshold != 960_000 {
		t.Fatalf("before: %+v", st)
	}
	send(t, e, "081234567890", 50_000)
	send(t, e, "081234567890", 20_000)
	send(t, e, "081234567890", 10_000)
	if st, _ := svc.LowDeposit(); !st.Below || st.Available != 920_000 {
		t.Fatalf("after: %+v", st)
	}
	if n := logs.count("below the low-deposit threshold"); n != 1 {
		t.Fatalf("logged %d times, want once per crossing", n)
	}
	if err := e.Sim.SetDeposit(2_000_000); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RefreshDeposit(bg); err != nil {
		t.Fatal(err)
	}
	if n := logs.count("back above"); n != 1 {
		t.Fatalf("back above logged %d times", n)
	}
	if _, err := svc.OpenShift(bg, "ani", 0); err != nil {
		t.Fatal(err)
	}
	if x, _ := svc.ShiftStatus("ani"); x.LowDeposit.Below || x.LowDeposit.Threshold != 960_000 {
		t.Fatalf("X shows %+v", x.LowDeposit)
	}
}

func TestReconDayIsRateLimitedAndAsksOnce(t *testing.T) {
	e := shiftEnv(t, time.Second, func(c *cashier.Config) { c.Shifts = false })
	for range 3 {
		send(t, e, "081234567890", 10_000)
	}
	start := time.Now()
	res, err := e.Service.ReconDay(bg, cashier.ReconOptions{Day: time.Now(), Rate: 10})
	if err != nil || res.Asked != 3 || res.Confirmed != 3 || !res.Complete || len(res.Disagreements) != 0 {
		t.Fatalf("recon %+v %v", res, err)
	}
	if d := time.Since(start); d < 190*time.Millisecond {
		t.Fatalf("3 calls at 10 a second took %v", d)
	}
	if res, _ := e.Service.ReconDay(bg, cashier.ReconOptions{Day: time.Now()}); res.Asked != 0 || res.Confirmed != 3 {
		t.Fatalf("second run %+v", res)
	}
	if res, _ := e.Service.ReconDay(bg, cashier.ReconOptions{Day: time.Now().AddDate(0, 0, -1)}); res.Txns != 0 {
		t.Fatalf("yesterday %+v", res)
	}
}
