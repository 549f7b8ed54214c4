package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/ovocashier/ovocashier/cashier"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/commands"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
)

// runSim is `ovocashier sim`: the OVO sandbox as a standalone HTTP server
// until ctx is cancelled. Without credential flags it uses (creating on first
// run) the credentials in --creds-dir and prints how to point a client at it.
// Exit status: 0 clean stop, 2 bad flags, 1 any other failure.
func runSim(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ovocashier sim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8089", "address to listen on")
	clientID := fs.String("client-id", "", "the partner's client id (with --client-secret and --partner-public-key)")
	clientSecret := fs.String("client-secret", "", "the partner's client secret; its raw bytes are the HMAC key")
	pubFile := fs.String("partner-public-key", "", "the partner's RSA public key, PEM (PKIX or PKCS#1)")
	deposit := fs.Int64("deposit", ovosim.DefaultDeposit, "merchant deposit in rupiah when the state is new")
	statePath := fs.String("state", "", "bbolt file keeping the sandbox state across restarts (default: in memory)")
	tokenTTL := fs.Duration("token-ttl", ovosim.DefaultTokenTTL, "access token lifetime")
	latency := fs.Duration("latency", 0, "delay before answering each top up")
	credsDir := fs.String("creds-dir", defaultSimCredsDir(), "where generated sandbox credentials are kept")
	fs.Lookup("creds-dir").DefValue = "$XDG_CONFIG_HOME/ovocashier/sandbox" // not this machine's path in the man page
	fs.Usage = func() {
		printLocalUsage(stderr, fs, usageLang(fs, args),
			"usage: ovocashier sim [flags]",
			"\nRuns the OVO SNAP sandbox as an HTTP server. Without --client-id, --client-secret and",
			"--partner-public-key it generates (once) a key pair and secret in --creds-dir and prints them.")
	}
	bad := badInput("ovocashier sim", stderr)
	if code, stop := parseArgs(fs, args, bad); stop {
		return code
	}
	if *deposit < 1 {
		return bad("--deposit must be at least 1 rupiah (for an almost empty deposit use e.g. 1)")
	}
	if *tokenTTL < time.Second {
		return bad("--token-ttl must be at least 1s")
	}
	if *latency < 0 {
		return bad("--latency must not be negative")
	}
	given := map[string]bool{"--client-id": *clientID != "", "--client-secret": *clientSecret != "", "--partner-public-key": *pubFile != ""}
	var missing []string
	for _, name := range []string{"--client-id", "--client-secret", "--partner-public-key"} {
		if !given[name] {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 && len(missing) < 3 {
		return bad("credentials are all or nothing: also give %s (or none of them, to use generated ones)", strings.Join(missing, " and "))
	}

	cfg := ovosim.Config{Deposit: *deposit, StatePath: *statePath, TokenTTL: *tokenTTL, Latency: *latency,
		Logger: slog.New(slog.NewTextHandler(stderr, nil))}
	var creds *ovosim.Credentials
	if len(missing) == 0 {
		pem, err := os.ReadFile(*pubFile)
		if err != nil {
			return bad("--partner-public-key: %v", err)
		}
		pub, err := ovoclient.ParsePublicKeyPEM(pem)
		if err != nil {
			return bad("--partner-public-key %s: %v", *pubFile, err)
		}
		cfg.ClientID, cfg.ClientSecret, cfg.PartnerPublicKey = *clientID, *clientSecret, pub
	} else {
		cr, err := ovosim.LoadOrCreateCredentials(*credsDir)
		if err != nil {
			fmt.Fprintf(stderr, "ovocashier sim: %v\n", err)
			return 1
		}
		pub, err := ovoclient.ParsePublicKeyPEM(cr.PublicKeyPEM)
		if err != nil {
			fmt.Fprintf(stderr, "ovocashier sim: %v\n", err)
			return 1
		}
		cfg.ClientID, cfg.ClientSecret, cfg.PartnerPublicKey = cr.ClientID, cr.ClientSecret, pub
		creds = &cr
	}

	sim, err := ovosim.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "ovocashier sim: %v\n", err)
		return 1
	}
	defer sim.Close()

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(stderr, "ovocashier sim: %v\n", err)
		return 1
	}
	base := "http://" + displayAddr(ln.Addr())
	fmt.Fprintf(stdout, "OVO sandbox listening on %s (deposit %s, state %s)\n", base, cashier.Rupiah(sim.Deposit()), stateLabel(*statePath))
	if creds != nil {
		fmt.Fprintf(stdout, "client id:        %s\n", creds.ClientID)
		fmt.Fprintf(stdout, "private key file: %s\n", creds.PrivateKeyFile)
		fmt.Fprintf(stdout, "secret file:      %s\n", creds.SecretFile)
		fmt.Fprintf(stdout, "\npoint ovocashier at it with:\n")
		fmt.Fprintf(stdout, "OVO_BASE_URL=%s OVO_CLIENT_ID=%s OVO_CLIENT_SECRET=%s OVO_PRIVATE_KEY_FILE=%s\n",
			base, creds.ClientID, shellQuote(creds.ClientSecret), shellQuote(creds.PrivateKeyFile))
	} else {
		fmt.Fprintf(stdout, "client id: %s\n\npoint ovocashier at it with OVO_BASE_URL=%s and the partner's own credentials\n", cfg.ClientID, base)
	}

	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn)}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		fmt.Fprintf(stderr, "ovocashier sim: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close() // hanging answers (the 504 number) end here
	}
	if err := sim.Close(); err != nil {
		fmt.Fprintf(stderr, "ovocashier sim: closing state: %v\n", err)
		return 1
	}
	return 0
}

// defaultSimCredsDir is the user config dir's ovocashier/sandbox.
func defaultSimCredsDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return filepath.Join("ovocashier", "sandbox")
	}
	return filepath.Join(dir, "ovocashier", "sandbox")
}

// displayAddr is addr as a client dials it: an unspecified host becomes 127.0.0.1.
func displayAddr(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

func stateLabel(path string) string {
	if path == "" {
		return "in memory"
	}
	return path
}

// shellQuote quotes s for a POSIX shell when it needs it.
var shellQuote = commands.ShellQuote
