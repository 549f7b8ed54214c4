package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"

	"github.com/ovocashier/ovocashier/commands"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"github.com/ovocashier/ovocashier/tui"
)

// runTUI is `ovocashier` with no command: the cashier TUI on this terminal.
// It needs a terminal on stdin and stdout (scripts use the subcommands),
// logs to the log file (--log), and on exit waits until every
// transaction in flight is recorded.
func runTUI(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ovocashier", flag.ContinueOnError)
	fs.SetOutput(stderr)
	set := addSettings(fs)
	fs.Usage = func() { printDefaultUsage(stderr, fs, usageLang(fs, args)) }
	if code, stop := parseArgs(fs, args, badInput("ovocashier", stderr)); stop {
		return code
	}
	if err := set.resolve(); err != nil {
		fmt.Fprintf(stderr, "ovocashier: %v\n", err)
		return 2
	}
	if !isTerminal(stdin) || !isTerminal(stdout) {
		fmt.Fprintln(stderr, "ovocashier: "+i18n.New(set.Lang).T(i18n.CLINeedsTerminal))
		return 2
	}
	// The stdout printer would write into the cashier's own screen: inside
	// the TUI it is no printer (the receipt is shown on screen instead).
	if strings.EqualFold(strings.TrimSpace(set.Printer), "stdout") {
		set.Printer = "none"
	}
	logf := openLogOr("ovocashier", set, stderr, io.Discard)
	defer logf.Close()
	a, err := openApp(set, logf)
	if err != nil {
		fmt.Fprintf(stderr, "ovocashier: %s\n", openWords(set, err))
		return openExit(err)
	}
	defer a.Close()
	a.log.Info("cashier screen starting", "env", a.envLabel(), "data", commands.RedactURL(set.Data), "printer", set.Printer, "lang", set.Lang)
	a.svc.Start(ctx)
	// Scripts reach this process's ledger through the control socket.
	if stop, err := serveControl(a); err != nil {
		a.log.Warn("no control socket: commands cannot run while the cashier screen is open", "err", err)
	} else {
		defer stop()
	}

	r := lipgloss.DefaultRenderer()
	if stdout != io.Writer(os.Stdout) {
		r = lipgloss.NewRenderer(stdout)
	}
	opts := tui.Options{
		Service: a.svc, Operator: set.Operator, Outlet: set.Outlet,
		EnvLabel: a.envLabel(), Sandbox: a.sandbox, Production: set.Env == envProduction,
		Lang: set.Lang, Renderer: r, Context: ctx,
		ReceiptDir: filepath.Join(set.dataDir(), "receipts"), AutoPrint: set.AutoPrint,
		Static: os.Getenv("TERM") == "dumb",
		// With an operators file the counter starts locked (roles.go).
		Lock: a.svc.RolesInUse(), IdleLock: set.Roles.IdleLock, From: "terminal " + set.Terminal,
	}
	if err := tui.Run(ctx, opts, stdin, stdout); err != nil {
		a.log.Error("cashier screen", "err", err)
		fmt.Fprintf(stderr, "ovocashier: %v\n", err)
		return 1
	}
	if n := a.svc.InFlight(); n > 0 {
		fmt.Fprintf(stderr, "ovocashier: waiting for %d transaction(s) in flight to be recorded…\n", n)
	}
	return 0
}

// isTerminal reports whether f is a terminal.
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(file.Fd())
}
