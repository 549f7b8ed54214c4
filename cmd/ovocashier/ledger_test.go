package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/cashier"
)

// A damaged ledger is refused before anything starts: no sandbox, nothing
// sent, exit 1 with a message naming the file.
func TestDamagedLedgerRefusedBeforeSending(t *testing.T) {
	goliveCleanEnv(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "ledger.db")
	runCmd := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(context.Background(), append(args, "--data", data, "--lang", "en"), nil, &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, _, stderr := runCmd("topup", "--phone", "081234567890", "--amount", "50000"); code != 0 {
		t.Fatalf("first top up: exit %d: %s", code, stderr)
	}
	if code, out, stderr := runCmd("check"); code != 0 || !strings.Contains(out, "sound") {
		t.Fatalf("check of a sound ledger: exit %d %q %q", code, out, stderr)
	}
	backup := filepath.Join(dir, "backup.db")
	if code, _, stderr := runCmd("backup", "--out", backup); code != 0 {
		t.Fatalf("backup: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd("backup", "--out", backup); code != cashier.ExitRefused || !strings.Contains(stderr, "exists") {
		t.Fatalf("backup over an existing file: exit %d: %s", code, stderr)
	}
	for _, tc := range []struct {
		name   string
		damage func()
	}{
		{"empty", func() { os.Truncate(data, 0) }},
		{"truncated", func() { os.Truncate(data, 5000) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.damage()
			os.RemoveAll(filepath.Join(dir, "sandbox.db"))
			os.RemoveAll(filepath.Join(dir, "sandbox"))
			code, _, stderr := runCmd("topup", "--phone", "081234567890", "--amount", "50000")
			if code != cashier.ExitRefused || !strings.Contains(stderr, "damaged") || !strings.Contains(stderr, data) {
				t.Fatalf("top up on a damaged ledger: exit %d: %s", code, stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "sandbox.db")); err == nil {
				t.Fatal("the sandbox was started for a damaged ledger")
			}
			if code, _, _ := runCmd("check"); code != cashier.ExitRefused {
				t.Fatalf("check of a damaged ledger: exit %d", code)
			}
			if fi, _ := os.Stat(data); tc.name == "empty" && fi.Size() != 0 {
				t.Fatal("an empty ledger was re-initialised")
			}
			// Restoring the backup brings the ledger back.
			b, _ := os.ReadFile(backup)
			os.WriteFile(data, b, 0o600)
			if code, _, stderr := runCmd("check"); code != 0 {
				t.Fatalf("check after restoring the backup: exit %d: %s", code, stderr)
			}
		})
	}
}

func TestPanicExitsUnknown(t *testing.T) {
	var stderr bytes.Buffer
	code := func() (code int) {
		defer exitUnknownOnPanic(&stderr, &code)
		panic("bbolt: invalid page type")
	}()
	if code != cashier.ExitUnknown || !strings.Contains(stderr.String(), "outcome is unknown") {
		t.Fatalf("panic gave exit %d, %q; want 3", code, stderr.String())
	}
}
