package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxCashier is the real binary, built into a temporary directory, running
// in its own tmux server at 80×24 with a clean environment (HOME and the
// data directory in the test's directory, no OVO_* variables).
type tmuxCashier struct {
	t       *testing.T
	dir     string // the test's directory (HOME)
	bin     string // the binary
	session string
	env     []string
}

// startTmuxCashier builds the binary and starts `BIN args` in tmux; it
// skips the test without tmux or with -short.
func startTmuxCashier(t *testing.T, name, args string) *tmuxCashier {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: the end-to-end test needs it")
	}
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	c := &tmuxCashier{t: t, dir: t.TempDir(), session: fmt.Sprintf("ovocashier-%s-%d", name, os.Getpid())}
	c.bin = filepath.Join(c.dir, "ovocashier")
	if out, err := exec.Command("go", "build", "-o", c.bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	c.env = []string{"HOME=" + c.dir, "XDG_DATA_HOME=" + filepath.Join(c.dir, "xdg"), "TERM=xterm-256color", "LANG=C.UTF-8", "OVO_SHIFTS=off"}
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "OVO_") || k == "TMUX" || k == "HOME" || k == "XDG_DATA_HOME" || k == "TERM" || k == "LANG" {
			continue
		}
		c.env = append(c.env, kv)
	}
	c.tmux("new-session", "-d", "-s", c.session, "-x", "80", "-y", "24", c.bin+" "+args)
	t.Cleanup(func() { exec.Command("tmux", "-L", c.session, "kill-server").Run() })
	return c
}

func (c *tmuxCashier) tmux(args ...string) string {
	c.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-L", c.session}, args...)...)
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		c.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// alive reports whether the cashier still runs.
func (c *tmuxCashier) alive() bool {
	return exec.Command("tmux", "-L", c.session, "has-session", "-t", c.session).Run() == nil
}

func (c *tmuxCashier) screen() string { return c.tmux("capture-pane", "-p", "-t", c.session) }

// waitFor waits up to 15 s for the screen to show every text.
func (c *tmuxCashier) waitFor(texts ...string) {
	c.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if !c.alive() {
			c.t.Fatalf("the cashier exited while waiting for %q", texts)
		}
		s := c.screen()
		ok := true
		for _, x := range texts {
			ok = ok && strings.Contains(s, x)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("screen never showed %q:\n%s", texts, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// keys sends tmux key names (or text) at once.
func (c *tmuxCashier) keys(k ...string) {
	c.tmux(append([]string{"send-keys", "-t", c.session}, k...)...)
}

// waitQuit waits up to 15 s for the cashier to exit.
func (c *tmuxCashier) waitQuit() {
	c.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for c.alive() {
		if time.Now().After(deadline) {
			c.t.Fatalf("the cashier did not quit:\n%s", c.screen())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
