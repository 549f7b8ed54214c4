package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/commands"
)

// cli is what `uat` shares with the ledger commands of package commands:
// the settings flags, --json and one JSON answer on failure. (The ledger
// commands themselves are defined in package commands.)
type cli struct {
	name           string
	fs             *flag.FlagSet
	set            *settings
	stdout, stderr io.Writer
}

func newCLI(name string, stdout, stderr io.Writer) *cli {
	fs := flag.NewFlagSet("ovocashier "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &cli{name: name, fs: fs, stdout: stdout, stderr: stderr}
	c.set = addSettings(fs)
	fs.BoolVar(&c.set.JSON, "json", false, "print one JSON object on stdout")
	fs.Usage = func() { printDefaultUsage(stderr, fs, usageLang(fs, nil)) }
	return c
}

// badInput reports bad input like fail (JSON too with --json), status 2.
func (c *cli) badInput(format string, a ...any) int {
	return c.fail(cashier.ExitInput, fmt.Errorf(format, a...))
}

// fail reports err (stderr, and stdout as JSON with --json) and returns code.
func (c *cli) fail(code int, err error) int {
	msg := err.Error()
	if e, ok := ovo.AsError(err); ok {
		msg = e.OperatorText()
	}
	fmt.Fprintf(c.stderr, "ovocashier %s: %s\n", c.name, msg)
	if c.set != nil && c.set.JSON {
		commands.PrintJSON(c.stdout, commands.NewErrorJSON(code, msg, err))
	}
	return code
}
