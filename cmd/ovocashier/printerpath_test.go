package main

import (
	"path/filepath"
	"testing"
)

// A command's call carries a file: or device: printer's path whole: when
// the ledger is held, the holder prints from its own working directory.
func TestCallPrinterPathAbsolute(t *testing.T) {
	wd, _ := filepath.Abs(".")
	cases := map[string]string{
		"file:slips":     "file:" + filepath.Join(wd, "slips"),
		"FILE:a/b":       "FILE:" + filepath.Join(wd, "a/b"),
		"device:lp0":     "device:" + filepath.Join(wd, "lp0"),
		"file:/var/slip": "file:/var/slip",
		"device:/dev/x":  "device:/dev/x",
		"tcp://h:9100":   "tcp://h:9100",
		"none":           "none",
		"file:":          "file:",
	}
	for spec, want := range cases {
		if got := callOf(&settings{Printer: spec}).Printer; got != want {
			t.Errorf("printer %q: call has %q, want %q", spec, got, want)
		}
	}
}
