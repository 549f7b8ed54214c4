package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/commands"
	"github.com/ovocashier/ovocashier/storage"
)

// host is this program as the command layer sees it: the settings of
// config.go (flags > OVO_* variables > defaults), the wiring of app.go,
// and the commands that run only here.
type host struct{}

// Settings registers config.go's settings flags on fs; resolving them
// gives the command's Call and the opening of the app.
func (host) Settings(fs *pflag.FlagSet) func() (commands.Call, commands.Opener, error) {
	gofs := flag.NewFlagSet("", flag.ContinueOnError)
	set := addSettings(gofs)
	fs.AddGoFlagSet(gofs)
	gofs.VisitAll(func(f *flag.Flag) { fs.Lookup(f.Name).DefValue = f.DefValue }) // described defaults (defaultDocs)
	return func() (commands.Call, commands.Opener, error) {
		if err := set.resolve(); err != nil {
			return commands.Call{}, nil, cashier.InputError(err)
		}
		return callOf(set), func(ctx context.Context, stderr io.Writer) (*cashier.Service, func(), error) {
			return openForCommand(set, stderr)
		}, nil
	}
}

// callOf is what a command takes from the settings.
func callOf(set *settings) commands.Call {
	return commands.Call{Lang: set.Lang, Operator: set.Operator, Printer: absPrinter(set.Printer), Width: set.Width, QR: set.QR, DrawerKick: set.Drawer, Data: set.Data,
		Env: strings.TrimSpace(set.Env + " " + set.BaseURL), TZ: set.TZ, BatchConcurrency: set.BatchConcurrency,
		OperatorsFile: set.Roles.Operators}
}

// absPrinter is spec with the relative path of a file: or device: printer
// made absolute: a command sent to the process holding the ledger prints
// there, from that process's working directory, where the caller meant its
// own.
func absPrinter(spec string) string {
	for _, prefix := range []string{"file:", "device:"} {
		if len(spec) > len(prefix) && strings.EqualFold(spec[:len(prefix)], prefix) && !filepath.IsAbs(spec[len(prefix):]) {
			if abs, err := filepath.Abs(spec[len(prefix):]); err == nil {
				return spec[:len(prefix)] + abs
			}
		}
	}
	return spec
}

// openForCommand opens the app for one command, logging to the log file
// (--log). A ledger held by another process is ErrLedgerHeld.
func openForCommand(set *settings, stderr io.Writer) (*cashier.Service, func(), error) {
	logf := openLogOr("ovocashier", set, stderr, stderr)
	a, err := openApp(set, logf)
	if err != nil {
		logf.Close()
		if errors.Is(err, cashier.ErrLedgerLocked) {
			return nil, nil, fmt.Errorf("%w: %w", commands.ErrLedgerHeld, err)
		}
		return nil, nil, err
	}
	return a.svc, func() { a.Close(); logf.Close() }, nil
}

// ReadLedger opens the bbolt ledger file at path read-only for a command
// that only reads it; a file another process holds is ErrLedgerHeld.
func (host) ReadLedger(path string, checkBudget time.Duration) (commands.LedgerFile, error) {
	db, err := storage.Open(path, storage.Options{ReadOnly: true, Timeout: time.Second, CheckBudget: checkBudget})
	if err != nil {
		if errors.Is(err, storage.ErrLocked) {
			return nil, fmt.Errorf("%w: %w", commands.ErrLedgerHeld, err)
		}
		return nil, err
	}
	return db, nil
}

// Local lists the commands that run only in this process.
func (host) Local() []commands.Local {
	return []commands.Local{
		{Name: "tui", Short: "the cashier screen on this terminal (also `ovocashier` with no command)",
			Run: runTUI},
		{Name: "serve", Short: "serve the cashier screen and the commands to operators over SSH (and run the reconciler)",
			Long: "Run `ovocashier serve -h` for its flags.", Run: noStdin(runServe)},
		{Name: "sim", Short: "run the OVO sandbox as an HTTP server", Long: "Run `ovocashier sim -h` for its flags.", Run: noStdin(runSim)},
		{Name: "keys", Short: "generate the RSA key pair OVO asks for (keys generate --out DIR)", Run: noStdin(runKeys)},
		{Name: "uat", Short: "run the BI devsite / OVO UAT scenarios and write redacted evidence",
			Long: "Run `ovocashier uat -h` for its flags.", Run: noStdin(runUAT)},
		{Name: "migrate", Short: "copy a bbolt ledger into the shared PostgreSQL ledger as one outlet, and verify it: migrate --from FILE --to postgres://… [--outlet ID]",
			Long: "Run `ovocashier migrate -h` for its flags.", Run: noStdin(func(ctx context.Context, args []string, stdout, stderr io.Writer) int {
				read := func(path string) (commands.LedgerFile, error) { return host{}.ReadLedger(path, 0) }
				return commands.Migrate(ctx, args, langOf(), read, stdout, stderr)
			})},
		{Name: "config", Short: "every setting's effective value and its source (flag, OVO_* variable, config file, default)",
			Long: "Run `ovocashier config -h` for its flags.", Run: noStdin(runConfig)},
	}
}

func noStdin(run func(ctx context.Context, args []string, stdout, stderr io.Writer) int) func(context.Context, []string, io.Reader, io.Writer, io.Writer) int {
	return func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
		return run(ctx, args, stdout, stderr)
	}
}

// serveControl starts the control socket of the app's ledger, through which
// commands run while this process holds it. The returned function stops it.
func serveControl(a *app) (stop func(), err error) {
	if commands.DatabaseURL(a.set.Data) {
		// Nothing to hold: every process (a script's too) opens the
		// database itself and the database arbitrates.
		a.log.Info("no control socket: the ledger is a database every process opens itself")
		return func() {}, nil
	}
	ln, err := commands.ListenControl(a.set.Data)
	if err != nil {
		return nil, err
	}
	go commands.ServeControl(ln, host{}, a.svc, callOf(a.set), a.log.With("component", "control"))
	a.log.Info("control socket", "path", ln.Addr().(*net.UnixAddr).Name)
	return func() { ln.Close() }, nil
}

// HelpLang is the language of `--help` when --lang does not say it.
func (host) HelpLang() string { return langOf() }

// langOf is the language of a command that reads no settings file: OVO_LANG,
// else the locale's.
func langOf() string {
	if l := os.Getenv("OVO_LANG"); l == "id" || l == "en" {
		return l
	}
	return defaultLang()
}
