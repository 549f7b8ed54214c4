// Package testenv builds, for tests, the whole back end of ovocashier in one
// process: the sandbox (ovosim) on a loopback httptest server, a real
// ovoclient against it, a ledger in t.TempDir() and a cashier.Service.
package testenv

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"github.com/ovocashier/ovocashier/screens/i18n"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/receipts"
	"github.com/ovocashier/ovocashier/storage"
)

// Options adjust an Env. Zero values give the defaults of each part.
type Options struct {
	Deposit       int64 // sandbox deposit; default ovosim's
	SimConfig     func(*ovosim.Config)
	ClientConfig  func(*ovoclient.Config)
	CashierConfig func(*cashier.Config)
	Now           func() time.Time // one clock for the sandbox, the client, the ledger and the service
	NoStart       bool             // do not Start the service (no reconciler, no initial refresh)
	Dir           string           // where the ledger lives; default t.TempDir()
}

// Env is one back end for a test.
type Env struct {
	Sim     *ovosim.Sim
	Server  *httptest.Server
	Client  *ovoclient.Client
	DB      *storage.DB
	Service *cashier.Service
	Key     *rsa.PrivateKey
	Dir     string
}

var (
	keyOnce sync.Once
	key     *rsa.PrivateKey
)

// partnerKey is one RSA key shared by every Env of the test binary (making a
// 2048-bit key per test would dominate the test time).
func partnerKey(t testing.TB) *rsa.PrivateKey {
	keyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		key = k
	})
	return key
}

// ClientID and ClientSecret are the sandbox credentials every Env uses.
const (
	ClientID     = "6ae957c4-2863-4713-acce-ba12de636cfc"
	ClientSecret = "testenv-secret-0123456789abcdef"
)

// New starts an Env and registers its teardown with t.Cleanup. The service
// is started (reconciler running, deposit mirror read) unless NoStart.
func New(t testing.TB, o Options) *Env {
	t.Helper()
	e := &Env{Key: partnerKey(t), Dir: o.Dir}
	if e.Dir == "" {
		e.Dir = t.TempDir()
	}
	scfg := ovosim.Config{ClientID: ClientID, ClientSecret: ClientSecret, PartnerPublicKey: &e.Key.PublicKey, Deposit: o.Deposit, Now: o.Now}
	if o.SimConfig != nil {
		o.SimConfig(&scfg)
	}
	sim, err := ovosim.New(scfg)
	if err != nil {
		t.Fatal(err)
	}
	e.Sim = sim
	e.Server = httptest.NewServer(sim)
	ccfg := ovoclient.Config{BaseURL: e.Server.URL, ClientID: ClientID, ClientSecret: ClientSecret, PrivateKey: e.Key, Timeout: 5 * time.Second, Now: o.Now}
	if o.ClientConfig != nil {
		o.ClientConfig(&ccfg)
	}
	if e.Client, err = ovoclient.New(ccfg); err != nil {
		t.Fatal(err)
	}
	if e.DB, err = storage.Open(filepath.Join(e.Dir, "ledger.db"), storage.Options{Now: o.Now}); err != nil {
		t.Fatal(err)
	}
	printer, _ := receipts.NewPrinter(receipts.PrinterConfig{Spec: "none"})
	kcfg := cashier.Config{
		OVO: e.Client.Port(), Ledger: e.DB, Merchant: "Toko Test", Outlet: "Outlet Test", Terminal: "T-01",
		Printer: printer, CallTimeout: 5 * time.Second, CheckInterval: 50 * time.Millisecond,
		CheckMaxInterval: 200 * time.Millisecond, NotFoundGrace: 100 * time.Millisecond, Now: o.Now,
		Logger:  slog.New(slog.DiscardHandler),
		Explain: func(t cashier.Txn, lang string) string { return i18n.New(lang).Why(t) }, // as cmd/ovocashier wires it
	}
	if o.CashierConfig != nil {
		o.CashierConfig(&kcfg)
	}
	if e.Service, err = cashier.New(kcfg); err != nil {
		t.Fatal(err)
	}
	if !o.NoStart {
		if _, err := e.Service.RefreshDeposit(context.Background()); err != nil {
			t.Fatalf("initial deposit refresh: %v", err)
		}
		e.Service.Start(context.Background())
	}
	t.Cleanup(e.Close)
	return e
}

// Close stops the service, the server, the ledger and the sandbox (idempotent).
func (e *Env) Close() {
	if e.Service != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		e.Service.Close(ctx)
		cancel()
		e.Service = nil
	}
	if e.Server != nil {
		e.Server.Close()
		e.Server = nil
	}
	if e.DB != nil {
		e.DB.Close()
		e.DB = nil
	}
	if e.Sim != nil {
		e.Sim.Close()
		e.Sim = nil
	}
}

// WaitFinal polls the ledger until ref is final or the timeout passes, and
// returns the transaction as last read.
func (e *Env) WaitFinal(t testing.TB, ref string, timeout time.Duration) cashier.Txn {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		txn, err := e.DB.Get(ref)
		if err != nil {
			t.Fatal(err)
		}
		if txn.State.Final() || time.Now().After(deadline) {
			return txn
		}
		time.Sleep(20 * time.Millisecond)
	}
}
