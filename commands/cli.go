package commands

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// def is one ledger command: its name, its help, and its flags, which
// return the function that runs it once they are parsed.
type def struct {
	name, short, long string
	flags             func(fs *pflag.FlagSet) runFunc
	// notOverSSH refuses the command to SSH operators: it names files on
	// the server (backup --out) or is the owner's own (check).
	notOverSSH bool
	// subs makes the command a group (`shift open`, `report z`): it runs
	// nothing itself, each sub is a command of its own; without one it is
	// bad input (exit 2).
	subs  []def
	group string // the group's name, for a sub
	// parent groups the command under another (`batch load`); args is how
	// many arguments it takes after its name (in cli.args).
	parent string
	args   int
}

// runFunc runs a parsed command and returns its exit code.
type runFunc func(ctx context.Context, c *cli) int

// cli is one run of a ledger command: its settings, its words, its output.
type cli struct {
	name           string
	call           Call
	cat            *i18n.Catalog
	json           bool
	jsonDone       bool
	stdout, stderr io.Writer
	opener         Opener
	host           Host      // the process it runs in (nil when run for someone else)
	held           bool      // the ledger is held by another process
	remote         bool      // run for another process or an SSH operator
	releases       []func()  // run when the command ends
	settingsFlags  []string  // the names of the host's settings flags
	args           []string  // the command's own arguments (def.args of them at most)
	stdin          io.Reader // the caller's standard input (over SSH, the session's)
	ssh            bool      // run for an SSH operator (the key's name and role)
	// input is what the command read from stdin or a file before it found
	// the ledger held: it travels with the command to the holder.
	input []byte
	// fwdArgs, when set, rewrites the command line sent to the holder.
	fwdArgs func([]string) []string
	svc     *cashier.Service // opened once per run
	actor   *cashier.Actor   // who runs it, once known (roles.go)
}

// ledgerCommand builds the cobra command of d for this invocation.
func (e *env) ledgerCommand(d def) *cobra.Command {
	if len(d.subs) > 0 {
		return e.groupCommand(d)
	}
	c := &cli{name: strings.TrimSpace(d.group + " " + d.name), stdout: e.stdout, stderr: e.stderr, cat: i18n.New(""), stdin: e.stdin, host: e.host}
	if d.parent != "" {
		c.name = d.parent + " " + d.name
	}
	cmd := &cobra.Command{Use: d.name, Short: d.short, Long: d.long, Args: cobra.ArbitraryArgs}
	fs := cmd.Flags()
	fs.SortFlags = false
	run := d.flags(fs)
	fs.BoolVar(&c.json, "json", false, "print one JSON object (an array for history and reconcile) on stdout")
	own := map[string]bool{}
	fs.VisitAll(func(f *pflag.Flag) { own[f.Name] = true })
	resolve := e.host.Settings(fs)
	fs.VisitAll(func(f *pflag.Flag) {
		if !own[f.Name] {
			c.settingsFlags = append(c.settingsFlags, f.Name)
		}
	})
	for name, values := range flagValues {
		if fs.Lookup(name) != nil {
			cmd.RegisterFlagCompletionFunc(name, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
		}
	}
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		defer c.release()
		code := c.start(e, fs, resolve, args, d.args)
		if code < 0 && d.notOverSSH && e.remote != nil && e.remote.ssh {
			code = c.badInput(c.cat.F(i18n.CLINotOverSSH, d.name))
		}
		if code < 0 {
			c.takePIN(fs)
			code = c.gate(cmd.Context()) // roles.go: commands that need a supervisor or owner
		}
		if code < 0 {
			code = run(cmd.Context(), c)
		}
		if c.held {
			return forwardError{c.call, c.input, c.fwdArgs}
		}
		if code != 0 {
			return exitError{code}
		}
		return nil
	}
	return cmd
}

// flagValues are the values shell completion offers for the flags that
// take one of a few.
var flagValues = map[string][]string{
	"lang":  {"id", "en"},
	"width": {"32", "42", "48"},
	"kind":  {"topup", "disburse"},
	"env":   {"sandbox", "staging", "production"},
}

// start resolves the settings; a code of 0 or more means the command
// stops there with it (already reported).
func (c *cli) start(e *env, fs *pflag.FlagSet, resolve func() (Call, Opener, error), args []string, maxArgs int) int {
	var call Call
	var opener Opener
	var err error
	if e.remote != nil {
		call, opener, err = e.remote.settings(fs, c.settingsFlags)
	} else {
		call, opener, err = resolve()
	}
	if call.Lang != "" {
		c.cat = i18n.New(call.Lang)
	}
	c.call, c.opener, c.remote = call, opener, e.remote != nil
	c.ssh = e.remote != nil && e.remote.ssh
	if err != nil {
		return c.fail(cashier.ExitInput, err)
	}
	if len(args) > maxArgs {
		return c.badInput(c.cat.F(i18n.CLIUnexpectedArg, args[maxArgs]))
	}
	c.args = args
	return -1
}

// settings is the Call of a command run for someone else: theirs, with
// --lang and --width of an SSH command line on top.
func (r *remote) settings(fs *pflag.FlagSet, settingsFlags []string) (Call, Opener, error) {
	call := r.call
	cat := i18n.New(call.Lang)
	if r.ssh {
		for _, name := range settingsFlags {
			if f := fs.Lookup(name); f != nil && f.Changed && name != "lang" && name != "width" {
				if l := fs.Lookup("lang"); l != nil && l.Changed {
					cat = i18n.New(l.Value.String())
				}
				return call, nil, inputError(cat.F(i18n.CLIRemoteSetting, "--"+name))
			}
		}
		if f := fs.Lookup("lang"); f != nil && f.Changed {
			call.Lang = f.Value.String()
		}
		if f := fs.Lookup("width"); f != nil && f.Changed {
			fmt.Sscan(f.Value.String(), &call.Width)
		}
	}
	if !r.ssh {
		// A caller through the socket is a command line on this machine:
		// its role comes from the operators file here, never from its claim.
		call.Role, call.Key, call.From = "", nil, "command line"
	}
	if !r.ssh && r.selfEnv != "" && call.Env != r.selfEnv {
		return call, nil, inputError(cat.F(i18n.CLIOtherEnv, r.selfEnv, call.Env))
	}
	svc := r.svc
	open := func(context.Context, io.Writer) (*cashier.Service, func(), error) { return svc, func() {}, nil }
	switch {
	case call.Lang != "id" && call.Lang != "en":
		return call, open, fmt.Errorf("%w: --lang %q: use id or en", cashier.ErrInvalidInput, call.Lang)
	case call.Width != 32 && call.Width != 42 && call.Width != 48:
		return call, open, fmt.Errorf("%w: --width %d: receipts are 32, 42 or 48 columns", cashier.ErrInvalidInput, call.Width)
	}
	return call, open, nil
}

// open gives the service; ok false means the command exits with code
// (reported, or the command goes to the process holding the ledger).
func (c *cli) open(ctx context.Context) (svc *cashier.Service, code int, ok bool) {
	if c.svc != nil {
		return c.svc, 0, true
	}
	if !c.remote && socketAnswers(c.call.Data) {
		// A process holds the ledger and answers: no need to wait for the lock.
		c.held = true
		return nil, 0, false
	}
	svc, release, err := c.opener(ctx, c.stderr)
	if errors.Is(err, ErrLedgerHeld) {
		c.held = true
		return nil, 0, false
	}
	if err != nil {
		code := cashier.ExitRefused
		if errors.Is(err, cashier.ErrInvalidInput) {
			code = cashier.ExitInput
		}
		return nil, c.fail(code, err), false
	}
	c.releases = append(c.releases, release)
	c.svc = svc
	return svc, 0, true
}

func (c *cli) release() {
	for i := len(c.releases) - 1; i >= 0; i-- {
		c.releases[i]()
	}
	c.releases = nil
}

// ErrorJSON is what --json prints when a command fails.
type ErrorJSON struct {
	Error           string `json:"error"`
	Outcome         string `json:"outcome"` // "invalid", "refused" or "unknown"
	ResponseCode    string `json:"responseCode,omitempty"`
	ResponseMessage string `json:"responseMessage,omitempty"`
	Reason          string `json:"reason,omitempty"`
	Available       *int64 `json:"available,omitempty"`
}

// inputError is bad input already said in the operator's language.
type inputError string

func (e inputError) Error() string { return string(e) }

// saidError is err with the sentence that says it in the operator's
// language (OVO's code and the deposit still come from err in --json).
type saidError struct {
	msg string
	err error
}

func (e saidError) Error() string { return e.msg }
func (e saidError) Unwrap() error { return e.err }

// badInput reports msg (already in words) as bad input: exit 2.
func (c *cli) badInput(msg string) int { return c.fail(cashier.ExitInput, inputError(msg)) }

// notFound is badInput for a number err did not find: msg, or the outlets
// holding it when several other outlets of a shared ledger do (numbers
// migrated from their own ledgers: a *ledger.AmbiguousError).
func (c *cli) notFound(err error, msg string) int {
	if ae := (*ledger.AmbiguousError)(nil); errors.As(err, &ae) {
		msg = c.cat.Ambiguous(ae)
	}
	return c.badInput(msg)
}

// words is err in the operator's language: the catalog's sentence for the
// errors it knows, the text itself for the rest.
func (c *cli) words(err error) string {
	if w, ok := c.roleWords(err); ok {
		return w
	}
	var ie inputError
	var se saidError
	var le *cashier.LimitError
	var de *cashier.DepositError
	var pe *cashier.PrintError
	var re *cashier.RepeatError
	var ae *ledger.AmbiguousError
	switch {
	case errors.As(err, &ae):
		return c.cat.Ambiguous(ae) // a number several other outlets hold (migrated)
	case errors.As(err, &re):
		return c.cat.Repeat(re) + " (" + c.cat.T(i18n.CLIRepeatAllow) + ")"
	case errors.As(err, &ie):
		return string(ie)
	case errors.As(err, &pe):
		return c.cat.PrintProblem(pe) // paper out, cover open…, as the screens say it
	case errors.As(err, &se):
		return se.msg
	case errors.As(err, new(*ledger.UnreachableError)):
		var ue *ledger.UnreachableError
		errors.As(err, &ue)
		return c.cat.F(i18n.CLIDatabaseDown, RedactURL(c.call.Data), ue.Cause)
	case errors.Is(err, ledger.ErrSchemaTooNew): // file or database: the same words
		return c.cat.F(i18n.SchemaTooNew, RedactURL(c.call.Data))
	case errors.As(err, &le), errors.As(err, &de), errors.Is(err, ovo.ErrInvalidPhone), errors.Is(err, cashier.ErrClosed),
		errors.Is(err, cashier.ErrNoShift):
		return c.cat.Error(err)
	}
	if _, ok := ovo.AsError(err); ok {
		return c.cat.Error(err)
	}
	return err.Error()
}

// fail reports err (stderr, and stdout as JSON with --json) and returns code.
func (c *cli) fail(code int, err error) int {
	msg := c.words(err)
	fmt.Fprintf(c.stderr, "ovocashier %s: %s\n", c.name, msg)
	if c.json {
		c.printJSON(NewErrorJSON(code, msg, err))
	}
	return code
}

// NewErrorJSON is the answer of a command that failed with exit code code:
// msg says why in words; OVO's code, message and reason and the deposit
// available are added when err carries them.
func NewErrorJSON(code int, msg string, err error) ErrorJSON {
	out := ErrorJSON{Error: msg, Outcome: map[int]string{cashier.ExitInput: "invalid", cashier.ExitRefused: "refused", cashier.ExitUnknown: "unknown"}[code]}
	if e, ok := ovo.AsError(err); ok {
		out.ResponseCode, out.ResponseMessage, out.Reason = e.Code, e.Message, string(e.Reason)
	}
	var de *cashier.DepositError
	if errors.As(err, &de) {
		out.Available = &de.Available
	}
	return out
}

func (c *cli) printJSON(v any) {
	c.jsonDone = true
	PrintJSON(c.stdout, v)
}

// PrintJSON writes v as indented JSON, the way every command prints it.
func PrintJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// LedgerFile is a ledger kept in one file (the embedded bbolt ledger):
// besides the cashier's Ledger it can check its pages and copy itself.
type LedgerFile interface {
	cashier.Ledger
	Verify(ctx context.Context) error
	Path() string
	Backup(out string) (int64, error)
	Close() error
}

// fileOf gives the ledger file of the service's ledger, or refuses when the
// ledger is not a file (a database has its own tools for checks and copies).
func (c *cli) fileOf(svc *cashier.Service) (LedgerFile, int, bool) {
	f, ok := svc.Ledger().(LedgerFile)
	if !ok {
		return nil, c.fail(cashier.ExitRefused, errors.New(c.cat.T(i18n.CLINotAFile))), false
	}
	return f, 0, true
}

// readLedger gives the ledger file for a command that only reads it
// (history, check, backup) without starting OVO or the sandbox: the running
// service's when the command runs for someone else, else the file opened
// read-only here by the host (so it works on a read-only file system),
// checking at most checkBudget of it (Host.ReadLedger). ok false means the command exits with code
// (reported, or the command goes to the process holding the ledger). A
// ledger that does not exist yet is nil with ok true when missingOK.
func (c *cli) readLedger(ctx context.Context, checkBudget time.Duration, missingOK bool) (db LedgerFile, code int, ok bool) {
	if DatabaseURL(c.call.Data) && !c.remote {
		return nil, c.fail(cashier.ExitRefused, errors.New(c.cat.T(i18n.CLINotAFile))), false
	}
	if c.remote {
		svc, code, ok := c.open(ctx)
		if !ok {
			return nil, code, false
		}
		return c.fileOf(svc)
	}
	if socketAnswers(c.call.Data) {
		c.held = true
		return nil, 0, false
	}
	db, err := c.host.ReadLedger(c.call.Data, checkBudget)
	var up *ledger.UpgradeNeededError // written by an older ovocashier
	switch {
	case errors.Is(err, ErrLedgerHeld), errors.As(err, &up) && checkBudget == 0:
		// Held here or elsewhere without a socket: the host's way in
		// decides. Written by an older ovocashier: history opens it as a
		// command that writes does, which upgrades it (as the cashier
		// screen would).
		svc, code, ok := c.open(ctx)
		if !ok {
			return nil, code, false
		}
		return c.fileOf(svc)
	case missingOK && errors.Is(err, fs.ErrNotExist):
		return nil, 0, true
	case up != nil:
		// check and backup read the file as it is and never write it.
		return nil, c.fail(cashier.ExitRefused, errors.New(c.cat.F(i18n.CLILedgerUpgrade, up.Path, up.Found, up.Current))), false
	case err != nil:
		return nil, c.fail(cashier.ExitRefused, err), false
	}
	c.releases = append(c.releases, func() { db.Close() })
	return db, 0, true
}

// groupCommand is a command made of sub-commands (def.subs), each one a
// ledger command named "group sub" in its messages.
func (e *env) groupCommand(d def) *cobra.Command {
	names := make([]string, 0, len(d.subs))
	for _, s := range d.subs {
		names = append(names, s.name)
	}
	cmd := &cobra.Command{Use: d.name, Short: d.short, Long: d.long, Args: cobra.NoArgs,
		// The common settings (--data, --lang, --outlet…) are the
		// sub-commands' flags: given with the group alone they must not
		// hide the choice behind "unknown flag: --data".
		FParseErrWhitelist: cobra.FParseErrWhitelist{UnknownFlags: true},
		RunE: func(cmd *cobra.Command, args []string) error {
			lang := langArg(e.args)
			if lang == "" && e.remote != nil {
				lang = e.remote.call.Lang
			}
			msg := i18n.New(lang).F(i18n.CLIChooseSub, strings.Join(names, " | "))
			fmt.Fprintf(e.stderr, "ovocashier %s: %s\n", d.name, msg)
			if slices.ContainsFunc(e.args, isJSONFlag) {
				PrintJSON(e.stdout, ErrorJSON{Error: msg, Outcome: "invalid"})
			}
			return exitError{cashier.ExitInput}
		}}
	for _, s := range d.subs {
		s.group = d.name
		cmd.AddCommand(e.ledgerCommand(s))
	}
	return cmd
}
