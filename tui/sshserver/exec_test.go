package sshserver

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/internal/testenv"
	"github.com/ovocashier/ovocashier/tui/sshserver/sshtest"
)

// holdDisconnect is a log handler that holds every "disconnect" record
// until release is closed (and drops the records): a server busy writing
// its log, frozen at the moment a session has ended but before it was
// counted out.
type holdDisconnect struct {
	release chan struct{}
	once    sync.Once
	held    chan struct{} // closed at the first held record
}

func (h *holdDisconnect) Enabled(context.Context, slog.Level) bool { return true }
func (h *holdDisconnect) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *holdDisconnect) WithGroup(string) slog.Handler            { return h }
func (h *holdDisconnect) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "disconnect" {
		h.once.Do(func() { close(h.held) })
		<-h.release
	}
	return nil
}

// runCommand runs one exec request as name and returns its exit status.
func runCommand(t *testing.T, f *fixture, name, cmd string) int {
	t.Helper()
	c, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: name, Auth: []gossh.AuthMethod{gossh.PublicKeys(key(t, name))},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	return sshtest.ExitStatus(s.Run(cmd))
}

// A command that has ended (its client has the exit status) no longer
// counts against --max-sessions: the next command of a script is admitted
// even while the server has not yet finished with the first (here: its
// disconnect log line is held). The client used to hear the exit status
// before the session was counted out, so under load a script's next
// command was refused with "too many sessions".
func TestEndedCommandFreesItsSlotBeforeItsExitStatus(t *testing.T) {
	h := &holdDisconnect{release: make(chan struct{}), held: make(chan struct{})}
	defer close(h.release)
	f := serve(t, testenv.Options{}, func(c *Config) {
		c.MaxSessions = 1
		c.Logger = slog.New(h)
		c.Exec = func(_ context.Context, _ Operator, args []string, _ io.Reader, stdout, _ io.Writer) int {
			io.WriteString(stdout, "ran\n")
			return 0
		}
	})
	if code := runCommand(t, f, "siti", "history"); code != 0 {
		t.Fatalf("the first command: exit %d", code)
	}
	select {
	case <-h.held: // the first session is between its exit status and its end
	case <-time.After(10 * time.Second):
		t.Fatal("the first session never logged its disconnect")
	}
	if code := runCommand(t, f, "siti", "history"); code != 0 {
		t.Errorf("the next command after the first ended, with --max-sessions 1: exit %d (refused as if the first still ran)", code)
	}
}
