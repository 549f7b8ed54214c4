package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/ovoclient"
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
	return c
}

// badInput reports bad input like fail (JSON too with --json), status 2.
func (c *cli) badInput(format string, a ...any) int {
	return c.fail(cashier.ExitInput, fmt.Errorf(format, a...))
}

// errorJSON is what --json prints when a command fails.
type errorJSON struct {
	Error           string `json:"error"`
	Outcome         string `json:"outcome"` // "invalid", "refused" or "unknown"
	ResponseCode    string `json:"responseCode,omitempty"`
	ResponseMessage string `json:"responseMessage,omitempty"`
	Reason          string `json:"reason,omitempty"`
	Available       *int64 `json:"available,omitempty"`
}

// fail reports err (stderr, and stdout as JSON with --json) and returns code.
func (c *cli) fail(code int, err error) int {
	msg := err.Error()
	if e, ok := ovoclient.AsError(err); ok {
		msg = e.OperatorText()
	}
	fmt.Fprintf(c.stderr, "ovocashier %s: %s\n", c.name, msg)
	if c.set != nil && c.set.JSON {
		out := errorJSON{Error: msg, Outcome: map[int]string{cashier.ExitInput: "invalid", cashier.ExitRefused: "refused", cashier.ExitUnknown: "unknown"}[code]}
		if e, ok := ovoclient.AsError(err); ok {
			out.ResponseCode, out.ResponseMessage, out.Reason = e.Code, e.Message, string(e.Reason)
		}
		var de *cashier.DepositError
		if errors.As(err, &de) {
			out.Available = &de.Available
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
	}
	return code
}
