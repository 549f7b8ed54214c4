package main

import (
	"bytes"
	"flag"
	"strings"
	"testing"
	"time"
)

// A flag the flag package refuses is said in the caller's language, before
// the help, and in English as the flag package says it.
func TestParseArgsSaysBadFlagsInTheCallersLanguage(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		want, not string
	}{
		{[]string{"--lang", "id", "--wait", "x"}, `nilai "x" tidak sah untuk -wait`, "invalid value"},
		{[]string{"--lang", "id", "--nope"}, "opsi tidak dikenal: -nope", "not defined"},
		{[]string{"--lang", "en", "--nope"}, "flag provided but not defined: -nope", "tidak dikenal"},
	} {
		var out bytes.Buffer
		fs := flag.NewFlagSet("ovocashier test", flag.ContinueOnError)
		fs.SetOutput(&out)
		fs.String("lang", "id", "language")
		fs.Duration("wait", time.Second, "wait")
		fs.Usage = func() { out.WriteString("HELP\n") }
		code, stop := parseArgs(fs, tc.args, func(string, ...any) int { return 2 })
		got := out.String()
		if code != 2 || !stop || !strings.HasPrefix(got, tc.want) || strings.Contains(got, tc.not) || !strings.HasSuffix(got, "HELP\n") {
			t.Errorf("%v: exit %d %v\n%s", tc.args, code, stop, got)
		}
		if fs.Output() != &out {
			t.Errorf("%v: the flag set's output was not put back", tc.args)
		}
	}
}
