package sshserver

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/tui"
	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

func history(t *testing.T, f *fixture) []cashier.Txn {
	t.Helper()
	p, err := f.env.Service.History(cashier.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return p.Txns
}

// A whole top up over a real SSH connection: the operator is the key's
// comment, on screen and in the ledger; the window resizes live; q quits
// with status 0.
func TestTopUpJourney(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	c := f.dial("budi", sshtest.Options{User: "root"}) // the user name is not the identity: the key is
	c.WaitFor("Cashier menu", "Cashier: Budi Kasir", "Outlet SSH", "SANDBOX", "Rp50.000.000")
	v := toCheckout(c, ovosim.NumberBudi, "50000")
	for _, want := range []string{"Budi Santoso", "Rp50.000"} {
		if !strings.Contains(v, want) {
			t.Fatalf("checkout lacks %q:\n%s", want, v)
		}
	}
	c.Key("y")
	c.WaitFor("SUCCESS", "R00000001", "Rp49.950.000")
	txns := history(t, f)
	if len(txns) != 1 {
		t.Fatalf("ledger holds %d transactions", len(txns))
	}
	if txn := txns[0]; txn.State != cashier.StateSuccess || txn.Operator != "Budi Kasir" || txn.Amount != 50_000 {
		t.Fatalf("ledger: %+v", txn)
	}
	if got := f.env.Sim.Deposit(); got != 50_000_000-50_000 {
		t.Fatalf("sandbox deposit %d", got)
	}
	f.log.wait(t, "msg=connect", `operator="Budi Kasir"`, "fingerprint=SHA256:", "remote=127.0.0.1:", "user=root", "term=xterm-256color")

	// Live resize: too small, then back to the same screen.
	c.Resize(60, 20)
	c.WaitFor("The terminal is too small", "60×20")
	c.Resize(90, 26)
	c.WaitFor("SUCCESS", "R00000001")

	c.Key(sshtest.Esc)
	c.WaitFor("Cashier menu")
	c.Key("q")
	if err := c.Wait(10 * time.Second); err != nil {
		t.Fatalf("session ended with %v", err)
	}
	f.log.wait(t, "msg=disconnect", `operator="Budi Kasir"`, "reason=quit")
}

// An unknown key, a password and keyboard-interactive are all refused at
// authentication: no session starts, and the log says so.
func TestUnknownKeyRefused(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	stranger := key(t, "stranger")
	_, err := sshtest.DialErr(t, f.addr, stranger, sshtest.Options{})
	if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("a stranger's key: %v", err)
	}
	f.log.wait(t, "msg=refused", `reason="unknown key"`, "offered="+gossh.FingerprintSHA256(stranger.PublicKey()))

	for name, auth := range map[string]gossh.AuthMethod{
		"password": gossh.Password("siti"),
		"keyboard-interactive": gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
			return []string{"siti"}, nil
		}),
	} {
		_, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: "siti", Auth: []gossh.AuthMethod{auth},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
		if err == nil {
			t.Fatalf("%s login was accepted", name)
		}
	}
	f.log.wait(t, "msg=refused", `reason="no authorized public key offered"`)
	if n := f.srv.Sessions(); n != 0 {
		t.Fatalf("%d sessions after refusals", n)
	}
	if strings.Contains(f.log.String(), "msg=connect") {
		t.Fatalf("a refused login got a session:\n%s", f.log)
	}
}

// No PTY, or a command: a clear message, exit status 1, no cashier.
func TestNoTerminalRefused(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	_, port, _ := net.SplitHostPort(f.addr)

	c := f.dial("siti", sshtest.Options{NoPTY: true})
	out := c.WaitOutput("needs a terminal")
	if !strings.Contains(out, "ssh -p "+port+" HOST") {
		t.Fatalf("the message does not say how to connect: %q", out)
	}
	if st := sshtest.ExitStatus(c.Wait(5 * time.Second)); st != 1 {
		t.Fatalf("exit status %d", st)
	}

	c = f.dial("siti", sshtest.Options{Command: "history"})
	c.WaitOutput("there are no commands here")
	if st := sshtest.ExitStatus(c.Wait(5 * time.Second)); st != 1 {
		t.Fatalf("exit status %d", st)
	}
	f.log.wait(t, "msg=refused", `reason="no terminal (PTY) requested"`, "operator=siti")
	f.log.wait(t, "msg=refused", `reason="a command was given"`)
}

// A "terminal" that never answers the renderer's queries (a script, ssh -tt
// from a pipe) gets the cashier all the same, within a second or so, and its
// keys work.
func TestSilentTerminalDoesNotHang(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	start := time.Now()
	c := f.dial("siti", sshtest.Options{Silent: true})
	c.WaitFor("Cashier menu", "Cashier: siti")
	if el := time.Since(start); el > 5*time.Second {
		t.Fatalf("the menu took %v", el)
	}
	c.Key("4")
	c.WaitFor("Read from OVO")
}

// Two operators top up at once against a deposit that covers only one:
// local deposit control lets exactly one through; the other is told, and
// nothing of it reaches OVO.
func TestTwoSessionsOneDeposit(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{Deposit: 60_000}, nil)
	a := f.dial("siti", sshtest.Options{})
	b := f.dial("budi", sshtest.Options{})
	var wg sync.WaitGroup
	for _, c := range []*sshtest.Client{a, b} {
		wg.Add(1)
		go func() { defer wg.Done(); toCheckout(c, ovosim.NumberBudi, "50000") }()
	}
	wg.Wait()
	// OVO's answer is held: the first top up is still in flight when the
	// second is asked for, and the second must be refused locally.
	held := f.env.Sim.Hold(ovosim.OpTopUp)
	defer held.Release()
	a.Type("y")
	b.Type("y")
	arrived(t, held)
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(a.Screen(), "NOT SENT") && !strings.Contains(b.Screen(), "NOT SENT") {
		if time.Now().After(deadline) {
			t.Fatalf("neither session was refused while the other's top up was in flight:\n%s\n%s", a.Screen(), b.Screen())
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case <-held.Arrived():
		t.Fatal("both top ups reached OVO")
	default:
	}
	held.Release()
	results := map[string]int{}
	for _, c := range []*sshtest.Client{a, b} {
		v := c.WaitUntil("a result", func(v string) bool {
			return strings.Contains(v, "SUCCESS") || strings.Contains(v, "NOT SENT")
		})
		if strings.Contains(v, "SUCCESS") {
			results["success"]++
		} else {
			results["refused"]++
			if !strings.Contains(v, "Rp50.000 needed, Rp10.000 available") && !strings.Contains(v, "Rp50.000 needed, Rp0 available") {
				t.Errorf("the refusal does not say why:\n%s", v)
			}
		}
	}
	if results["success"] != 1 || results["refused"] != 1 {
		t.Fatalf("results %v", results)
	}
	txns := history(t, f)
	if len(txns) != 1 || txns[0].State != cashier.StateSuccess {
		t.Fatalf("ledger: %+v", txns)
	}
	if got := f.env.Sim.Deposit(); got != 10_000 {
		t.Fatalf("sandbox deposit %d, want 10000", got)
	}
	d, _ := f.env.Service.Deposit()
	if d.Reserved != 0 {
		t.Fatalf("deposit mirror after both: %+v", d)
	}
}

// A transaction made in one session shows in another's history (a
// supervisor's: a cashier sees only their own), and the other's header
// follows the deposit.
func TestHistoryAcrossSessions(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	f.writeKeys(sshtest.AuthorizedLine(key(t, "siti"), "siti"), sshtest.AuthorizedLine(key(t, "budi"), "Budi Kasir role=supervisor"))
	a := f.dial("siti", sshtest.Options{})
	b := f.dial("budi", sshtest.Options{})
	b.WaitFor("Cashier menu", "Rp50.000.000", "Supervisor: Budi Kasir") // the header names the key's role
	a.WaitFor("Cashier: siti")
	toCheckout(a, ovosim.NumberSiti, "100000")
	a.Key("y")
	a.WaitFor("SUCCESS", "Siti Rahayu")
	b.WaitFor("Rp49.900.000") // the header of the other session
	b.Key("5")
	v := b.WaitFor("Siti Rahayu", "Rp100.000")
	if !strings.Contains(v, ovosim.NumberSiti) && !strings.Contains(v, "R00000001") {
		t.Fatalf("history lacks the transaction:\n%s", v)
	}
}

// Shutdown during a top up: the session says it is finishing, the
// transaction is recorded in its final state, the operator is told, and
// Shutdown returns well within its deadline.
func TestShutdownDuringTopUp(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	c := f.dial("siti", sshtest.Options{})
	idle := f.dial("budi", sshtest.Options{})
	idle.WaitFor("Cashier menu")
	toCheckout(c, ovosim.NumberBudi, "50000")
	held := f.env.Sim.Hold(ovosim.OpTopUp) // the top up stays in flight until released
	defer held.Release()
	c.Key("y")
	c.WaitFor("PROCESSING")
	arrived(t, held)
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- f.srv.Shutdown(ctx) }()
	c.WaitFor("Finishing the transaction in flight")
	idle.WaitOutput("The cashier server is shutting down")
	// OVO has not answered: Shutdown waits for the transaction in flight.
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned (%v) with a top up in flight", err)
	case <-c.Ended():
		t.Fatal("the session with a top up in flight ended before OVO answered")
	default:
	}
	held.Release()
	if err := <-shut; err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if el := time.Since(start); el > 8*time.Second {
		t.Fatalf("Shutdown took %v", el)
	}
	txns := history(t, f)
	if len(txns) != 1 || txns[0].State != cashier.StateSuccess {
		t.Fatalf("ledger after shutdown: %+v", txns)
	}
	c.WaitOutput("Transactions in flight were recorded first")
	c.Wait(5 * time.Second)
	if err := <-f.served; !errors.Is(err, ssh.ErrServerClosed) {
		t.Fatalf("Serve returned %v", err)
	}
	if _, err := sshtest.DialErr(t, f.addr, key(t, "siti"), sshtest.Options{Timeout: 2 * time.Second}); err == nil {
		t.Fatal("a connection was accepted after Shutdown")
	}
	f.log.wait(t, "msg=disconnect", "operator=siti", `reason="server shutting down"`)
}

// The authorized keys file is re-read when it changes: a new key logs in, a
// removed one no longer does, a bad line is skipped and logged without
// locking anyone out, and a file that disappears keeps the last good set.
func TestAuthorizedKeysReload(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	if _, err := sshtest.DialErr(t, f.addr, key(t, "nina"), sshtest.Options{}); err == nil {
		t.Fatal("nina logged in before her key was added")
	}
	f.writeKeys(
		"# operators of Outlet SSH",
		sshtest.AuthorizedLine(key(t, "siti"), "siti"),
		"this is not a key",
		sshtest.AuthorizedLine(key(t, "nocomment"), ""),
		sshtest.AuthorizedLine(key(t, "nina"), "  Nina Kasir  "),
	)
	f.log.wait(t, `msg="authorized keys: line skipped"`, "line=3", `reason="not an OpenSSH public key line"`)
	f.log.wait(t, `msg="authorized keys: line skipped"`, "line=4", "no comment")
	f.log.wait(t, `msg="authorized keys loaded"`, "operators=2", "skipped_lines=2")
	c := f.dial("nina", sshtest.Options{})
	c.WaitFor("Cashier: Nina Kasir")
	f.dial("siti", sshtest.Options{}).WaitFor("Cashier: siti")
	if _, err := sshtest.DialErr(t, f.addr, key(t, "budi"), sshtest.Options{}); err == nil {
		t.Fatal("budi's removed key still logs in")
	}
	if _, err := sshtest.DialErr(t, f.addr, key(t, "nocomment"), sshtest.Options{}); err == nil {
		t.Fatal("a key without a name logs in")
	}
	if err := os.Remove(f.keysPath); err != nil {
		t.Fatal(err)
	}
	f.log.wait(t, `msg="authorized keys unreadable; keeping the last good set"`, "operators=2")
	f.dial("nina", sshtest.Options{}).WaitFor("Cashier: Nina Kasir")
}

// A session idle for IdleTimeout ends with a message; one with a
// transaction in flight does not end until it is recorded.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, func(c *Config) { c.IdleTimeout = time.Second })
	c := f.dial("siti", sshtest.Options{})
	c.WaitFor("Cashier menu")
	c.WaitOutput("no key was pressed for 1s")
	c.Wait(5 * time.Second)
	f.log.wait(t, "msg=disconnect", "operator=siti", `reason="idle timeout"`)

	// Keys keep a session alive; a transaction in flight too.
	c = f.dial("budi", sshtest.Options{})
	c.WaitFor("Cashier menu")
	c.Key("1")
	c.WaitFor("Customer's OVO phone number")
	c.Type(ovosim.NumberBudi)
	c.Key(sshtest.Enter)
	c.WaitFor("Type the amount")
	for _, r := range "50000" {
		c.Key(string(r))
	}
	c.Key(sshtest.Enter)
	c.WaitFor("Yes, send it now")
	held := f.env.Sim.Hold(ovosim.OpTopUp) // the top up stays in flight until released
	defer held.Release()
	c.Key("y")
	c.WaitFor("PROCESSING")
	arrived(t, held)
	// A witness session opened after budi's last key idles out: by then
	// budi's session has had no key for more than the idle timeout too.
	w := f.dial("siti", sshtest.Options{})
	w.WaitFor("Cashier menu")
	w.WaitOutput("no key was pressed for 1s")
	stillOpen(t, c, "Finishing the transaction in flight")
	held.Release()
	c.WaitFor("SUCCESS")
	if strings.Contains(c.Output(), "no key was pressed") {
		t.Fatal("the session idled out with a transaction in flight")
	}
	txns := history(t, f)
	if len(txns) != 1 || txns[0].State != cashier.StateSuccess || txns[0].Operator != "Budi Kasir" {
		t.Fatalf("ledger: %+v", txns)
	}
	// and idles out after, a whole idle timeout after the transaction ended
	ended := time.Now()
	c.WaitOutput("no key was pressed")
	if d := time.Since(ended); d < 800*time.Millisecond {
		t.Fatalf("idled out %v after the transaction ended; want about the idle timeout (1s)", d)
	}
}

// Beyond MaxSessions a session is refused with a message.
func TestMaxSessions(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, func(c *Config) { c.MaxSessions = 1 })
	a := f.dial("siti", sshtest.Options{})
	a.WaitFor("Cashier menu")
	b := f.dial("budi", sshtest.Options{})
	b.WaitOutput("the server is full (session limit: 1)")
	if st := sshtest.ExitStatus(b.Wait(5 * time.Second)); st != 1 {
		t.Fatalf("exit status %d", st)
	}
	f.log.wait(t, "msg=refused", `reason="too many sessions"`, `operator="Budi Kasir"`)
	a.Key("q")
	a.Wait(5 * time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for f.srv.Sessions() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	f.dial("budi", sshtest.Options{}).WaitFor("Cashier: Budi Kasir")
}

// One address may open ConnsPerMinute connections, then it is cut off
// before the handshake.
func TestConnectionRateLimit(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, func(c *Config) { c.ConnsPerMinute = 3 })
	banner := func() (string, error) {
		conn, err := net.DialTimeout("tcp", f.addr, 2*time.Second)
		if err != nil {
			return "", err
		}
		defer conn.Close()
		conn.SetDeadline(time.Now().Add(2 * time.Second))
		return bufio.NewReader(conn).ReadString('\n')
	}
	for i := range 3 {
		if b, err := banner(); err != nil || !strings.HasPrefix(b, "SSH-2.0-ovocashier") {
			t.Fatalf("connection %d: %q %v", i+1, b, err)
		}
	}
	if b, err := banner(); err == nil {
		t.Fatalf("the 4th connection in a minute got %q", b)
	}
	f.log.wait(t, "msg=refused", `reason="too many connections from this address"`, "remote=127.0.0.1:")
}

// A connection that does not get to a session within HandshakeTimeout is
// closed.
func TestHandshakeDeadline(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, func(c *Config) { c.HandshakeTimeout = time.Second })
	conn, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	_, err = io.Copy(io.Discard, conn) // the banner, then nothing until closed
	if err != nil {
		t.Fatalf("the connection was not closed by the server: %v", err)
	}
	if el := time.Since(start); el < 900*time.Millisecond || el > 4*time.Second {
		t.Fatalf("closed after %v, want about 1s", el)
	}
	f.log.wait(t, "msg=refused", `reason="handshake deadline"`)
	// A real login is well within it.
	f.dial("siti", sshtest.Options{}).WaitFor("Cashier menu")
}

// panicky panics on "!" (in Update) to show a panic ends one session only.
type panicky struct{ tea.Model }

func (p panicky) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "!" {
		panic("boom in Update")
	}
	m, cmd := p.Model.Update(msg)
	return panicky{m}, cmd
}

// Panics in a session, in the model or in the handler, are recovered and
// logged; the server and the other sessions go on.
func TestPanicRecovered(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, func(c *Config) {
		c.newModel = func(o tui.Options) tea.Model {
			if o.Operator == "nina" {
				panic("boom in the handler")
			}
			return panicky{tui.New(o)}
		}
	})
	f.writeKeys(sshtest.AuthorizedLine(key(t, "siti"), "siti"), sshtest.AuthorizedLine(key(t, "budi"), "Budi Kasir"),
		sshtest.AuthorizedLine(key(t, "nina"), "nina"))
	f.log.wait(t, `msg="authorized keys loaded"`, "operators=3")
	other := f.dial("budi", sshtest.Options{})
	other.WaitFor("Cashier menu")

	c := f.dial("siti", sshtest.Options{})
	c.WaitFor("Cashier menu")
	c.Key("!")
	c.WaitOutput("an internal error ended this session")
	if st := sshtest.ExitStatus(c.Wait(5 * time.Second)); st != 1 {
		t.Fatalf("exit status %d", st)
	}
	f.log.wait(t, "level=ERROR", `msg="panic in a session recovered"`, "operator=siti")

	n := f.dial("nina", sshtest.Options{})
	n.WaitOutput("an internal error ended this session")
	n.Wait(5 * time.Second)
	f.log.wait(t, "level=ERROR", `msg="panic in a session recovered"`, `panic="boom in the handler"`, "stack=")

	other.Key("4")
	other.WaitFor("Read from OVO")
	f.dial("budi", sshtest.Options{}).WaitFor("Cashier menu")
}

// The host key is made once (0600, directory 0700) and the same key is
// served after a restart.
func TestHostKeyCreatedOnceAndReused(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	path := f.srv.cfg.HostKeyPath
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v", fi.Mode().Perm())
	}
	if di, _ := os.Stat(path[:strings.LastIndex(path, "/")]); di.Mode().Perm() != 0o700 {
		t.Fatalf("host key directory mode %v", di.Mode().Perm())
	}
	first := f.dial("siti", sshtest.Options{})
	first.WaitFor("Cashier menu")
	fp := gossh.FingerprintSHA256(first.HostKey())
	if fp != gossh.FingerprintSHA256(f.srv.HostPublicKey()) {
		t.Fatal("the client saw another host key")
	}
	f.log.wait(t, `msg="host key created"`, "fingerprint="+fp)

	// A restart on the same path: the same key, even when the file was
	// loosened meanwhile (made 0600 again).
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	g := serve(t, testenv.Options{}, func(c *Config) { c.HostKeyPath = path })
	second := g.dial("siti", sshtest.Options{})
	second.WaitFor("Cashier menu")
	if got := gossh.FingerprintSHA256(second.HostKey()); got != fp {
		t.Fatalf("host key changed across restarts: %s then %s", fp, got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode after restart %v", fi.Mode().Perm())
	}
	g.log.wait(t, `msg="host key was readable by others; made 0600"`)
	if strings.Contains(g.log.String(), "host key created") {
		t.Fatal("a second host key was made")
	}
	if _, err := os.Stat(path + ".pub"); err != nil {
		t.Fatalf("no public host key beside the private one: %v", err)
	}
}
