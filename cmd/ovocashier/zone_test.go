package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// An outlet in Makassar (--tz Asia/Makassar): the slip, the history and the
// JSON times are WITA (+08:00); the history day is the WITA day.
func TestOutletInMakassar(t *testing.T) {
	goliveCleanEnv(t)
	t.Setenv("OVO_TZ", "Asia/Makassar")
	data := filepath.Join(t.TempDir(), "ledger.db")
	cmd := func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(context.Background(), append(args, "--data", data, "--lang", "en"), nil, &out, &errb)
		return code, out.String(), errb.String()
	}
	code, out, errb := cmd("topup", "--phone", "081234567890", "--amount", "20000", "--json")
	if code != 0 {
		t.Fatalf("topup: %d %s %s", code, out, errb)
	}
	var tx struct {
		Ref       string    `json:"partnerReferenceNo"`
		CreatedAt time.Time `json:"createdAt"`
	}
	if err := json.Unmarshal([]byte(out), &tx); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "+08:00") {
		t.Errorf("createdAt is not WITA (+08:00):\n%s", out)
	}
	makassar, _ := time.LoadLocation("Asia/Makassar")
	local := tx.CreatedAt.In(makassar)
	if code, out, errb = cmd("receipt", "--ref", tx.Ref, "--printer", "stdout"); code != 0 ||
		!strings.Contains(out, local.Format("02-01-2006 15:04:05")+" WITA") || strings.Contains(out, "WIB") {
		t.Fatalf("slip (%d, %s):\n%s", code, errb, out)
	}
	if code, out, _ = cmd("history", "--day", local.Format("2006-01-02")); code != 0 ||
		!strings.Contains(out, "TIME (WITA)") || !strings.Contains(out, tx.Ref) || !strings.Contains(out, local.Format("2006-01-02 15:04:05")) {
		t.Fatalf("history of the WITA day (%d):\n%s", code, out)
	}
	// The day before and after in WITA do not have it.
	for _, d := range []time.Time{local.AddDate(0, 0, -1), local.AddDate(0, 0, 1)} {
		if _, out, _ = cmd("history", "--day", d.Format("2006-01-02")); strings.Contains(out, tx.Ref) {
			t.Fatalf("history of %s has it:\n%s", d.Format("2006-01-02"), out)
		}
	}
	if code, _, errb = cmd("history", "--tz", "Asia/Bali"); code != 2 || !strings.Contains(errb, `--tz "Asia/Bali"`) {
		t.Fatalf("a bad --tz: %d %s", code, errb)
	}
}
