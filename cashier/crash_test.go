package cashier_test

import (
	"bufio"
	"context"
	"crypto/rsa"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
)

// The crash tests run a top up in a child process (this test binary, re-run
// with CASHIER_CRASH_STEP set) against a sandbox in the parent, kill the
// child with SIGKILL at one step of the money-safe flow, then restart on the
// same ledger, reconcile, and check that the ledger, the sandbox and the
// deposit mirror agree, with at most one top up applied per reference.

const crashKeyFile = "../ovoclient/testdata/snap-vector-key.pem"

func TestMain(m *testing.M) {
	if id := os.Getenv("CASHIER_BATCH_CHILD"); id != "" { // batch_crash_test.go
		os.Exit(batchChild(id))
	}
	if step := os.Getenv("CASHIER_CRASH_STEP"); step != "" {
		os.Exit(crashChild(step))
	}
	if step := os.Getenv("CASHIER_APPROVAL_STEP"); step != "" {
		os.Exit(approvalChild(step)) // approval_crash_test.go
	}
	os.Exit(m.Run())
}

// crashKey is the partner key of the crash tests' client and sandbox.
func crashKey() (*rsa.PrivateKey, error) {
	pem, err := os.ReadFile(crashKeyFile)
	if err != nil {
		return nil, err
	}
	return ovoclient.ParsePrivateKeyPEM(pem)
}

func crashClient(url string) (cashier.OVO, error) {
	key, err := crashKey()
	if err != nil {
		return nil, err
	}
	c, err := ovoclient.New(ovoclient.Config{BaseURL: url, ClientID: "crash-client", ClientSecret: "crash-secret", PrivateKey: key, Timeout: 5 * time.Second})
	if err != nil {
		return nil, err
	}
	return c.Port(), nil
}

// childService is the service of a crash child on the parent's sandbox
// and ledger; code is its exit code when it could not be made.
func childService() (svc *cashier.Service, code int) {
	client, err := crashClient(os.Getenv("CASHIER_CRASH_URL"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return nil, 10
	}
	db, err := storage.Open(os.Getenv("CASHIER_CRASH_LEDGER"), storage.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return nil, 11
	}
	if svc, err = cashier.New(cashier.Config{OVO: client, Ledger: db, Logger: slog.New(slog.DiscardHandler)}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return nil, 12
	}
	return svc, 0
}

// crashChild runs one top up and dies where the step says.
func crashChild(step string) int {
	svc, code := childService()
	if svc == nil {
		return code
	}
	die := func(string) { syscall.Kill(os.Getpid(), syscall.SIGKILL) }
	announce := func(ref string) { fmt.Printf("REF %s\n", ref); os.Stdout.Sync() }
	switch step {
	case "after-pending":
		cashier.SetHooks(svc, func(ref string) { announce(ref); die(ref) }, nil)
	case "in-flight":
		cashier.SetHooks(svc, announce, nil)
	case "after-answer":
		cashier.SetHooks(svc, announce, die)
	}
	ctx := context.Background()
	if _, err := svc.RefreshDeposit(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 13
	}
	q, err := svc.Inquiry(ctx, storage.KindTopUp, "081234567890", 100_000)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 14
	}
	res, err := svc.Execute(ctx, cashier.Order{Quote: q, Operator: "crash"})
	fmt.Fprintf(os.Stderr, "child was not killed: %v %+v\n", err, res)
	return 15
}

// crashSandbox starts the sandbox the crash children talk to: cfg with the
// crash credentials and key filled in, served on loopback until t ends.
func crashSandbox(t *testing.T, cfg ovosim.Config) (*ovosim.Sim, *httptest.Server) {
	t.Helper()
	key, err := crashKey()
	if err != nil {
		t.Fatal(err)
	}
	cfg.ClientID, cfg.ClientSecret, cfg.PartnerPublicKey = "crash-client", "crash-secret", &key.PublicKey
	sim, err := ovosim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return sim, srv
}

// startCrashChild re-runs this test binary as a child with env added (its
// step, and where its sandbox and ledger are): its stdout to read, its
// stderr kept for messages.
func startCrashChild(t *testing.T, env ...string) (cmd *exec.Cmd, stdout io.Reader, stderr *strings.Builder) {
	t.Helper()
	cmd = exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr = new(strings.Builder)
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, stdout, stderr
}

// killedBySIGKILL reports whether the child, waited for, died by SIGKILL.
func killedBySIGKILL(cmd *exec.Cmd) bool {
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}

func TestCrashAtEveryStep(t *testing.T) {
	if testing.Short() {
		t.Skip("re-runs the test binary")
	}
	for _, tc := range []struct {
		step        string
		wantState   storage.State
		wantApplied int
	}{
		{"after-pending", storage.StateFailed, 0},
		{"in-flight", storage.StateSuccess, 1},
		{"after-answer", storage.StateSuccess, 1},
	} {
		t.Run(tc.step, func(t *testing.T) {
			const deposit, amount = 1_000_000, 100_000
			dir := t.TempDir()
			scfg := ovosim.Config{Deposit: deposit, StatePath: filepath.Join(dir, "sandbox.db")}
			if tc.step == "in-flight" {
				scfg.Latency = 3 * time.Second
			}
			sim, srv := crashSandbox(t, scfg)
			ledger := filepath.Join(dir, "ledger.db")

			cmd, out, stderr := startCrashChild(t, "CASHIER_CRASH_STEP="+tc.step, "CASHIER_CRASH_URL="+srv.URL, "CASHIER_CRASH_LEDGER="+ledger)
			line, _ := bufio.NewReader(out).ReadString('\n')
			ref := strings.TrimSpace(strings.TrimPrefix(line, "REF "))
			if ref == "" {
				cmd.Wait()
				t.Fatalf("child gave no reference; stderr: %s", stderr.String())
			}
			if tc.step == "in-flight" {
				// The request is at the sandbox, which holds its answer for 3 s.
				deadline := time.Now().Add(5 * time.Second)
				for {
					if _, seen := sim.Transaction(ref); seen || time.Now().After(deadline) {
						break
					}
					time.Sleep(10 * time.Millisecond)
				}
				cmd.Process.Kill()
			}
			err := cmd.Wait()
			if !killedBySIGKILL(cmd) {
				t.Fatalf("child did not die by SIGKILL: %v; stderr: %s", err, stderr.String())
			}

			// Restart on the same ledger: the transaction is still open.
			db, err := storage.Open(ledger, storage.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			before, err := db.Get(ref)
			if err != nil || before.State != storage.StatePending {
				t.Fatalf("after the crash the ledger holds %+v, %v; want pending", before, err)
			}
			client, err := crashClient(srv.URL)
			if err != nil {
				t.Fatal(err)
			}
			svc, err := cashier.New(cashier.Config{OVO: client, Ledger: db, CallTimeout: 100 * time.Millisecond, NotFoundGrace: 50 * time.Millisecond,
				CheckInterval: 20 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			svc.Start(context.Background())
			defer svc.Close(context.Background())
			var final storage.Txn
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				if final, _ = db.Get(ref); final.State.Final() {
					break
				}
			}
			if final.State != tc.wantState {
				t.Fatalf("reconciled to %s, want %s", final.State, tc.wantState)
			}
			if n := sim.Applied(ref); n != tc.wantApplied {
				t.Fatalf("sandbox applied %d times, want %d", n, tc.wantApplied)
			}
			if open, _ := db.Open(); len(open) != 0 {
				t.Fatalf("%d transactions still open", len(open))
			}
			d, err := svc.RefreshDeposit(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			want := int64(deposit - tc.wantApplied*amount)
			if sim.Deposit() != want || d.Balance != want || d.Reserved != 0 || d.Available != want {
				t.Fatalf("sandbox deposit %d, mirror %+v; want %d everywhere", sim.Deposit(), d, want)
			}
			if err := db.Check(); err != nil {
				t.Fatalf("ledger invariants: %v", err)
			}
		})
	}
}
