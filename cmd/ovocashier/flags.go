package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
)

// parseArgs parses args into fs and says whether the command stops there:
// with status 0 after -h, or 2 after a bad flag (the flag package has said
// why) or a stray argument (reported through bad).
func parseArgs(fs *flag.FlagSet, args []string, bad func(format string, a ...any) int) (code int, stop bool) {
	if err := fs.Parse(args); err != nil {
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
