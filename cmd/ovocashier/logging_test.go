package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A command's log: in $XDG_STATE_HOME, phone numbers masked, times at the
// outlet's offset, JSON with --log-format json; the old log beside the
// ledger is moved over once.
func TestCommandLog(t *testing.T) {
	dir := goliveCleanEnv(t)
	data := filepath.Join(dir, "ledger.db")
	old := filepath.Join(dir, "ovocashier.log")
	if err := os.WriteFile(old, []byte("an earlier line\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run1 := func(args ...string) {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), append(args, "--data", data), nil, &out, &errb); code != 0 {
			t.Fatalf("%v: %d %s", args, code, errb.String())
		}
	}
	run1("topup", "--phone", "081234567890", "--amount", "20000", "--tz", "Asia/Jayapura")
	logPath := filepath.Join(dir, "state", "ovocashier", "ovocashier.log")
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if _, err := os.Stat(old); err == nil || !strings.HasPrefix(text, "an earlier line\n") || !strings.Contains(text, "log moved here from "+old) {
		t.Fatalf("the old log was not moved over:\n%s", text)
	}
	if strings.Contains(text, "081234567890") || !strings.Contains(text, "0812****7890") {
		t.Fatalf("phone not masked:\n%s", text)
	}
	if !strings.Contains(text, "+09:00 level=INFO") || strings.Contains(text, "Z level=") {
		t.Fatalf("times not in WIT (+09:00):\n%s", text)
	}
	// Once: a second run does not move or mention anything.
	os.WriteFile(old, []byte("a new old line\n"), 0o600)
	run1("history", "--log-format", "json")
	b, _ = os.ReadFile(logPath)
	if strings.Contains(string(b), "a new old line") || strings.Count(string(b), "log moved here") != 1 {
		t.Fatalf("moved twice:\n%s", b)
	}
	// --log elsewhere, JSON.
	other := filepath.Join(dir, "other.log")
	run1("topup", "--phone", "081298765432", "--amount", "20000", "--log", other, "--log-format", "json")
	b, _ = os.ReadFile(other)
	if !strings.HasPrefix(string(b), `{"time":"`) || !strings.Contains(string(b), `"+07:00`) && !strings.Contains(string(b), `+07:00"`) ||
		strings.Contains(string(b), "081298765432") {
		t.Fatalf("JSON log:\n%s", b)
	}
}
