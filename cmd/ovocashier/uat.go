package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/golive"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// uatSandboxDeposit is the deposit of the throwaway sandbox `uat` starts:
// below the per-transaction maximum, so the deposit-control scenario applies.
const uatSandboxDeposit int64 = 5_000_000

// uatProductionFlag is the flag without which `uat` refuses OVO production.
const uatProductionFlag = "--i-know-this-is-production"

// Test hooks; nil outside tests.
var (
	// uatSandboxStarted sees the throwaway sandbox before any scenario runs.
	uatSandboxStarted func(sim *ovosim.Sim, clientSecret string)
	// uatTrace sees every exchange, unredacted.
	uatTrace func(ovoclient.Exchange)
)

// runUAT is `ovocashier uat`: the six BI devsite scenarios and the seed's two
// unhappy paths, a pass/fail table and one redacted evidence file each.
// Exit status: 0 every scenario passed (or was not applicable), 1 one
// failed (or the evidence could not be written), 2 bad flags.
func runUAT(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	c := newCLI("uat", stdout, stderr)
	phone := c.fs.String("phone", "", "a registered OVO number for the positive scenarios (default "+ovosim.NumberBudi+" on the sandbox; required elsewhere)")
	negPhone := c.fs.String("negative-phone", golive.DefaultNegativePhone, "a number with no OVO account, for the negative scenarios")
	out := c.fs.String("out", "", "evidence directory, new or empty (default ./uat-evidence-YYYYMMDD-HHMMSS)")
	amount := c.fs.String("amount", "10000", "amount of the positive top up, in rupiah")
	prodOK := c.fs.Bool(strings.TrimPrefix(uatProductionFlag, "--"), false, "allow running the scenarios against OVO production (real money moves)")
	c.fs.Usage = func() {
		printLocalUsage(stderr, c.fs, usageLang(c.fs, args),
			"usage: ovocashier uat [--env sandbox|staging] [--phone 08…] [--negative-phone 08…] [--out DIR] [--amount N]",
			"\nRuns the SNAP test scenarios (Bank Indonesia devsite + OVO UAT) and writes redacted evidence.",
			"On the sandbox (default) it starts a fresh throwaway sandbox; the cashier's data is not touched.")
	}
	if code, stop := parseArgs(c.fs, args, c.badInput); stop {
		return code
	}
	// Refuse production before anything else, whatever else is wrong.
	_ = c.set.load() // the settings as given (resolve reports what is wrong with them)
	// Its words in the caller's language (the scenarios' titles and the
	// evidence stay in English: they are OVO's).
	cat := i18n.New(usageLang(c.fs, args))
	if isProduction(c.set) && !*prodOK {
		return c.fail(cashier.ExitInput, errors.New(cat.F(i18n.UATProduction, uatProductionFlag)))
	}
	if err := c.set.resolve(); err != nil {
		return c.fail(cashier.ExitInput, err)
	}
	if isProduction(c.set) && !*prodOK {
		return c.fail(cashier.ExitInput, errors.New(cat.F(i18n.UATProductionURL, c.set.BaseURL, uatProductionFlag)))
	}
	sandbox := c.set.Env == envSandbox
	if *phone == "" {
		if !sandbox {
			return c.fail(cashier.ExitInput, errors.New(cat.F(i18n.UATPhoneRequired, c.set.Env)))
		}
		*phone = ovosim.NumberBudi
	}
	p, err := ovo.NormalizePhone(*phone)
	if err != nil {
		return c.fail(cashier.ExitInput, fmt.Errorf("--phone: %w", err))
	}
	np, err := ovo.NormalizePhone(*negPhone)
	if err != nil {
		return c.fail(cashier.ExitInput, fmt.Errorf("--negative-phone: %w", err))
	}
	if p == np {
		return c.fail(cashier.ExitInput, errors.New(cat.T(i18n.UATPhonesDiffer)))
	}
	amt, err := cashier.ParseAmount(*amount)
	if err != nil || amt <= 0 {
		return c.fail(cashier.ExitInput, errors.New(cat.F(i18n.UATAmount, *amount)))
	}
	dir := *out
	if dir == "" {
		dir = "uat-evidence-" + time.Now().In(ovo.Jakarta).Format("20060102-150405")
	}

	params := golive.Params{Phone: p, NegativePhone: np, Amount: amt}
	scenarios := golive.Scenarios(params)

	cfg := ovoclient.Config{
		BaseURL: c.set.BaseURL, ClientID: c.set.ClientID, ClientSecret: c.set.ClientSecret,
		PartnerID: c.set.PartnerID, ChannelID: c.set.ChannelID, Timeout: c.set.Timeout,
	}
	var key *rsa.PrivateKey // on the sandbox: the partner key to check, if one is given
	if c.set.PrivateKeyFile != "" {
		var err error
		if key, err = readPrivateKey(c.set.PrivateKeyFile); err != nil {
			return c.fail(cashier.ExitInput, err)
		}
	}
	envName := c.set.Env
	if sandbox {
		stop, err := startUATSandbox(&cfg, key)
		if err != nil {
			return c.fail(cashier.ExitRefused, err)
		}
		defer stop()
	} else {
		cfg.PrivateKey = key
	}
	rec := golive.NewRecorder(cfg.ClientSecret)
	cfg.Trace = uatTrace
	rec.Instrument(&cfg)
	client, err := ovoclient.New(cfg)
	if err != nil {
		return c.fail(cashier.ExitInput, err)
	}
	if err := golive.PrepareOutDir(dir, scenarios); err != nil {
		return c.fail(cashier.ExitInput, fmt.Errorf("--out: %w", err))
	}

	where := cfg.BaseURL
	if sandbox {
		where = cat.F(i18n.UATSandboxWhere, cfg.BaseURL, golive.Rupiah(uatSandboxDeposit))
	}
	fmt.Fprintln(stderr, cat.F(i18n.UATRunning, envName, where))
	r := &golive.Runner{
		Client: client, Recorder: rec, OutDir: dir, Environment: envName, BaseURL: cfg.BaseURL,
		Params: params,
		Progress: func(res golive.Result) {
			fmt.Fprintf(stderr, "  %d %-4s %s\n", res.Scenario.Number, res.Verdict, res.Scenario.Title)
		},
	}
	rep, runErr := r.Run(ctx, scenarios)
	if rep == nil { // nothing ran: the evidence directory became unusable
		return c.fail(cashier.ExitInput, fmt.Errorf("--out: %w", runErr))
	}
	if c.set.JSON {
		if data, err := os.ReadFile(filepath.Join(rep.Dir, "summary.json")); err == nil {
			stdout.Write(data)
		}
	} else {
		rep.WriteTable(stdout)
	}
	if runErr != nil {
		return c.fail(cashier.ExitRefused, runErr)
	}
	if !rep.OK() {
		return cashier.ExitRefused
	}
	return cashier.ExitOK
}

// isProduction reports whether the settings point at OVO production: by
// name, or by production's base URL under any environment name.
func isProduction(s *settings) bool {
	return strings.EqualFold(strings.TrimSpace(s.Env), envProduction) || ovoEnvOf(s.BaseURL) == envProduction
}

// startUATSandbox starts a throwaway sandbox on a loopback port: fresh state
// in memory (the cashier's sandbox.db is never touched), random credentials,
// a deposit of uatSandboxDeposit. The partner key is key when given (to check
// a key made with `keys generate`), else a new one. It points cfg at the
// sandbox and returns how to stop it.
func startUATSandbox(cfg *ovoclient.Config, key *rsa.PrivateKey) (stop func(), err error) {
	if key == nil {
		if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			return nil, fmt.Errorf("sandbox key: %w", err)
		}
	}
	id := make([]byte, 16)
	secret := make([]byte, 32)
	rand.Read(id)
	rand.Read(secret)
	clientID := fmt.Sprintf("uat-%x", id)
	clientSecret := base64.StdEncoding.EncodeToString(secret)
	sim, err := ovosim.New(ovosim.Config{ClientID: clientID, ClientSecret: clientSecret, PartnerPublicKey: &key.PublicKey, Deposit: uatSandboxDeposit})
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		sim.Close()
		return nil, fmt.Errorf("sandbox listener: %w", err)
	}
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(slog.DiscardHandler, slog.LevelWarn)}
	go srv.Serve(ln)
	if uatSandboxStarted != nil {
		uatSandboxStarted(sim, clientSecret)
	}
	cfg.BaseURL = "http://" + ln.Addr().String()
	cfg.ClientID, cfg.ClientSecret, cfg.PrivateKey, cfg.PartnerID = clientID, clientSecret, key, ""
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			srv.Close()
		}
		sim.Close()
	}, nil
}
