package main

import (
	"fmt"
	"os"
	"testing"
)

// TestMain keeps the tests (and the binaries they start) off the
// developer's own config file and log: XDG_CONFIG_HOME and XDG_STATE_HOME
// point into a temporary directory for the whole package.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ovocashier-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CONFIG_HOME", dir+"/config")
	os.Setenv("XDG_STATE_HOME", dir+"/state")
	// The tests of this package predate shifts (--shifts defaults to on);
	// the ones about shifts set OVO_SHIFTS or --shifts themselves.
	os.Setenv("OVO_SHIFTS", "off")
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
