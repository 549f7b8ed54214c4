// Package commands is the command layer of ovocashier: one definition per
// command (its flags, its --json shape, its exit code and its words in the
// operator's language), run three ways with the same output bytes and exit
// codes:
//
//  1. Run: `ovocashier <command>` in a process that opens the ledger itself;
//  2. Run again, when another process holds the ledger: the command is sent
//     through that process's control socket (ServeControl) and runs there,
//     in-process, against its running cashier.Service;
//  3. RunRemote: `ssh -p PORT host <command>` on `ovocashier serve`, for an
//     operator whose key names them.
//
// A new command that works on the ledger is one entry in ledgerCommands
// (ledger.go); a command that runs only where it is started (a screen, a
// server, key files) is a Local the host lists.
//
// Exit codes: 0 success, 1 refused (nothing moved), 2 bad input (nothing
// sent), 3 outcome unknown.
package commands

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/term"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// Call is what one run of a command takes from the resolved settings,
// beyond its own flags. It travels through the control socket as JSON, so
// that a command sent to the process holding the ledger speaks the
// caller's language and records the caller's operator.
type Call struct {
	Lang     string `json:"lang"`     // id or en
	Operator string `json:"operator"` // stored on transactions
	Printer  string `json:"printer"`  // receipts: none (= stdout), stdout, file:DIR, tcp://…, device:…
	Width    int    `json:"width"`    // receipt columns: 32, 42 or 48
	// QR and DrawerKick are the receipt printer's options (--qr,
	// --drawer-kick) for a slip printed by the receipt command.
	QR         bool   `json:"qr,omitempty"`
	DrawerKick bool   `json:"drawerKick,omitempty"`
	Data       string `json:"data"` // the ledger file; the control socket is beside it
	// Env names where the money goes (environment and base URL). A command
	// sent through the control socket is refused when the process holding
	// the ledger runs on another: the caller's settings must not be
	// silently replaced by the holder's.
	Env string `json:"env"`
	// TZ is the outlet's IANA zone (--tz): times printed and day
	// boundaries are in it. Empty means Asia/Jakarta.
	TZ string `json:"tz,omitempty"`
	// Role, From and Key are who an SSH operator is (their authorized_keys
	// entry): the role token, "ssh SHA256:…", the key's wire form. Set by
	// the SSH server only; a command line's role comes from the operators
	// file of the process holding the ledger (roles.go).
	Role string `json:"role,omitempty"`
	From string `json:"from,omitempty"`
	Key  []byte `json:"-"`
	// PIN proves a command line's operator (--pin or OVO_PIN) when the
	// operators file lists operators; never used over SSH.
	PIN string `json:"pin,omitempty"`
	// OperatorsFile is the host's operators file (roles): while it lists
	// operators, what a command line may read depends on who runs it, so
	// such reads go through the service. Not sent to another process: the
	// holder of the ledger has its own.
	OperatorsFile string `json:"-"`
	// BatchConcurrency is the batch-concurrency setting: rows of a batch
	// run in flight at once (0: cashier.DefaultBatchConcurrency).
	BatchConcurrency int `json:"batchConcurrency,omitempty"`
	// Terminal says the caller's standard error is a terminal: a command
	// sent through the control socket draws its progress bar there (a
	// batch check or run), as it would run here. Set by the caller.
	Terminal bool `json:"terminal,omitempty"`
}

// Location is the outlet's zone of the call (Asia/Jakarta when TZ is empty
// or not a zone this binary knows: the host refused a bad --tz already).
func (c Call) Location() *time.Location {
	if c.TZ != "" {
		if loc, err := time.LoadLocation(c.TZ); err == nil {
			return loc
		}
	}
	return cashier.Jakarta
}

// Opener gives the cashier service for one run of a command and the
// function that releases it. An error matching ErrLedgerHeld means another
// process holds the ledger: the command is then sent to it.
type Opener func(ctx context.Context, stderr io.Writer) (svc *cashier.Service, release func(), err error)

// ErrLedgerHeld is what an Opener's error matches when another process
// holds the ledger (its lock did not come free in time).
var ErrLedgerHeld = errors.New("the ledger is held by another process")

// Host is the process the commands run in (cmd/ovocashier): it owns the
// settings (flags > OVO_* variables > config file > defaults) and the
// wiring of the service.
type Host interface {
	// Settings registers the settings flags (ledger, OVO, receipts,
	// language…) on fs and returns the function that resolves them once fs
	// is parsed: the Call and how to open the service. A resolve error is
	// bad input (exit 2).
	Settings(fs *pflag.FlagSet) func() (Call, Opener, error)
	// Local lists the commands that run only in the process that starts
	// them: screens, servers, files on this machine. The one named "tui" is
	// also what `ovocashier` runs with no command.
	Local() []Local
	// ReadLedger opens the ledger file at path read-only, for a command
	// that only reads it (history, check, backup) while no process holds
	// it, checking at most checkBudget of it at the open (0: the ledger's
	// default; negative: only what every write touches). An error matching
	// ErrLedgerHeld means another process holds it, fs.ErrNotExist that
	// there is none.
	// (A file of an older schema, which only a writable open upgrades, is
	// a *ledger.UpgradeNeededError.)
	ReadLedger(path string, checkBudget time.Duration) (LedgerFile, error)
}

// Local is a command that runs only where it is started (never over SSH or
// the control socket). It parses its own flags.
type Local struct {
	Name, Short, Long string
	Run               func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// exitError carries a command's exit code out of cobra.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// forwardError says the command must run in the process holding the ledger.
type forwardError struct {
	call  Call
	input []byte // what the command read from stdin or its file, sent along
	// args, when set, replaces the command line sent (a path made
	// absolute: the holder has its own working directory).
	args func([]string) []string
}

func (forwardError) Error() string { return ErrLedgerHeld.Error() }

// env is one invocation: where the words go and how commands reach the
// service.
type env struct {
	host           Host
	stdin          io.Reader
	stdout, stderr io.Writer
	// remote is set when the command runs for another process or an SSH
	// operator: settings come from remote, the service is svc.
	remote *remote
	// args is the command line execute runs (for a group's own words).
	args []string
}

// remote is the caller of a command run in this process for someone else.
type remote struct {
	call Call
	svc  *cashier.Service
	// ssh: --lang and --width given on the command line win over call's;
	// other settings given are refused.
	ssh bool
	// selfEnv is this process's Call.Env (the socket: the caller's must match).
	selfEnv string
}

// Run runs args (without the program name) as `ovocashier` does and
// returns the exit code. No command, or flags first, is the cashier screen
// (the Local named "tui"). A ledger command whose ledger another process
// holds is sent to that process through its control socket.
func Run(ctx context.Context, host Host, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	args = commandFirst(host, args)
	if len(args) == 0 || (strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help" && args[0] != "--version" && !rootHelp(args)) {
		if tui, ok := findLocal(host, "tui"); ok {
			return tui.Run(ctx, args, stdin, stdout, stderr)
		}
	}
	e := &env{host: host, stdin: stdin, stdout: stdout, stderr: stderr}
	code, err := e.execute(ctx, args)
	var fwd forwardError
	if errors.As(err, &fwd) {
		if fwd.args != nil {
			args = fwd.args(args)
		}
		call := fwd.call
		if f, ok := stderr.(*os.File); ok && term.IsTerminal(f.Fd()) {
			call.Terminal = true
		}
		return forward(ctx, call, args, fwd.input, stdout, stderr)
	}
	return code
}

// RunRemote runs a ledger command for an SSH operator in this process,
// against svc: call gives the operator, the language and the receipt
// settings (--lang and --width on the command line win; any other setting
// on the command line is refused, the server's apply). Local commands are
// refused with exit 2.
func RunRemote(ctx context.Context, host Host, svc *cashier.Service, call Call, args []string, stdout, stderr io.Writer) int {
	return RunRemoteInput(ctx, host, svc, call, args, strings.NewReader(""), stdout, stderr)
}

// RunRemoteInput is RunRemote with the session's standard input, which
// reaches the command (`ssh -p PORT host batch load - < payouts.csv`,
// `approve ID --signature -`).
func RunRemoteInput(ctx context.Context, host Host, svc *cashier.Service, call Call, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{host: host, stdin: stdin, stdout: stdout, stderr: stderr, remote: &remote{call: call, svc: svc, ssh: true}}
	code, _ := e.execute(ctx, args)
	return code
}

// runForCaller runs a command sent through the control socket by a caller
// whose settings are call, in the process whose own are self.
func runForCaller(ctx context.Context, host Host, svc *cashier.Service, self, call Call, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{host: host, stdin: stdin, stdout: stdout, stderr: stderr, remote: &remote{call: call, svc: svc, selfEnv: self.Env}}
	code, _ := e.execute(ctx, args)
	return code
}

func findLocal(host Host, name string) (Local, bool) {
	for _, l := range host.Local() {
		if l.Name == name {
			return l, true
		}
	}
	return Local{}, false
}

// execute builds the command tree for this invocation and runs args on it.
func (e *env) execute(ctx context.Context, args []string) (int, error) {
	if len(args) == 1 && args[0] == "--version" {
		printVersion(e.stdout)
		return cashier.ExitOK, nil
	}
	e.args = args
	root := e.root()
	localizeHelp(root, e.helpLang(args))
	c, _, err := root.Find(args)
	if (err != nil || c == root) && len(args) > 0 && !strings.HasPrefix(args[0], "-") &&
		args[0] != cobra.ShellCompRequestCmd && args[0] != cobra.ShellCompNoDescRequestCmd {
		// Not a command (cobra would first complain about its flags).
		lang := langArg(args)
		if lang == "" && e.remote != nil {
			lang = e.remote.call.Lang
		}
		fmt.Fprintf(e.stderr, "ovocashier: %s\n", i18n.New(lang).F(i18n.CLIUnknownCommand, args[0]))
		if slices.ContainsFunc(args, isJSONFlag) {
			PrintJSON(e.stdout, ErrorJSON{Error: i18n.New(lang).F(i18n.CLIUnknownCommand, args[0]), Outcome: "invalid"})
		}
		return cashier.ExitInput, nil
	}
	if err == nil && c != root {
		args = longFlags(c, args)
		if c.Annotations[annotLocal] != "" && e.localOnly(c.Name()) != nil {
			return cashier.ExitInput, nil
		}
	}
	root.SetArgs(args)
	_, err = root.ExecuteContextC(ctx)
	var ex exitError
	var fwd forwardError
	switch {
	case err == nil:
		return cashier.ExitOK, nil
	case errors.As(err, &ex):
		return ex.code, nil
	case errors.As(err, &fwd):
		return 0, err
	}
	// cobra's own refusal: an unknown command, flag or argument, in the
	// language its help would be in (--lang, the operator's, OVO_LANG, the
	// locale).
	cat := i18n.New(e.helpLang(args))
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "unknown flag: "); ok {
		msg = cat.F(i18n.CLIUnknownFlag, f)
	} else if words, ok := cat.FlagError(msg); ok {
		msg = words
	} else if strings.HasPrefix(msg, "unknown command ") && len(args) > 0 {
		name := args[0]
		if _, q, ok := strings.Cut(msg, `"`); ok { // a group's subcommand: `batch nope`
			name, _, _ = strings.Cut(q, `"`)
		}
		msg = cat.F(i18n.CLIUnknownCommand, name)
	}
	fmt.Fprintf(e.stderr, "ovocashier: %s\n", msg)
	if slices.ContainsFunc(args, isJSONFlag) {
		PrintJSON(e.stdout, ErrorJSON{Error: cat.T(i18n.CLIBadFlags), Outcome: "invalid"})
	}
	return cashier.ExitInput, nil
}

// annotLocal marks a Local command (refused over SSH and the socket).
const annotLocal = "ovocashier/local"

// root is the command tree of one invocation: fresh flags every time, so
// that two commands run at once in one process share nothing.
func (e *env) root() *cobra.Command {
	root := &cobra.Command{
		Use:   "ovocashier",
		Short: "a terminal cashier for OVO Cash top ups and disbursements",
		Long: "ovocashier is a terminal cashier for OVO Cash top ups and disbursements over OVO's SNAP BI API.\n" +
			"With no command it is the cashier screen on this terminal; with no OVO credentials it runs on a built-in sandbox.\n\n" +
			"Every ledger command takes --json for machine output. Exit status: 0 success, 1 refused (nothing moved),\n" +
			"2 bad input (nothing sent), 3 outcome unknown (check with status or reconcile).\n" +
			"While the cashier screen or `serve` holds the ledger, the commands reach that process through its control socket.",
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			// Reached only without the Local "tui" (Run dispatches to it first).
			return cmd.Help()
		},
	}
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetIn(e.stdin)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return err })
	// The help's language (`ovocashier --help --lang id`); the commands
	// each take their own --lang.
	root.Flags().String("lang", "", "language: id or en (default from the locale)")
	parents := map[string]*cobra.Command{}
	for _, d := range ledgerCommands() {
		if d.parent == "" {
			root.AddCommand(e.ledgerCommand(d))
			continue
		}
		p := parents[d.parent]
		if p == nil {
			p = groupCommand(d.parent)
			parents[d.parent] = p
			root.AddCommand(p)
		}
		p.AddCommand(e.ledgerCommand(d))
	}
	for _, l := range e.host.Local() {
		root.AddCommand(localCommand(l))
	}
	root.AddCommand(versionCommand(), manCommand(root, e.localHelp, e.localOnly))
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	return root
}

// localOnly refuses what runs only on the machine itself (what names it)
// when this invocation runs for an SSH operator or through the control
// socket: it says so and returns the exit error (2); nil when run here.
func (e *env) localOnly(what string) error {
	if e.remote == nil {
		return nil
	}
	fmt.Fprintf(e.stderr, "ovocashier: %s\n", i18n.New(e.remote.call.Lang).F(i18n.CLILocalOnly, what))
	return exitError{cashier.ExitInput}
}

// localHelp is what a Local command says to -h (its own flags), or "".
// Locals parse their flags before doing anything, so -h has no effect.
func (e *env) localHelp(name string) string {
	l, ok := findLocal(e.host, name)
	if !ok {
		return ""
	}
	var b strings.Builder
	l.Run(context.Background(), []string{"-h"}, strings.NewReader(""), &b, &b)
	return b.String()
}

// localCommand wraps a Local: its flags are its own (cobra passes them on).
func localCommand(l Local) *cobra.Command {
	return &cobra.Command{
		Use:                l.Name,
		Short:              l.Short,
		Long:               l.Long,
		DisableFlagParsing: true,
		Annotations:        map[string]string{annotLocal: "1"},
		RunE: func(cmd *cobra.Command, args []string) error {
			code := l.Run(cmd.Context(), args, cmd.InOrStdin(), cmd.OutOrStdout(), cmd.ErrOrStderr())
			if code != 0 {
				return exitError{code}
			}
			return nil
		},
	}
}

// longFlags turns the single-dash long flags the Go flag package accepted
// (-json, -data=x) into pflag's double-dash form, for the flags c knows.
func longFlags(c *cobra.Command, args []string) []string {
	if c.DisableFlagParsing {
		return args
	}
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && len(a) > 2 {
			name, _, _ := strings.Cut(a[1:], "=")
			if c.Flags().Lookup(name) != nil {
				a = "-" + a
			}
		}
		out = append(out, a)
	}
	return out
}

// langArg is the value of --lang in args, if any: the language of a
// refusal of flags that could not be parsed.
func langArg(args []string) string {
	for i, a := range args {
		switch {
		case (a == "--lang" || a == "-lang") && i+1 < len(args):
			return args[i+1]
		case strings.HasPrefix(a, "--lang="), strings.HasPrefix(a, "-lang="):
			_, v, _ := strings.Cut(a, "=")
			return v
		}
	}
	return ""
}

// rootHelp reports whether args ask for the program's own help in a
// language and nothing else (`ovocashier --lang id --help`,
// `ovocashier --help --lang id`): that is the command list, not the cashier
// screen's flags.
func rootHelp(args []string) bool {
	help := false
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-h" || a == "--help":
			help = true
		case (a == "--lang" || a == "-lang") && i+1 < len(args):
			i++
		case strings.HasPrefix(a, "--lang="), strings.HasPrefix(a, "-lang="):
		default:
			return false
		}
	}
	return help
}

func isJSONFlag(a string) bool {
	return a == "-json" || a == "--json" || a == "--json=true" || a == "-json=true"
}

// commandFirst moves a command named after leading flags to the front
// (`ovocashier --lang id topup …` is `ovocashier topup --lang id …`), so the
// command reads its flags in the operator's language instead of the cashier
// screen refusing the command as an argument. The first word after the
// flags that names a command is taken; `--` ends the search.
func commandFirst(host Host, args []string) []string {
	if len(args) < 2 || !strings.HasPrefix(args[0], "-") {
		return args
	}
	e := &env{host: host, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	names := map[string]bool{}
	for _, c := range e.root().Commands() {
		names[c.Name()] = true
	}
	for i := 1; i < len(args); i++ {
		if args[i] == "--" {
			break
		}
		if !strings.HasPrefix(args[i], "-") && names[args[i]] {
			// The leading flags go after the command's own words and
			// flags (before a "--"): a group's subcommand (`shift open`)
			// must come before them, or cobra takes the flag's value
			// ("id" of --lang id) for the subcommand's name.
			rest := args[i+1:]
			end := slices.Index(rest, "--")
			if end < 0 {
				end = len(rest)
			}
			out := append([]string{args[i]}, rest[:end]...)
			out = append(out, args[:i]...)
			return append(out, rest[end:]...)
		}
	}
	return args
}
