package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/commands"
	"github.com/ovocashier/ovocashier/tui"
	"github.com/ovocashier/ovocashier/tui/sshserver"
)

// Defaults of `ovocashier serve`.
const (
	defaultServeListen = ":2222"
	// defaultShutdownTimeout is how long SIGTERM waits for the sessions
	// (each finishing its transaction in flight); the cashier's own drain
	// gets serveDrainMargin more, so serve always exits within their sum.
	defaultShutdownTimeout = 30 * time.Second
	serveDrainMargin       = 5 * time.Second
	hostKeyFileName        = "ssh_host_ed25519"
)

// runServe is `ovocashier serve`: the cashier TUI over SSH for every
// operator whose key is in --authorized-keys, sharing this process's ledger,
// deposit and reconciler, until ctx ends (SIGTERM, SIGINT). Then it stops
// accepting, tells the sessions, lets the transactions in flight be
// recorded and exits within --shutdown-timeout plus a few seconds. The log
// goes to stderr. Exit status: 0 clean stop, 2 bad flags, 1 anything else
// (including transactions still in flight at the deadline: they are left
// pending in the ledger, and the reconciler settles them at the next start).
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ovocashier serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	set := addSettings(fs)
	listen := fs.String("listen", defaultServeListen, "address to listen on for SSH (host:port; :2222 is every interface)")
	hostKey := fs.String("host-key", "", "the server's SSH host key, created (ed25519, 0600) on first run and reused after (default: "+hostKeyFileName+" beside the ledger)")
	authKeys := fs.String("authorized-keys", "", "OpenSSH authorized_keys file of the operators; each key's comment is its operator's name (required)")
	maxSessions := fs.Int("max-sessions", sshserver.DefaultMaxSessions, "most operator sessions at once")
	perConn := fs.Int("max-sessions-per-conn", sshserver.DefaultMaxSessionsPerConn, "most sessions one SSH connection may open at once")
	perOp := fs.Int("max-sessions-per-operator", sshserver.DefaultMaxSessionsPerOperator, "most sessions one operator (a name in the authorized keys) may have at once")
	maxConns := fs.Int("max-connections", sshserver.DefaultMaxConnections, "most SSH connections open at once, from every address, logging in or not")
	idle := fs.Duration("idle-timeout", sshserver.DefaultIdleTimeout, "end a session after this long without a key pressed (never while a transaction is in flight); 0: never")
	handshake := fs.Duration("handshake-timeout", sshserver.DefaultHandshakeTimeout, "time from connecting to the session's start (key exchange, login)")
	connRate := fs.Int("conn-rate", sshserver.DefaultConnsPerMinute, "connections one address may open a minute; 0: no limit")
	grace := fs.Duration("shutdown-timeout", defaultShutdownTimeout, "on SIGTERM/SIGINT, how long to wait for sessions to finish their transactions in flight")
	fs.Usage = func() {
		printLocalUsage(stderr, fs, usageLang(fs, args),
			"usage: ovocashier serve --authorized-keys FILE [--listen ADDR] [--host-key FILE] [--data FILE] [flags]",
			"\nServes the cashier screen over SSH: operators connect with `ssh -p PORT HOST` and log in with a",
			"key listed in --authorized-keys (its comment is the operator's name). One ledger and one",
			"reconciler for all of them. The log goes to stderr. See README.md, 'Serving operators over SSH'.")
	}
	bad := badInput("ovocashier serve", stderr)
	if code, stop := parseArgs(fs, args, bad); stop {
		return code
	}
	if err := set.resolve(); err != nil {
		return bad("%v", err)
	}
	switch {
	case *authKeys == "":
		return bad("--authorized-keys FILE is required: an OpenSSH authorized_keys file with one line per operator, " +
			"the key's comment being the operator's name (e.g. `ssh-ed25519 AAAA… Siti`); see README.md, 'Serving operators over SSH'")
	case *maxSessions < 1:
		return bad("--max-sessions must be at least 1")
	case *perConn < 1, *perOp < 1, *maxConns < 1:
		return bad("--max-sessions-per-conn, --max-sessions-per-operator and --max-connections must be at least 1")
	case *idle < 0:
		return bad("--idle-timeout must not be negative (0: never)")
	case *handshake <= 0:
		return bad("--handshake-timeout must be positive")
	case *connRate < 0:
		return bad("--conn-rate must not be negative (0: no limit)")
	case *grace <= 0:
		return bad("--shutdown-timeout must be positive")
	}
	if fi, err := os.Stat(*authKeys); err != nil {
		return bad("--authorized-keys: %v", err)
	} else if fi.IsDir() {
		return bad("--authorized-keys: %s is a directory", *authKeys)
	}
	if *hostKey == "" {
		*hostKey = filepath.Join(set.dataDir(), hostKeyFileName)
	}
	// The stdout printer would print into the server's log stream, not at
	// any operator's counter: over SSH receipts are shown on screen or saved.
	if strings.EqualFold(strings.TrimSpace(set.Printer), "stdout") {
		set.Printer = "none"
	}
	if err := os.MkdirAll(set.dataDir(), 0o700); err != nil {
		fmt.Fprintf(stderr, "ovocashier serve: %v\n", err)
		return 1
	}

	a, err := openApp(set, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "ovocashier serve: %s\n", openWords(set, err))
		return openExit(err)
	}
	closed := false
	defer func() {
		if !closed {
			a.Close()
		}
	}()
	// The reconciler runs until the drain below stops it, not at the signal:
	// an outcome that turns unknown during the shutdown is still asked for.
	a.svc.Start(context.WithoutCancel(ctx))
	// Scripts on this machine reach the ledger through the control socket.
	stopControl, err := serveControl(a)
	if err != nil {
		fmt.Fprintf(stderr, "ovocashier serve: %v\n", err)
		return 1
	}
	defer stopControl()

	idleTimeout := *idle
	if idleTimeout == 0 {
		idleTimeout = -1
	}
	rate := *connRate
	if rate == 0 {
		rate = -1
	}
	srv, err := sshserver.New(sshserver.Config{
		Session: tui.Options{
			Service: a.svc, Outlet: set.Outlet, EnvLabel: a.envLabel(), Sandbox: a.sandbox,
			Production: set.Env == envProduction, Lang: set.Lang,
			ReceiptDir: filepath.Join(set.dataDir(), "receipts"), AutoPrint: set.AutoPrint,
		},
		HostKeyPath: *hostKey, AuthorizedKeysPath: *authKeys,
		MaxSessions: *maxSessions, MaxSessionsPerConn: *perConn, MaxSessionsPerOperator: *perOp, MaxConnections: *maxConns,
		IdleTimeout: idleTimeout, HandshakeTimeout: *handshake, ConnsPerMinute: rate,
		Logger: a.log.With("component", "ssh"),
		// `ssh -p PORT HOST history --json`: the same commands, run here for
		// the key's operator; receipts come back on the session's stdout.
		// The key's role and fingerprint come along (approvals are signed
		// with the key, commands/roles.go), and standard input reaches the
		// command: `batch load - < payouts.csv`, `approve ID --signature -`.
		Exec: func(ctx context.Context, op sshserver.Operator, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
			call := callOf(set)
			call.Operator, call.Printer = op.Name, "stdout"
			call.Role, call.From, call.Key = op.Role, "ssh "+op.Fingerprint, []byte(op.Key)
			return commands.RunRemoteInput(ctx, host{}, a.svc, call, args, stdin, stdout, stderr)
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "ovocashier serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "ovocashier serve: --listen: %v\n", err)
		return 1
	}
	a.log.Info("serving the cashier over SSH", "listen", ln.Addr().String(), "env", a.envLabel(), "data", commands.RedactURL(set.Data), "outlet", set.Outlet,
		"host_key", *hostKey, "host_key_fingerprint", gossh.FingerprintSHA256(srv.HostPublicKey()),
		"authorized_keys", *authKeys, "operators", srv.Operators(), "max_sessions", *maxSessions,
		"idle_timeout", idle.String(), "lang", set.Lang, "printer", set.Printer)

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	code := 0
	select {
	case err := <-served:
		a.log.Error("SSH server stopped", "err", err)
		code = 1
	case <-ctx.Done():
		a.log.Info("shutting down: no new connections; sessions finish their transactions in flight",
			"sessions", srv.Sessions(), "in_flight", a.svc.InFlight(), "timeout", grace.String())
	}

	start := time.Now()
	sctx, cancel := context.WithTimeout(context.Background(), *grace)
	if err := srv.Shutdown(sctx); err != nil {
		a.log.Error("sessions still running at the shutdown deadline were killed", "err", err)
		code = 1
	}
	cancel()
	// Transactions whose session went away are still being recorded by the
	// service: wait for them with what is left of the budget.
	dctx, cancel := context.WithDeadline(context.Background(), start.Add(*grace+serveDrainMargin))
	if err := a.svc.Close(dctx); err != nil {
		a.log.Error("transactions still in flight at exit; the reconciler settles them at the next start", "err", err)
		code = 1
	}
	cancel()
	a.svc = nil // closed above: app.Close must not wait for it again
	a.Close()
	closed = true
	a.log.Info("stopped", "took", time.Since(start).Round(time.Millisecond).String())
	return code
}
