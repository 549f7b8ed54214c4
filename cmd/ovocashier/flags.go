package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

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
	return 0, false
}

// badInput reports bad input of the command called name ("ovocashier sim")
// on stderr and returns exit status 2.
func badInput(name string, stderr io.Writer) func(format string, a ...any) int {
	return func(format string, a ...any) int {
		fmt.Fprintf(stderr, name+": "+format+"\n", a...)
		return cashier.ExitInput
	}
}
