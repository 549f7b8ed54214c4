package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTUIEndToEnd builds the real binary, runs it in tmux at 80×24 on the
// built-in sandbox, types a top up as a cashier would, waits for the
// success screen, quits, and reads the ledger back with the history
// command.
func TestTUIEndToEnd(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data", "ledger.db")
	c := startTmuxCashier(t, "e2e", "--data "+data+" --lang en --operator e2e --outlet 'Outlet E2E'")
	bin, env, waitFor, keys := c.bin, c.env, c.waitFor, c.keys
	// slowly types text as a person does: one key, then a short pause.
	slowly := func(text string) {
		for _, r := range text {
			keys("-l", string(r))
			time.Sleep(60 * time.Millisecond)
		}
	}
	waitFor("Cashier menu", "[SANDBOX]", "Outlet E2E", "available Rp50.000.000")
	topUp := func() {
		t.Helper()
		keys("1")
		waitFor("Customer's OVO phone number")
		slowly("081234567890")
		waitFor("Valid number")
		keys("Enter")
		waitFor("Budi Santoso", "Type the amount")
		// A custom amount starting with 7: the 7 is a digit, never a preset.
		slowly("750000")
		waitFor("Customer receives", "Rp749.000")
		keys("Enter")
		waitFor("Checkout", "Rp750.000")
	}
	topUp()
	waitFor("Yes, send it now")
	keys("y")
	waitFor("SUCCESS", "R00000001", "OVO reference", "Rp750.000")
	keys("Escape")
	waitFor("Cashier menu")
	// The same top up again: the checkout warns with the first receipt
	// number, and y does not send it.
	topUp()
	waitFor("CAREFUL", "R00000001", "send again anyway")
	keys("y")
	time.Sleep(300 * time.Millisecond)
	waitFor("CAREFUL", "Checkout")
	keys("Escape")
	waitFor("Type the amount")
	keys("Escape")
	waitFor("Customer's OVO phone number") // one key at a time: two Escapes at once can reach the terminal as one Alt+Escape
	keys("Escape")
	waitFor("Cashier menu")
	keys("q")
	c.waitQuit()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	hist := exec.CommandContext(ctx, bin, "history", "--json", "--data", data)
	hist.Env = env
	var out, errb bytes.Buffer
	hist.Stdout, hist.Stderr = &out, &errb
	if err := hist.Run(); err != nil {
		t.Fatalf("history: %v\n%s", err, errb.String())
	}
	var txns []struct {
		State, CustomerNumber, ReceiptNo, Operator string
		Amount                                     int64
	}
	if err := json.Unmarshal(out.Bytes(), &txns); err != nil {
		t.Fatalf("history --json: %v\n%s", err, out.String())
	}
	if len(txns) != 1 {
		t.Fatalf("ledger holds %d transactions: %s", len(txns), out.String())
	}
	got := txns[0]
	if got.State != "success" || got.CustomerNumber != "081234567890" || got.Amount != 750_000 || got.ReceiptNo != "R00000001" || got.Operator != "e2e" {
		t.Fatalf("ledger: %+v", got)
	}
}

// TestTUINeedsATerminal: without a terminal the cashier screen refuses with
// a clear message, in the caller's language, and exit status 2.
func TestTUINeedsATerminal(t *testing.T) {
	for lang, want := range map[string]string{"en": "needs a terminal", "id": "memerlukan terminal"} {
		var stdout, stderr bytes.Buffer
		code := runTUI(context.Background(), []string{"--lang", lang, "--data", filepath.Join(t.TempDir(), "ledger.db")}, strings.NewReader(""), &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), want) {
			t.Fatalf("--lang %s: exit %d, stderr %q", lang, code, stderr.String())
		}
	}
}

// TestRootHelpInALanguage: `ovocashier --help --lang id` (either order) is
// the command list in Indonesian, not a refusal of --lang nor the cashier
// screen's flags.
func TestRootHelpInALanguage(t *testing.T) {
	for _, args := range [][]string{{"--help", "--lang", "id"}, {"--lang", "id", "--help"}, {"-h", "--lang=id"}} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
		if code != 0 || !strings.Contains(stdout.String(), "kasir terminal") || !strings.Contains(stdout.String(), "topup") {
			t.Fatalf("%q: exit %d, stdout %q, stderr %q", args, code, stdout.String(), stderr.String())
		}
	}
}
