package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// --shifts defaults to on: a top up without an open shift is refused (exit
// 1) naming the command that opens one; off (flag, variable or config file)
// lets it through; anything else is bad input. --low-deposit reaches the
// service: the log says once that the deposit is below it.
func TestShiftsAndLowDepositSettings(t *testing.T) {
	dir := goliveCleanEnv(t)
	t.Setenv("OVO_SHIFTS", "") // the default
	data := filepath.Join(dir, "ledger.db")
	run1 := func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		code := run(context.Background(), append(args, "--data", data), nil, &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, errs := run1("topup", "--phone", "081234567890", "--amount", "20000"); code != 1 || !strings.Contains(errs, "ovocashier shift open --float N") {
		t.Fatalf("topup without a shift, shifts on by default: %d %q", code, errs)
	}
	if code, _, errs := run1("topup", "--phone", "081234567890", "--amount", "20000", "--shifts", "maybe"); code != 2 || !strings.Contains(errs, "--shifts") {
		t.Fatalf("--shifts maybe: %d %q", code, errs)
	}
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, []byte("shifts = \"off\"\nlow-deposit = 60000000\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := run1("topup", "--phone", "081234567890", "--amount", "20000", "--config", cfg); code != 0 {
		t.Fatalf("shifts off in the config file: %d %q", code, errs)
	}
	b, err := os.ReadFile(filepath.Join(dir, "state", "ovocashier", "ovocashier.log"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(b), "deposit below the low-deposit threshold"); n != 1 {
		t.Errorf("the low-deposit warning was logged %d times, want once:\n%s", n, b)
	}
	// With shifts on: open, top up, close.
	for _, args := range [][]string{
		{"shift", "open", "--float", "100000"},
		{"topup", "--phone", "081234567890", "--amount", "20000", "--allow-repeat"}, // the same as above, deliberately
		{"shift", "close", "--counted", "120000"},
	} {
		if code, out, errs := run1(args...); code != 0 {
			t.Fatalf("%v: %d %s %s", args, code, out, errs)
		}
	}
}
