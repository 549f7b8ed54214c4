package sshserver

import (
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/ovoclient/ovosim"
	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

// rawConn is an authenticated SSH connection without a session.
func rawConn(t *testing.T, f *fixture, name string) *gossh.Client {
	t.Helper()
	c, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: "cashier", Auth: []gossh.AuthMethod{gossh.PublicKeys(key(t, name))},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// One connection cannot open more than MaxSessionsPerConn sessions (40
// channels once took every session slot of the server).
func TestSessionsPerConnection(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	c := rawConn(t, f, "siti")
	var open []*gossh.Session
	for i := range DefaultMaxSessionsPerConn {
		s, err := c.NewSession()
		if err != nil {
			t.Fatalf("session %d: %v", i+1, err)
		}
		open = append(open, s)
	}
	if _, err := c.NewSession(); err == nil || !strings.Contains(err.Error(), "too many sessions on this connection") {
		t.Fatalf("session %d on one connection: %v", DefaultMaxSessionsPerConn+1, err)
	}
	f.log.wait(t, "msg=refused", `reason="too many sessions on one connection"`, "fingerprint=SHA256:")
	open[0].Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s, err := c.NewSession()
		if err == nil {
			s.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a closed session's slot never came back: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// One operator cannot hold more than MaxSessionsPerOperator sessions, over
// any number of connections.
func TestSessionsPerOperator(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, func(c *Config) { c.MaxSessionsPerOperator = 2 })
	for range 2 {
		f.dial("budi", sshtest.Options{}).WaitFor("Cashier menu")
	}
	third := f.dial("budi", sshtest.Options{})
	third.WaitOutput("this operator already has 2 sessions open")
	if st := sshtest.ExitStatus(third.Wait(5 * time.Second)); st != 1 {
		t.Fatalf("exit status %d", st)
	}
	f.log.wait(t, "msg=refused", `reason="too many sessions for this operator"`, `operator="Budi Kasir"`)
	f.dial("siti", sshtest.Options{}).WaitFor("Cashier menu", "Cashier: siti") // another operator is not affected
}

// Connections open at once are capped for all addresses together, and a
// refusal is logged.
func TestMaxConnections(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, func(c *Config) { c.MaxConnections = 2 })
	var held []net.Conn
	for range 2 {
		conn, err := net.Dial("tcp", f.addr)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, conn)
		// The banner: the server counts this connection now.
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		if _, err := conn.Read(make([]byte, 64)); err != nil {
			t.Fatal(err)
		}
	}
	conn, err := net.Dial("tcp", f.addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if n, err := conn.Read(make([]byte, 64)); err == nil {
		t.Fatalf("a third connection got %d bytes", n)
	}
	conn.Close()
	f.log.wait(t, "msg=refused", `reason="too many connections open"`, "limit=2")
	for _, c := range held {
		c.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if _, err := sshtest.DialErr(t, f.addr, key(t, "siti"), sshtest.Options{Timeout: 2 * time.Second}); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the slots never came back")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A key removed from the authorized keys ends that operator's open
// sessions within seconds; a transaction in flight is recorded (and its
// session says it is finishing) first, and nothing new starts.
func TestRemovedKeyEndsSessions(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	busy := f.dial("budi", sshtest.Options{})
	idle := f.dial("budi", sshtest.Options{})
	other := f.dial("siti", sshtest.Options{})
	idle.WaitFor("Cashier menu")
	other.WaitFor("Cashier menu")
	toCheckout(busy, ovosim.NumberBudi, "50000")
	held := f.env.Sim.Hold(ovosim.OpTopUp) // the top up stays in flight until released
	defer held.Release()
	busy.Key("y")
	busy.WaitFor("PROCESSING")
	arrived(t, held)
	removed := time.Now()
	f.writeKeys(sshtest.AuthorizedLine(key(t, "siti"), "siti"))

	idle.WaitOutput("this key was removed from the authorized keys")
	if el := time.Since(removed); el > 5*time.Second {
		t.Fatalf("the idle session ended %v after the key was removed", el)
	}
	busy.WaitFor("Finishing the transaction in flight")
	// OVO has not answered: the busy session is still open and not yet told
	// it ended.
	stillOpen(t, busy, "this key was removed from the authorized keys")
	held.Release()
	busy.WaitOutput("this key was removed from the authorized keys")
	busy.Wait(5 * time.Second)
	idle.Wait(5 * time.Second)
	txns := history(t, f)
	if len(txns) != 1 || txns[0].State != cashier.StateSuccess || txns[0].Operator != "Budi Kasir" {
		t.Fatalf("ledger: %+v", txns)
	}
	f.log.wait(t, "msg=disconnect", `operator="Budi Kasir"`, `reason="key removed from the authorized keys"`)
	other.Key("4")
	other.WaitFor("Merchant deposit")
	if n := f.srv.Sessions(); n != 1 {
		t.Fatalf("%d sessions left, want siti's", n)
	}
}

// Everything but a terminal session is refused, each refusal logged with
// its reason and the client's strings cut short.
func TestRefusedRequestsLogged(t *testing.T) {
	t.Parallel()
	f := serve(t, testenv.Options{}, nil)
	long := strings.Repeat("x", 20_000)

	c := rawConn(t, f, "siti")
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestSubsystem("sftp"); err == nil {
		t.Fatal("sftp was served")
	}
	f.log.wait(t, "msg=refused", `reason="subsystem not served (no sftp, no scp)"`, "subsystem=sftp", "operator=", "fingerprint=SHA256:")
	s.Close()

	s, _ = c.NewSession()
	if err := agent.RequestAgentForwarding(s); err == nil {
		t.Fatal("agent forwarding was accepted")
	}
	f.log.wait(t, "msg=refused", `reason="agent forwarding is not served"`)
	if err := s.Setenv("HUGE", long); err == nil {
		t.Fatal("a 20,000-byte variable was accepted")
	}
	f.log.wait(t, "msg=refused", `reason="environment variable too long"`, "name=HUGE")
	s.Close()

	if ok, _, err := c.SendRequest("tcpip-forward", true, gossh.Marshal(struct {
		Addr string
		Port uint32
	}{"127.0.0.1", 0})); ok || err != nil {
		t.Fatalf("remote forwarding: %v %v", ok, err)
	}
	f.log.wait(t, "msg=refused", `reason="port forwarding is not served"`, "type=tcpip-forward")
	if _, err := c.Dial("tcp", "127.0.0.1:9"); err == nil {
		t.Fatal("local forwarding was served")
	}
	f.log.wait(t, "msg=refused", `reason="port forwarding is not served"`, "type=direct-tcpip")

	// A command and a TERM of 20,000 characters are logged cut short.
	cmd := f.dial("budi", sshtest.Options{Command: "history " + long})
	cmd.WaitOutput("there are no commands here")
	line := f.log.wait(t, "msg=refused", `reason="a command was given"`, "command=")
	if len(line) > 1000 || !strings.Contains(line, "bytes)") {
		t.Fatalf("the command was not cut short (%d bytes): %.300s", len(line), line)
	}
	term := f.dial("siti", sshtest.Options{Term: "xterm-" + long})
	term.WaitFor("Cashier menu")
	line = f.log.wait(t, "msg=connect", "operator=siti", `term="xterm-xxx`)
	if len(line) > 1000 {
		t.Fatalf("the TERM was logged whole (%d bytes)", len(line))
	}
	for _, l := range strings.Split(f.log.String(), "\n") {
		if len(l) > 1000 {
			t.Fatalf("a log line of %d bytes: %.200s", len(l), l)
		}
	}
}
