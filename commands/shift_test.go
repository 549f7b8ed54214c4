package commands

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// newShiftHost is a host whose service refuses transactions without an
// open shift (--shifts on).
func newShiftHost(t *testing.T) (testHost, *testenv.Env) {
	env := testenv.New(t, testenv.Options{CashierConfig: func(c *cashier.Config) {
		c.CallTimeout, c.Shifts, c.LowDeposit = time.Second, true, 1_000_000_000
	}})
	return testHost{svc: env.Service, data: filepath.Join(env.Dir, "ledger.db")}, env
}

func jsonObject(t *testing.T, r out, args []string) map[string]any {
	t.Helper()
	var obj map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &obj); err != nil {
		t.Fatalf("%v: stdout is not one JSON object: %q (stderr %q)", args, r.stdout, r.stderr)
	}
	return obj
}

// A whole shift on the command line: refused without a shift, open, top
// ups, pay-in/out, X, a close short of cash refused without a note, the
// close with the exact count, Z and day reports as JSON, CSV and text.
func TestShiftCommands(t *testing.T) {
	h, _ := newShiftHost(t)
	step := func(code int, keys []string, args ...string) map[string]any {
		t.Helper()
		r := runHost(h, append(args, "--json")...)
		obj := jsonObject(t, r, args)
		if r.code != code {
			t.Fatalf("%v: exit %d, want %d (stdout %s stderr %q)", args, r.code, code, r.stdout, r.stderr)
		}
		for _, k := range keys {
			if _, ok := obj[k]; !ok {
				t.Errorf("%v: JSON lacks %q: %v", args, k, obj)
			}
		}
		return obj
	}
	// No shift: refused before anything is asked of OVO, with the way out.
	for lang, want := range map[string]string{"en": "ovocashier shift open --float N", "id": "belum membuka shift"} {
		r := runHost(h, "topup", "--phone", ovosim.NumberBudi, "--amount", "50000", "--lang", lang)
		if r.code != 1 || !strings.Contains(r.stderr, want) {
			t.Errorf("topup without a shift (%s): %+v", lang, r)
		}
	}
	step(1, []string{"error", "outcome"}, "disburse", "--phone", ovosim.NumberSiti, "--amount", "10000")
	step(1, []string{"error"}, "shift", "status")
	step(2, []string{"error"}, "shift", "open")
	step(2, []string{"error"}, "shift", "open", "--float", "-5")

	open := step(0, []string{"shiftId", "operator", "openedAt", "float", "depositOpen", "expectedCash"}, "shift", "open", "--float", "100.000")
	if open["float"] != 100000.0 || open["operator"] != "tester" {
		t.Fatalf("open: %v", open)
	}
	step(1, []string{"error"}, "shift", "open", "--float", "0")

	step(0, []string{"state"}, "topup", "--phone", ovosim.NumberBudi, "--amount", "50000")
	step(1, []string{"outcome"}, "topup", "--phone", ovosim.NumberDoNotHonor, "--amount", "20000")
	step(0, []string{"state"}, "disburse", "--phone", ovosim.NumberSiti, "--amount", "30000")
	step(0, []string{"id", "amount", "reason", "expectedCash"}, "shift", "payin", "--amount", "25000", "--reason", "more change")
	out := step(0, []string{"expectedCash"}, "shift", "payout", "--amount", "5000", "--reason", "to the bank")
	// 100.000 float + 50.000 top up (the disbursement moves no cash) + 25.000 − 5.000
	if out["expectedCash"] != 170000.0 {
		t.Errorf("expected cash after the moves: %v", out["expectedCash"])
	}
	step(2, []string{"error"}, "shift", "payout", "--amount", "1000000", "--reason", "too much")
	step(2, []string{"error"}, "shift", "payin", "--amount", "1000")

	x := step(0, []string{"shiftId", "expectedCash", "ledgerSuccessTotal", "depositOpen", "depositClose", "depositDifference", "pending"}, "report", "x")
	if x["report"] != "X" || x["ledgerSuccessTotal"] != 80000.0 || x["depositDifference"] != 0.0 {
		t.Errorf("X report: %v", x)
	}
	// CSV: a header row and one row, for a spreadsheet.
	r := runHost(h, "report", "x", "--csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || r.code != 0 || len(rows) != 2 || rows[0][0] != "report" || rows[1][0] != "X" {
		t.Errorf("report x --csv: %v %+v", err, r)
	}
	// Its times are in the outlet's zone (WIB here), as --json's and the paper's.
	zone := time.Now().In(h.svc.Location()).Format("-07:00")
	if len(rows) != 2 || rows[0][5] != "openedAt" || !strings.HasSuffix(rows[1][5], zone) {
		t.Errorf("report x --csv: openedAt not in the outlet's zone %s: %q", zone, r.stdout)
	}
	if r := runHost(h, "report", "x", "--csv", "--json"); r.code != 2 {
		t.Errorf("--csv with --json: %+v", r)
	}
	// Outputs that do not go together are refused before the shift is closed.
	for _, bad := range [][]string{{"--csv", "--json"}, {"--print", "--json"}, {"--print", "--csv"}} {
		r := runHost(h, append([]string{"shift", "close", "--counted", "170000"}, bad...)...)
		if r.code != 2 {
			t.Errorf("close %v: %+v", bad, r)
		}
		if _, err := h.svc.CurrentShift("tester"); err != nil {
			t.Fatalf("close %v closed the shift: %v", bad, err)
		}
	}

	// Rp5.000 short: no close without a note, the differences shown.
	short := step(2, []string{"error", "outcome", "report"}, "shift", "close", "--counted", "165000")
	rep := short["report"].(map[string]any)
	if rep["cashDifference"] != -5000.0 {
		t.Errorf("refused close: %v", rep)
	}
	if r := runHost(h, "shift", "close", "--counted", "165000", "--lang", "id"); r.code != 2 || !strings.Contains(r.stderr, "--note") || !strings.Contains(r.stdout, "-Rp5.000") {
		t.Errorf("refused close in Indonesian: %+v", r)
	}
	z := step(0, []string{"shiftId", "operator", "openedAt", "closedAt", "float", "expectedCash", "countedCash", "cashDifference",
		"ledgerSuccessTotal", "depositOpen", "depositClose", "depositDifference", "pending"},
		"shift", "close", "--counted", "165000", "--note", "Rp5.000 given as change twice")
	if z["report"] != "Z" || z["cashDifference"] != -5000.0 || z["note"] != "Rp5.000 given as change twice" || z["final"] != true {
		t.Errorf("Z: %v", z)
	}
	step(1, []string{"error"}, "shift", "status")
	// The Z reprint finds the operator's last closed shift of today.
	zr := step(0, []string{"shiftId", "cashDifference"}, "report", "z")
	if zr["shiftId"] != z["shiftId"] {
		t.Errorf("report z: %v", zr)
	}
	step(2, []string{"error"}, "report", "z", "--shift", "S99999999")
	step(1, []string{"error"}, "report", "z", "--day", "2020-01-01")
	day := step(0, []string{"day", "total", "outlets", "operators", "shifts", "depositOpen", "depositClose"}, "report", "day")
	if len(day["shifts"].([]any)) != 1 {
		t.Errorf("day: %v", day)
	}
	step(2, []string{"error"}, "report", "day", "--day", "23-11-2026")
	r = runHost(h, "report", "day", "--csv")
	if rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll(); err != nil || len(rows) < 3 || rows[0][0] != "day" {
		t.Errorf("report day --csv: %v %q", err, r.stdout)
	}
	// As text: the printed layout at --width, in the operator's language.
	for lang, want := range map[string]string{"en": "Z REPORT (SHIFT CLOSE)", "id": "LAPORAN Z (TUTUP SHIFT)"} {
		r := runHost(h, "report", "z", "--lang", lang, "--width", "48")
		if r.code != 0 || !strings.Contains(r.stdout, want) || !strings.Contains(r.stdout, "WIB") {
			t.Errorf("report z --lang %s: %+v", lang, r)
		}
		for _, l := range strings.Split(strings.TrimRight(r.stdout, "\n"), "\n") {
			if len([]rune(l)) > 48 {
				t.Errorf("a line wider than 48: %q", l)
			}
		}
	}
	// --print with no printer set: the report goes to stdout.
	if r := runHost(h, "report", "day", "--print"); r.code != 0 || !strings.Contains(r.stdout, "DAY REPORT") {
		t.Errorf("report day --print: %+v", r)
	}
	// A group without its command is bad input.
	if r := runHost(h, "report"); r.code != 2 || !strings.Contains(r.stderr, "x | z | day") {
		t.Errorf("report alone: %+v", r)
	}
	rec := step(0, []string{"day", "txns", "confirmed", "asked", "disagreements", "pending", "complete"}, "recon", "--day", time.Now().In(h.svc.Location()).Format("2006-01-02"))
	if rec["txns"] != 2.0 {
		t.Errorf("recon: %v", rec)
	}
	step(2, []string{"error"}, "recon")
	step(2, []string{"error"}, "recon", "--day", "2026-11-23", "--rate", "0")
}

// The shift commands through the control socket answer as they do
// directly, and the caller's operator's shift is the one used.
func TestShiftCommandsThroughTheSocket(t *testing.T) {
	h, _ := newShiftHost(t)
	runHost(h, "shift", "open", "--float", "50000")
	runHost(h, "topup", "--phone", ovosim.NumberBudi, "--amount", "50000")
	cases := [][]string{
		{"shift", "status", "--csv"}, {"report", "day", "--csv"}, {"shift", "close", "--counted", "1"},
		{"report", "z", "--csv"}, {"report", "x", "--shift", "x"}, {"recon"},
	}
	direct := make([]out, len(cases))
	for i, args := range cases {
		direct[i] = runHost(h, args...)
	}
	held, stop := holdLedger(t, h)
	// A report prints when it was made and read: the clock may tick between
	// the two runs.
	clock := regexp.MustCompile(`\d\d:\d\d(:\d\d)?`)
	same := func(a, b string) bool {
		return clock.ReplaceAllString(a, "hh:mm") == clock.ReplaceAllString(b, "hh:mm")
	}
	for i, args := range cases {
		sock := runHost(held, args...)
		if direct[i].code != sock.code || !same(direct[i].stdout, sock.stdout) || !same(direct[i].stderr, sock.stderr) {
			t.Errorf("%v:\ndirect %+v\nsocket %+v", args, direct[i], sock)
		}
	}
	// Another operator through the socket: their own shift.
	if r := runHost(held, "topup", "--phone", ovosim.NumberBudi, "--amount", "10000", "--operator", "Ani"); r.code != 1 || !strings.Contains(r.stderr, "Ani has no open shift") {
		t.Errorf("Ani without a shift: %+v", r)
	}
	if r := runHost(held, "shift", "open", "--float", "0", "--operator", "Ani", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"operator": "Ani"`) {
		t.Errorf("Ani opens: %+v", r)
	}
	if r := runHost(held, "shift", "close", "--counted", "100000", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"cashDifference": 0`) {
		t.Errorf("close through the socket: %+v", r)
	}
	stop()
}

// holdLedger serves h's service on its control socket, as the cashier
// screen does, and returns a host whose ledger is held (its commands go
// through the socket) and the function that stops serving.
func holdLedger(t *testing.T, h testHost) (testHost, func()) {
	t.Helper()
	ln, err := ListenControl(h.data)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ServeControl(ln, h, h.svc, Call{Env: "sandbox"}, nil) }()
	held := h
	held.held, held.svc, held.env = true, nil, "sandbox"
	return held, func() {
		ln.Close()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// Over SSH the shift is the key's operator's; --operator cannot be given.
func TestShiftCommandsOverSSH(t *testing.T) {
	h, _ := newShiftHost(t)
	call := Call{Lang: "id", Operator: "Siti", Printer: "stdout", Width: 42}
	ssh := func(args ...string) out {
		var o, e strings.Builder
		code := RunRemote(context.Background(), h, h.svc, call, args, &o, &e)
		return out{code, o.String(), e.String()}
	}
	if r := ssh("shift", "open", "--float", "10000", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"operator": "Siti"`) {
		t.Fatalf("open over SSH: %+v", r)
	}
	if r := ssh("shift", "status", "--operator", "Mallory"); r.code != 2 {
		t.Errorf("another operator over SSH: %+v", r)
	}
	if r := ssh("report", "x", "--print"); r.code != 0 || !strings.Contains(r.stdout, "LAPORAN X (SHIFT BERJALAN)") {
		t.Errorf("report x --print over SSH (stdout printer): %+v", r)
	}
	if r := ssh("shift", "close", "--counted", "10000", "--csv"); r.code != 0 || !strings.HasPrefix(r.stdout, "report,shiftId,") {
		t.Errorf("close over SSH: %+v", r)
	}
}
