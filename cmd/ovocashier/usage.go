package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ovocashier/ovocashier/screens/i18n"
)

// usageSeen, when set (tests), sees every flag set and paragraph line a
// local command's help prints, before they are translated.
var usageSeen func(fs *flag.FlagSet, lines []string)

// usageLang is the language of a local command's help: --lang among args
// (the flag package stops at -h, so args are scanned rather than the parsed
// value), else a --lang already parsed, else OVO_LANG or the locale (HelpLang).
func usageLang(fs *flag.FlagSet, args []string) string {
	for i, a := range args {
		if a == "--" {
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "lang" {
			continue
		}
		if !hasVal && i+1 < len(args) {
			val = args[i+1]
		}
		if val == i18n.EN || val == i18n.ID {
			return val
		}
	}
	lang := langOf()
	if fs != nil {
		fs.Visit(func(f *flag.Flag) { // only a --lang given, not its default
			if v := f.Value.String(); f.Name == "lang" && (v == i18n.EN || v == i18n.ID) {
				lang = v
			}
		})
	}
	return lang
}

// printLocalUsage prints a flag-package command's help on w in lang: the
// lines (a leading "\n" is kept; "usage: …" keeps its command line), then,
// when fs is not nil, "flags:" and every flag's usage, each through
// i18n.Help. In English the output is the lines and fs.PrintDefaults as
// they are.
func printLocalUsage(w io.Writer, fs *flag.FlagSet, lang string, lines ...string) {
	if usageSeen != nil {
		usageSeen(fs, lines)
	}
	for _, l := range lines {
		fmt.Fprintln(w, usageLine(lang, l))
	}
	if fs == nil {
		return
	}
	fmt.Fprintln(w, usageLine(lang, "\nflags:"))
	printFlagDefaults(w, fs, lang)
}

// printDefaultUsage is the flag package's own help (a command with no
// paragraph of its own) in lang: "Usage of NAME:" and the flags.
func printDefaultUsage(w io.Writer, fs *flag.FlagSet, lang string) {
	if usageSeen != nil {
		usageSeen(fs, nil)
	}
	if lang == i18n.EN {
		fmt.Fprintf(w, "Usage of %s:\n", fs.Name())
	} else {
		fmt.Fprintf(w, "Cara pakai %s:\n", fs.Name())
	}
	printFlagDefaults(w, fs, lang)
}

// usageLine is one line of a local command's help in lang.
func usageLine(lang, l string) string {
	if lang == i18n.EN {
		return l
	}
	nl := ""
	if strings.HasPrefix(l, "\n") {
		nl, l = "\n", l[1:]
	}
	switch {
	case l == "flags:":
		return nl + "opsi:"
	case strings.HasPrefix(l, "usage: "):
		return nl + "cara pakai: " + strings.ReplaceAll(strings.TrimPrefix(l, "usage: "), "[flags]", "[opsi]")
	}
	return nl + i18n.Help(lang, l)
}

// printFlagDefaults is fs.PrintDefaults on w with each usage, the value
// names and "(default …)" in lang; fs's usages are left as they were.
func printFlagDefaults(w io.Writer, fs *flag.FlagSet, lang string) {
	if lang == i18n.EN {
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
		return
	}
	saved := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		saved[f.Name] = f.Usage
		f.Usage = i18n.Help(lang, f.Usage)
	})
	var buf bytes.Buffer
	out := fs.Output()
	fs.SetOutput(&buf)
	fs.PrintDefaults()
	fs.SetOutput(out)
	fs.VisitAll(func(f *flag.Flag) { f.Usage = saved[f.Name] })
	lines := strings.Split(strings.ReplaceAll(buf.String(), " (default ", " (bawaan "), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "  -") {
			if j := strings.LastIndexByte(l, ' '); j > 3 {
				if id, ok := flagTypeID[l[j+1:]]; ok {
					lines[i] = l[:j+1] + id
				}
			}
		}
	}
	io.WriteString(w, strings.Join(lines, "\n"))
}

// flagTypeID are the flag package's value names in Indonesian.
var flagTypeID = map[string]string{
	"value": "nilai", "string": "teks", "int": "angka", "int64": "angka",
	"uint": "angka", "uint64": "angka", "float": "angka", "duration": "durasi",
}
