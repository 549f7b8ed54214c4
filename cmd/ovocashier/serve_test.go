package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/storage"
	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

// serveLog is a serve process's stderr (its log).
type serveLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *serveLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *serveLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

var listenRE = regexp.MustCompile(`msg="serving the cashier over SSH" listen=(\S+)`)

// addr waits for the "serving" line and returns the address it names.
func (l *serveLog) addr(t *testing.T, exited <-chan int) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if m := listenRE.FindStringSubmatch(l.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-exited:
			t.Fatalf("serve exited with %d before listening:\n%s", code, l)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve never listened:\n%s", l)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// serveKeys writes an authorized_keys file with one operator and returns
// its path and the operator's key.
func serveKeys(t *testing.T, dir, name string) (string, gossh.Signer) {
	t.Helper()
	k := sshtest.NewKey(t)
	path := filepath.Join(dir, "authorized_keys")
	if err := os.WriteFile(path, []byte(sshtest.AuthorizedLine(k, name)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path, k
}

// serveEnv empties the OVO_* variables the settings read (flags decide).
func serveEnv(t *testing.T) {
	for _, v := range []string{"OVO_ENV", "OVO_BASE_URL", "OVO_CLIENT_ID", "OVO_CLIENT_SECRET", "OVO_PRIVATE_KEY_FILE",
		"OVO_PARTNER_ID", "OVO_CHANNEL_ID", "OVO_TIMEOUT", "OVO_DATA", "OVO_PRINTER", "OVO_RECEIPT_WIDTH", "OVO_LANG"} {
		t.Setenv(v, "")
	}
}

// startServe runs runServe in this process until the returned cancel.
func startServe(t *testing.T, args ...string) (addr string, log *serveLog, cancel context.CancelFunc, exited chan int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log = &serveLog{}
	exited = make(chan int, 1)
	done := make(chan struct{})
	go func() {
		exited <- runServe(ctx, args, log, log)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(40 * time.Second):
			t.Errorf("serve did not stop:\n%s", log)
		}
	})
	return log.addr(t, exited), log, cancel, exited
}

func waitExit(t *testing.T, exited <-chan int, d time.Duration) int {
	t.Helper()
	select {
	case code := <-exited:
		return code
	case <-time.After(d):
		t.Fatalf("serve did not exit within %v", d)
		return -1
	}
}

func ledgerTxns(t *testing.T, path string) []cashier.Txn {
	t.Helper()
	db, err := storage.Open(path, storage.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := db.History(cashier.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return p.Txns
}

func serveTopUp(c *sshtest.Client) {
	c.WaitFor("Cashier menu")
	c.Key("1")
	c.WaitFor("Customer's OVO phone number")
	c.Type(ovosim.NumberBudi)
	c.WaitFor(ovosim.NumberBudi)
	c.Key(sshtest.Enter)
	c.WaitFor("Type the amount")
	for _, r := range "50000" {
		c.Key(string(r))
	}
	c.Key(sshtest.Enter)
	c.WaitFor("Yes, send it now", "Budi Santoso")
	c.Key("y")
}

func TestServeFlags(t *testing.T) {
	serveEnv(t)
	dir := t.TempDir()
	keys, _ := serveKeys(t, dir, "siti")
	data := filepath.Join(dir, "ledger.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--data", data}, "--authorized-keys FILE is required"},
		{[]string{"--data", data, "--authorized-keys", filepath.Join(dir, "nope")}, "--authorized-keys: stat"},
		{[]string{"--data", data, "--authorized-keys", dir}, "is a directory"},
		{[]string{"--data", data, "--authorized-keys", keys, "--max-sessions", "0"}, "--max-sessions must be at least 1"},
		{[]string{"--data", data, "--authorized-keys", keys, "--max-sessions-per-operator", "0"}, "--max-sessions-per-operator"},
		{[]string{"--data", data, "--authorized-keys", keys, "--max-connections", "-1"}, "--max-connections must be at least 1"},
		{[]string{"--data", data, "--authorized-keys", keys, "--idle-timeout", "-1s"}, "--idle-timeout must not be negative"},
		{[]string{"--data", data, "--authorized-keys", keys, "extra"}, `unexpected argument "extra"`},
	} {
		var out serveLog
		if code := runServe(context.Background(), tc.args, &out, &out); code != 2 || !strings.Contains(out.String(), tc.want) {
			t.Errorf("serve %v: exit %d, output %q; want 2 and %q", tc.args, code, out.String(), tc.want)
		}
	}
	if _, err := os.Stat(data); err == nil {
		t.Error("bad flags opened the ledger")
	}
}

// serve in process on the built-in sandbox: a whole top up over SSH, the
// operator from the key's comment in the ledger; a second process on the
// same ledger is refused; the host key is made once (0600) and reused by
// the next run; the log names connections and never the client secret.
func TestServeTopUpAndRestart(t *testing.T) {
	serveEnv(t)
	dir := t.TempDir()
	keys, k := serveKeys(t, dir, "Siti Kasir")
	data := filepath.Join(dir, "data", "ledger.db")
	args := []string{"--listen", "127.0.0.1:0", "--data", data, "--authorized-keys", keys, "--lang", "en", "--outlet", "Outlet Serve"}
	addr, log, cancel, exited := startServe(t, args...)

	c := sshtest.Dial(t, addr, k, sshtest.Options{})
	c.WaitFor("Cashier: Siti Kasir", "Outlet Serve", "SANDBOX")
	serveTopUp(c)
	c.WaitFor("SUCCESS", "R00000001")
	hostKey := gossh.FingerprintSHA256(c.HostKey())

	// One process owns the ledger.
	var second serveLog
	start := time.Now()
	if code := runServe(context.Background(), append(args[:0:0], args...), &second, &second); code != 1 ||
		!strings.Contains(second.String(), "in use by another ovocashier process") {
		t.Fatalf("a second serve on the same ledger: exit %d\n%s", code, second.String())
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("the second serve took %v to give up", el)
	}

	cancel() // SIGTERM
	if code := waitExit(t, exited, 40*time.Second); code != 0 {
		t.Fatalf("serve exited with %d:\n%s", code, log)
	}
	c.WaitOutput("The cashier server is shutting down")
	txns := ledgerTxns(t, data)
	if len(txns) != 1 || txns[0].State != cashier.StateSuccess || txns[0].Operator != "Siti Kasir" {
		t.Fatalf("ledger: %+v", txns)
	}
	hk := filepath.Join(dir, "data", "ssh_host_ed25519")
	if fi, err := os.Stat(hk); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key beside the ledger: %v %v", fi, err)
	}
	out := log.String()
	for _, want := range []string{"msg=connect", `operator="Siti Kasir"`, "msg=disconnect", `msg="host key created"`, "msg=stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %q:\n%s", want, out)
		}
	}
	creds, err := ovosim.LoadOrCreateCredentials(filepath.Join(dir, "data", "sandbox"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, creds.ClientSecret) || strings.Contains(out, "PRIVATE KEY") {
		t.Fatalf("the log holds a secret:\n%s", out)
	}

	// The next run serves the same host key, and the history of the first.
	addr, log, _, _ = startServe(t, args...)
	c = sshtest.Dial(t, addr, k, sshtest.Options{})
	if got := gossh.FingerprintSHA256(c.HostKey()); got != hostKey {
		t.Fatalf("host key changed across restarts: %s then %s", hostKey, got)
	}
	c.WaitFor("Cashier menu", "Rp49.950.000")
	if strings.Contains(log.String(), "host key created") {
		t.Fatal("the second run made a new host key")
	}
}

// raceBuilt reports whether this test binary was built with -race (so the
// binary under test is too, reusing the compiled packages).
func raceBuilt() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// The real binary, a real SIGTERM in the middle of a top up: serve tells the
// session, lets the top up finish and be recorded as a success, and exits 0
// well within its bound.
func TestServeSIGTERMDuringTopUp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	serveEnv(t)
	dir := t.TempDir()
	// A sandbox of this process, slow to answer top ups, that the binary
	// reaches as a custom OVO.
	bin, sim, creds, env := binaryAndSandbox(t, dir, ovosim.Config{Latency: 2 * time.Second})

	keys, k := serveKeys(t, dir, "siti")
	data := filepath.Join(dir, "data", "ledger.db")
	cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0", "--data", data, "--authorized-keys", keys, "--lang", "en")
	cmd.Env = env
	log := &serveLog{}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan int, 1)
	waited := make(chan struct{})
	go func() {
		cmd.Wait()
		exited <- cmd.ProcessState.ExitCode()
		close(waited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-waited
	})
	addr := log.addr(t, exited)

	c := sshtest.Dial(t, addr, k, sshtest.Options{})
	serveTopUp(c)
	c.WaitFor("PROCESSING")
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	c.WaitFor("Finishing the transaction in flight")
	if code := waitExit(t, exited, 20*time.Second); code != 0 {
		t.Fatalf("serve exited with %d:\n%s", code, log)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Fatalf("serve took %v to stop", el)
	}
	c.WaitOutput("Transactions in flight were recorded first")
	txns := ledgerTxns(t, data)
	if len(txns) != 1 || txns[0].State != cashier.StateSuccess || txns[0].Operator != "siti" {
		t.Fatalf("ledger after SIGTERM: %+v\n%s", txns, log)
	}
	if n := sim.Applied(txns[0].PartnerReferenceNo); n != 1 {
		t.Fatalf("applied %d times at OVO", n)
	}
	if out := log.String(); strings.Contains(out, creds.ClientSecret) {
		t.Fatalf("the log holds the client secret:\n%s", out)
	}
}
