package sshserver

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/tui"
	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

// Keys are made once per test binary (ed25519 is fast, but there is no
// need to make more than a few).
var (
	keysMu sync.Mutex
	keys   = map[string]gossh.Signer{}
)

func key(t testing.TB, name string) gossh.Signer {
	keysMu.Lock()
	defer keysMu.Unlock()
	if k, ok := keys[name]; ok {
		return k
	}
	k := sshtest.NewKey(t)
	keys[name] = k
	return k
}

// logBuffer collects the server's log for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// wait waits until the log holds every one of texts on one line.
func (b *logBuffer) wait(t testing.TB, texts ...string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		for _, line := range strings.Split(b.String(), "\n") {
			all := true
			for _, x := range texts {
				if !strings.Contains(line, x) {
					all = false
					break
				}
			}
			if all {
				return line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the log never had a line with %q; log:\n%s", texts, b.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// fixture is a server on 127.0.0.1 over an in-process back end.
type fixture struct {
	t        testing.TB
	env      *testenv.Env
	srv      *Server
	addr     string
	log      *logBuffer
	keysPath string
	served   chan error
}

// serve starts a server with siti's and budi's keys authorized.
func serve(t testing.TB, eo testenv.Options, adjust func(*Config)) *fixture {
	t.Helper()
	return serveWrapped(t, eo, adjust, nil)
}

// serveWrapped is serve with its listener wrapped by wrap (nil: none).
func serveWrapped(t testing.TB, eo testenv.Options, adjust func(*Config), wrap func(net.Listener) net.Listener) *fixture {
	t.Helper()
	env := testenv.New(t, eo)
	dir := t.TempDir()
	f := &fixture{t: t, env: env, log: &logBuffer{}, keysPath: filepath.Join(dir, "authorized_keys"), served: make(chan error, 1)}
	f.writeKeys(sshtest.AuthorizedLine(key(t, "siti"), "siti"), sshtest.AuthorizedLine(key(t, "budi"), "Budi Kasir"))
	cfg := Config{
		Session: tui.Options{
			Service: env.Service, Outlet: "Outlet SSH", EnvLabel: "SANDBOX", Sandbox: true, Lang: "en",
			ReceiptDir: filepath.Join(env.Dir, "receipts"),
		},
		HostKeyPath:        filepath.Join(dir, "host", "ssh_host_ed25519"),
		AuthorizedKeysPath: f.keysPath,
		ReloadInterval:     50 * time.Millisecond,
		Logger:             slog.New(slog.NewTextHandler(f.log, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if adjust != nil {
		adjust(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = srv
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f.addr = ln.Addr().String()
	if wrap != nil {
		ln = wrap(ln)
	}
	go func() { f.served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return f
}

func (f *fixture) writeKeys(lines ...string) {
	f.t.Helper()
	// Write then rename, as an editor or a script would: the server never
	// reads half a file.
	tmp := f.keysPath + ".tmp"
	if err := os.WriteFile(tmp, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		f.t.Fatal(err)
	}
	if err := os.Rename(tmp, f.keysPath); err != nil {
		f.t.Fatal(err)
	}
}

// dial opens a session as the operator whose key is name's.
func (f *fixture) dial(name string, o sshtest.Options) *sshtest.Client {
	f.t.Helper()
	return sshtest.Dial(f.t, f.addr, key(f.t, name), o)
}

// toCheckout drives a session from the menu to the checkout of a top up.
func toCheckout(c *sshtest.Client, phone, amount string) string {
	c.WaitFor("Cashier menu")
	c.Key("1")
	c.WaitFor("Customer's OVO phone number")
	c.Type(phone)
	c.WaitFor(phone)
	c.Key(sshtest.Enter)
	c.WaitFor("Type the amount")
	for _, r := range amount {
		c.Key(string(r))
	}
	c.Key(sshtest.Enter)
	return c.WaitFor("Yes, send it now")
}

// arrived waits until a request held by h has reached the sandbox (it is in
// flight, its answer held).
func arrived(t testing.TB, h *ovosim.Held) {
	t.Helper()
	select {
	case <-h.Arrived():
	case <-time.After(15 * time.Second):
		t.Fatal("no request reached the sandbox")
	}
}

// stillOpen fails the test if c's session has ended or its output holds
// told (what it shows once told to end): for a session whose top up OVO has
// not answered yet.
func stillOpen(t testing.TB, c *sshtest.Client, told string) {
	t.Helper()
	select {
	case <-c.Ended():
		t.Fatal("the session with a top up in flight ended before OVO answered")
	default:
	}
	if strings.Contains(c.Output(), told) {
		t.Fatalf("the session with a top up in flight showed %q before OVO answered", told)
	}
}
