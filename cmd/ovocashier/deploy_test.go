package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The shipped unit's ExecStart is a command line serve accepts: every flag
// exists and the config file it names is read. (--max-sessions 0 appended
// stops serve right after its flags and settings are settled.)
func TestDeployUnitExecStart(t *testing.T) {
	dir := goliveCleanEnv(t)
	unit, err := os.ReadFile(filepath.Join("..", "..", "deploy", "ovocashier.service"))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(unit), "\\\n", " ")
	var exec string
	for _, l := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(l, "ExecStart="); ok {
			exec = v
		}
	}
	args := strings.Fields(exec)
	if len(args) < 2 || args[0] != "/usr/local/bin/ovocashier" || args[1] != "serve" {
		t.Fatalf("ExecStart %q", exec)
	}
	cfg := writeConfig(t, "outlet = \"Outlet Unit\"\n", 0o600)
	for i, a := range args {
		if a == "/etc/ovocashier/config.toml" {
			args[i] = cfg
		}
		if strings.HasPrefix(a, "/var/lib/ovocashier/") {
			args[i] = filepath.Join(dir, filepath.Base(a))
		}
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), append(args[1:], "--max-sessions", "0"), nil, &out, &errb)
	if code != 2 || !strings.Contains(errb.String(), "--max-sessions must be at least 1") {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
}
