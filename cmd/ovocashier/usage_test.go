package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"strings"
	"testing"

	"github.com/ovocashier/ovocashier/screens/i18n"
)

// localCommands run the flag-package commands of this package with args.
var localCommands = map[string]func(args []string, stderr io.Writer) int{
	"serve": func(a []string, e io.Writer) int { return runServe(context.Background(), a, io.Discard, e) },
	"sim":   func(a []string, e io.Writer) int { return runSim(context.Background(), a, io.Discard, e) },
	"uat":   func(a []string, e io.Writer) int { return runUAT(context.Background(), a, io.Discard, e) },
	"keys generate": func(a []string, e io.Writer) int {
		return runKeys(context.Background(), append([]string{"generate"}, a...), io.Discard, e)
	},
	"config": func(a []string, e io.Writer) int { return runConfig(context.Background(), a, io.Discard, e) },
	"tui": func(a []string, e io.Writer) int {
		return runTUI(context.Background(), a, strings.NewReader(""), io.Discard, e)
	},
	"cli": func(a []string, e io.Writer) int { return parseHelpOnly(newCLI("x", io.Discard, e), a) },
}

// parseHelpOnly parses args with the generic cli's flags (its own Usage).
func parseHelpOnly(c *cli, args []string) int {
	code, _ := parseArgs(c.fs, args, c.badInput)
	return code
}

// TestLocalUsageHasIndonesian walks every flag and paragraph line of the
// flag-package commands' help and fails on one with no Indonesian words.
func TestLocalUsageHasIndonesian(t *testing.T) {
	defer func() { usageSeen = nil }()
	for name, run := range localCommands {
		var sets []*flag.FlagSet
		var lines []string
		usageSeen = func(fs *flag.FlagSet, l []string) {
			if fs != nil {
				sets = append(sets, fs)
			}
			lines = append(lines, l...)
		}
		if code := run([]string{"-h"}, io.Discard); code != 0 {
			t.Errorf("%s -h: exit %d", name, code)
		}
		if len(sets) == 0 {
			t.Errorf("%s -h: printed no flags", name)
		}
		for _, fs := range sets {
			fs.VisitAll(func(f *flag.Flag) {
				if !i18n.HasHelp(f.Usage) {
					t.Errorf("%s --%s: no Indonesian words for %q", name, f.Name, f.Usage)
				}
			})
		}
		for _, l := range lines {
			l = strings.TrimPrefix(l, "\n")
			if strings.HasPrefix(l, "usage: ") {
				continue
			}
			if !i18n.HasHelp(l) {
				t.Errorf("%s: no Indonesian words for the line %q", name, l)
			}
		}
	}
}

// TestServeHelpIndonesian: `serve -h --lang id` reads Indonesian and shows
// no English usage; `--lang en` the English as before.
func TestServeHelpIndonesian(t *testing.T) {
	var id, en bytes.Buffer
	if code := runServe(context.Background(), []string{"-h", "--lang", "id"}, io.Discard, &id); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if code := runServe(context.Background(), []string{"--lang=en", "-h"}, io.Discard, &en); code != 0 {
		t.Fatalf("exit %d", code)
	}
	out := id.String()
	for _, want := range []string{"cara pakai: ovocashier serve", "\nopsi:\n", "bawaan", "  -listen teks\n", "alamat yang didengarkan untuk SSH"} {
		if !strings.Contains(out, want) {
			t.Errorf("Indonesian help lacks %q:\n%s", want, out)
		}
	}
	for _, english := range []string{"usage:", "flags:", "(default ", "address to listen on for SSH", "Serves the cashier screen", "most operator sessions at once"} {
		if strings.Contains(out, english) {
			t.Errorf("Indonesian help still has %q:\n%s", english, out)
		}
	}
	e := en.String()
	for _, want := range []string{"usage: ovocashier serve", "\nflags:\n", "address to listen on for SSH", "Serves the cashier screen over SSH"} {
		if !strings.Contains(e, want) {
			t.Errorf("English help lacks %q:\n%s", want, e)
		}
	}
}

// TestUsageLang: --lang in the args wins over the environment, in each
// spelling the flag package accepts.
func TestUsageLang(t *testing.T) {
	t.Setenv("OVO_LANG", "id")
	for _, args := range [][]string{{"--lang", "en"}, {"-lang=en"}, {"-h", "--lang=en"}, {"--lang", "en", "-h"}} {
		if got := usageLang(nil, args); got != "en" {
			t.Errorf("usageLang(%q) = %q, want en", args, got)
		}
	}
	if got := usageLang(nil, []string{"-h"}); got != "id" {
		t.Errorf("usageLang(-h) with OVO_LANG=id = %q", got)
	}
	if got := usageLang(nil, []string{"--", "--lang", "en"}); got != "id" {
		t.Errorf("--lang after -- counted: %q", got)
	}
}

// TestLocalUsageEnglishUnchanged: in English the help is the paragraph,
// "flags:" and the flag package's own PrintDefaults, byte for byte.
func TestLocalUsageEnglishUnchanged(t *testing.T) {
	t.Setenv("OVO_LANG", "en") // the generic cli does not see its args
	defer func() { usageSeen = nil }()
	for name, run := range localCommands {
		var fs *flag.FlagSet
		var lines []string
		usageSeen = func(f *flag.FlagSet, l []string) { fs, lines = f, l }
		var got bytes.Buffer
		run([]string{"-h", "--lang", "en"}, &got)
		var want bytes.Buffer
		if lines == nil {
			want.WriteString("Usage of " + fs.Name() + ":\n")
		} else {
			for _, l := range lines {
				want.WriteString(l + "\n")
			}
			want.WriteString("\nflags:\n")
		}
		fs.SetOutput(&want)
		fs.PrintDefaults()
		if got.String() != want.String() {
			t.Errorf("%s -h --lang en changed:\n got %q\nwant %q", name, got.String(), want.String())
		}
	}
}
