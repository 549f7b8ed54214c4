package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
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
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the end-to-end test needs it")
	}
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "ovocashier")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data", "ledger.db")
	session := fmt.Sprintf("ovocashier-e2e-%d", os.Getpid())
	env := []string{"HOME=" + dir, "XDG_DATA_HOME=" + filepath.Join(dir, "xdg"), "TERM=xterm-256color", "LANG=C.UTF-8", "OVO_SHIFTS=off"}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "OVO_") || k == "TMUX" || k == "HOME" || k == "XDG_DATA_HOME" || k == "TERM" || k == "LANG" {
			continue
		}
		env = append(env, kv)
	}
	tmux := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("tmux", append([]string{"-L", session}, args...)...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24",
		bin+" --data "+data+" --lang en --operator e2e --outlet 'Outlet E2E'")
	t.Cleanup(func() {
		exec.Command("tmux", "-L", session, "kill-server").Run()
	})
	alive := func() bool {
		return exec.Command("tmux", "-L", session, "has-session", "-t", session).Run() == nil
	}
	screen := func() string { return tmux("capture-pane", "-p", "-t", session) }
	waitFor := func(texts ...string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			if !alive() {
				t.Fatalf("the cashier exited while waiting for %q", texts)
			}
			s := screen()
			ok := true
			for _, x := range texts {
				ok = ok && strings.Contains(s, x)
			}
			if ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("screen never showed %q:\n%s", texts, s)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	keys := func(k ...string) { tmux(append([]string{"send-keys", "-t", session}, k...)...) }

	waitFor("Cashier menu", "[SANDBOX]", "Outlet E2E", "available Rp50.000.000")
	keys("1")
	waitFor("Customer's OVO phone number")
	keys("081234567890")
	waitFor("Valid number")
	keys("Enter")
	waitFor("Budi Santoso", "Other amount")
	keys("2")
	waitFor("Customer receives", "Rp49.000")
	keys("Enter")
	waitFor("Checkout", "Yes, send it now")
	keys("y")
	waitFor("SUCCESS", "R00000001", "OVO reference")
	keys("Escape")
	waitFor("Cashier menu")
	keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for alive() {
		if time.Now().After(deadline) {
			t.Fatalf("the cashier did not quit:\n%s", screen())
		}
		time.Sleep(50 * time.Millisecond)
	}

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
	if got.State != "success" || got.CustomerNumber != "081234567890" || got.Amount != 50_000 || got.ReceiptNo != "R00000001" || got.Operator != "e2e" {
		t.Fatalf("ledger: %+v", got)
	}
}

// TestTUINeedsATerminal: without a terminal the cashier screen refuses with
// a clear message and exit status 2.
func TestTUINeedsATerminal(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := runTUI(context.Background(), []string{"--data", filepath.Join(t.TempDir(), "ledger.db")}, strings.NewReader(""), &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "needs a terminal") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}
