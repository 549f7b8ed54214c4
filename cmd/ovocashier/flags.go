package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// parseArgs parses args into fs and says whether the command stops there:
// with status 0 after -h, or 2 after a bad flag (the flag package has said
// why) or a stray argument (reported through bad).
func parseArgs(fs *flag.FlagSet, args []string, bad func(format string, a ...any) int) (code int, stop bool) {
	// The flag package says why it refuses a flag on its output, in
	// English: catch that line and say it in the caller's language.
	// (It writes that line, then calls Usage: the line is said first.)
	out, usage := fs.Output(), fs.Usage
	var said strings.Builder
	tell := func() {
		if msg := strings.TrimSpace(said.String()); msg != "" {
			if words, ok := i18n.New(usageLang(fs, args)).FlagError(msg); ok {
				msg = words
			}
			fmt.Fprintln(out, msg)
			said.Reset()
		}
	}
	fs.SetOutput(&said)
	fs.Usage = func() {
		tell()
		fs.SetOutput(out)
		if usage != nil {
			usage()
		} else {
			fs.PrintDefaults()
		}
		fs.SetOutput(&said)
	}
	err := fs.Parse(args)
	tell()
	fs.SetOutput(out)
	fs.Usage = usage
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, true
		}
		return cashier.ExitInput, true
	}
	if fs.NArg() > 0 {
		return bad("unexpected argument %q", fs.Arg(0)), true
	}
	if name := negativeDuration(fs); name != "" {
		return bad("--%s must not be negative (%s)", name, fs.Lookup(name).Value), true
	}
	return 0, false
}

// negativeDuration is the name of the first duration flag set to a negative
// value, or "": no command has a use for one (--wait -1s, --timeout -5s…).
func negativeDuration(fs *flag.FlagSet) (name string) {
	fs.Visit(func(f *flag.Flag) {
		if g, ok := f.Value.(flag.Getter); ok && name == "" {
			if d, ok := g.Get().(time.Duration); ok && d < 0 {
				name = f.Name
			}
		}
	})
	return name
}

// badInput reports bad input of the command called name ("ovocashier sim")
// on stderr and returns exit status 2.
func badInput(name string, stderr io.Writer) func(format string, a ...any) int {
	return func(format string, a ...any) int {
		fmt.Fprintf(stderr, name+": "+format+"\n", a...)
		return cashier.ExitInput
	}
}
