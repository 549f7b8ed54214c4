package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ledger"
	"github.com/ovocashier/ovocashier/commands"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/receipts"
	"github.com/ovocashier/ovocashier/storage"
	"github.com/ovocashier/ovocashier/storage/postgres"
)

// app is one process's wiring: the ledger, the OVO client (or the built-in
// sandbox behind it) and the cashier service every front end uses.
type app struct {
	set     *settings
	client  *ovoclient.Client
	svc     *cashier.Service
	printer receipts.Printer
	log     *slog.Logger
	sandbox bool // the built-in sandbox, in this process
	closers []func()
}

// openApp opens the ledger and connects to OVO (or starts the built-in
// sandbox) as the settings say. logw receives the structured log.
func openApp(set *settings, logw io.Writer) (*app, error) {
	a := &app{set: set, log: newLogger(logw, set)}
	db, closeDB, err := openLedger(set)
	if err != nil {
		return nil, err
	}
	a.closers = append(a.closers, closeDB)
	cfg := ovoclient.Config{
		BaseURL: set.BaseURL, ClientID: set.ClientID, ClientSecret: set.ClientSecret,
		PartnerID: set.PartnerID, ChannelID: set.ChannelID, Timeout: set.Timeout, Logger: a.log,
	}
	if set.Env == envSandbox {
		if err := a.startSandbox(&cfg); err != nil {
			a.Close()
			return nil, err
		}
	} else if cfg.PrivateKey, err = readPrivateKey(set.PrivateKeyFile); err != nil {
		a.Close()
		return nil, err
	}
	if a.client, err = ovoclient.New(cfg); err != nil {
		a.Close()
		return nil, cashier.InputError(err)
	}
	if a.printer, err = receipts.NewPrinter(set.printerConfig(set.Printer)); err != nil {
		a.Close()
		return nil, cashier.InputError(fmt.Errorf("--printer: %w", err))
	}
	ops, err := cashier.LoadOperators(set.Roles.Operators, set.Roles.PINLockout, nil)
	if err != nil {
		a.Close()
		return nil, cashier.InputError(err)
	}
	a.svc, err = cashier.New(cashier.Config{
		OVO: a.client.Port(), Ledger: db, Merchant: set.Merchant, Outlet: set.Outlet, Address: set.Address,
		Terminal: set.Terminal, Footer: set.Footer, Printer: a.printer, ReceiptWidth: set.Width,
		ReceiptLang: set.Lang, ReceiptHeader: set.headerLines(), CallTimeout: set.Timeout, CheckInterval: set.CheckInterval, Logger: a.log,
		Location: set.Location, Shifts: set.Shifts == "on", LowDeposit: int64(set.LowDeposit),
		// Operators pressing `r` together cost one call per 2 s at most
		// (an uncertain mirror is always re-read).
		DepositMinInterval: 2 * time.Second,
		RepeatWindow:       set.RepeatWindow,
		Explain:            func(t cashier.Txn, lang string) string { return i18n.New(lang).Why(t) },
		Limits:             set.Roles.limits(), ApprovalExpiry: set.Roles.ApprovalExpiry, Operators: ops,
	})
	if err != nil {
		a.Close()
		return nil, err
	}
	a.svc.RecordSettings(cashier.Actor{Name: set.Operator, From: "terminal " + set.Terminal}, set.Roles.summary(set)) // roles.go
	return a, nil
}

// openLedger opens the ledger --data names: a PostgreSQL database shared by
// every process and outlet of the merchant (a postgres:// URL; this process
// serves --outlet), or else the bbolt ledger file this process holds alone.
func openLedger(set *settings) (cashier.Ledger, func(), error) {
	if commands.DatabaseURL(set.Data) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		db, err := postgres.Open(ctx, set.Data, postgres.Options{Outlet: set.Outlet})
		if err != nil {
			if errors.Is(err, ledger.ErrSchemaTooNew) {
				return nil, nil, fmt.Errorf("ledger database %s: %w", commands.RedactURL(set.Data), err)
			}
			return nil, nil, &ledger.UnreachableError{Cause: err}
		}
		return db, func() { db.Close() }, nil
	}
	db, err := storage.Open(set.Data, storage.Options{Timeout: time.Second})
	if err != nil {
		return nil, nil, err
	}
	return db, func() { db.Close() }, nil
}

// openWords is what the cashier screen and serve say when openApp failed:
// a ledger database that cannot be used in the operator's language (the
// driver's own words after it), anything else as it is.
func openWords(set *settings, err error) string {
	var ue *ledger.UnreachableError
	if errors.As(err, &ue) {
		return i18n.New(set.Lang).F(i18n.CLIDatabaseDown, commands.RedactURL(set.Data), ue.Cause)
	}
	return err.Error()
}

// dataDir is the directory of this process's files beside the ledger (the
// sandbox's state, the SSH host key, saved slips): the ledger file's
// directory, or the default data directory when the ledger is a database.
func (s *settings) dataDir() string {
	if commands.DatabaseURL(s.Data) {
		return dataDir()
	}
	return filepath.Dir(s.Data)
}

// sandboxStarted sees the built-in sandbox of the ledger data as it
// starts (tests inject faults); nil outside tests.
var sandboxStarted func(data string, sim *ovosim.Sim)

// startSandbox runs the built-in sandbox in this process, reached through
// in-memory connections only (no port: nothing outside the process can
// call it), with its state and credentials beside the ledger, and points
// cfg at it.
func (a *app) startSandbox(cfg *ovoclient.Config) error {
	dir := a.set.dataDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	creds, err := ovosim.LoadOrCreateCredentials(filepath.Join(dir, "sandbox"))
	if err != nil {
		return fmt.Errorf("sandbox credentials: %w", err)
	}
	key, err := ovoclient.ParsePrivateKeyPEM(creds.PrivateKeyPEM)
	if err != nil {
		return fmt.Errorf("sandbox key: %w", err)
	}
	pub, err := ovoclient.ParsePublicKeyPEM(creds.PublicKeyPEM)
	if err != nil {
		return fmt.Errorf("sandbox key: %w", err)
	}
	sim, err := ovosim.New(ovosim.Config{
		ClientID: creds.ClientID, ClientSecret: creds.ClientSecret, PartnerPublicKey: pub,
		StatePath: filepath.Join(dir, "sandbox.db"), Logger: a.log.With("component", "sandbox"),
	})
	if err != nil {
		return fmt.Errorf("sandbox: %w", err)
	}
	if sandboxStarted != nil {
		sandboxStarted(a.set.Data, sim)
	}
	// The sandbox is reached through in-memory connections, not a loopback
	// port: the same HTTP requests, signed and answered byte for byte as
	// over TCP, without the kernel's socket work on both ends of every call
	// (three calls a top up; BenchmarkSandboxTopUp in ovoclient).
	ln := ovosim.NewPipeListener()
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(a.log.Handler(), slog.LevelWarn)}
	go srv.Serve(ln)
	a.closers = append(a.closers, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			srv.Close()
		}
		sim.Close()
	})
	cfg.BaseURL = "http://" + ln.Addr().String()
	cfg.HTTPClient = ln.Client()
	cfg.ClientID, cfg.ClientSecret, cfg.PrivateKey = creds.ClientID, creds.ClientSecret, key
	a.sandbox = true
	return nil
}

// envLabel is what the header shows: the environment, and SANDBOX whenever
// the money does not move at OVO (the built-in sandbox, or a base URL that
// is not one of OVO's hosts).
func (a *app) envLabel() string {
	switch {
	case a.sandbox:
		return "SANDBOX"
	case a.set.Env == envStaging || a.set.Env == envProduction:
		label := strings.ToUpper(a.set.Env)
		if !a.set.onOVO() {
			label += " via " + a.set.BaseURL
		}
		return label
	}
	return "SANDBOX " + a.set.BaseURL
}

// Close shuts the service down (waiting up to 30 s for transactions in
// flight to be recorded) and releases everything in reverse order.
func (a *app) Close() {
	if a.svc != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		if err := a.svc.Close(ctx); err != nil {
			a.log.Error("shutdown", "err", err)
		}
		cancel()
	}
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
	a.closers = nil
}

// openExit is the exit status of a failed openApp: 2 for a setting that
// cannot work, 1 otherwise (a ledger in use, a disk error).
func openExit(err error) int {
	if errors.Is(err, cashier.ErrInvalidInput) {
		return cashier.ExitInput
	}
	return cashier.ExitRefused
}
