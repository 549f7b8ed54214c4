package ovosim

import (
	"bytes"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/ovoclient"
)

func newTestLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// One line per request with method, path, status and code; no secrets.
func TestRequestLog(t *testing.T) {
	var logs bytes.Buffer
	h := newHarness(t, func(c *Config) { c.Logger = newTestLogger(&logs) })
	h.topUp("LOG-1", NumberBudi, 50_000)
	h.send(h.api("/nowhere", "{}"))
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines:\n%s", len(lines), logs.String())
	}
	for _, want := range []string{"method=POST", "path=" + ovoclient.PathTopUp, "status=200", "responseCode=2003800", "duration="} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("line %q lacks %q", lines[1], want)
		}
	}
	if !strings.Contains(lines[0], "responseCode=2007300") || !strings.Contains(lines[2], "responseCode=4040002") {
		t.Errorf("lines %q", lines)
	}
	if strings.Contains(logs.String(), h.token) || strings.Contains(logs.String(), testSecret) {
		t.Fatal("a secret reached the log")
	}
}
