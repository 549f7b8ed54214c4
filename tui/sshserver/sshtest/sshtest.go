// Package sshtest is an SSH terminal for tests of the cashier's SSH server:
// it logs in with a key (golang.org/x/crypto/ssh), asks for a PTY, answers
// the terminal queries a real terminal answers (background colour, device
// attributes), keeps the screen with a small VT emulator, and types keys.
// Only tests import it.
package sshtest

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"
)

// Keys typed by Client.Key.
const (
	Enter     = "\r"
	Esc       = "\x1b"
	Backspace = "\x7f"
	CtrlC     = "\x03"
	Tab       = "\t"
	Down      = "\x1b[B"
	Up        = "\x1b[A"
)

// NewKey returns a new ed25519 key for a test operator.
func NewKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// AuthorizedLine is the authorized_keys line of signer with comment.
func AuthorizedLine(signer gossh.Signer, comment string) string {
	line := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(signer.PublicKey())))
	if comment != "" {
		line += " " + comment
	}
	return line
}

// Options shape a Client. Zero values: xterm-256color, 100×30, a PTY, an
// interactive shell, queries answered.
type Options struct {
	Term          string
	Width, Height int
	NoPTY         bool   // ask for no PTY (like ssh -T)
	Command       string // run a command instead of a shell
	Silent        bool   // never answer terminal queries (a "terminal" that is not one)
	Timeout       time.Duration
	User          string
	// PtySize, when set, is the width and height sent in the pty-req
	// instead of Width×Height (a hostile or broken client: 0×0,
	// 2147483647×2147483647); the screen kept is still Width×Height.
	PtySize *[2]int
}

// Client is one SSH session as a terminal.
type Client struct {
	t       testing.TB
	conn    *gossh.Client
	sess    *gossh.Session
	stdin   io.WriteCloser
	hostKey gossh.PublicKey
	opts    Options

	mu      sync.Mutex
	raw     bytes.Buffer // everything the server wrote, stdout and stderr
	w, h    int
	ended   chan struct{}
	exitErr error
}

// Dial logs in to addr with signer and starts the session; a failure ends
// the test.
func Dial(t testing.TB, addr string, signer gossh.Signer, o Options) *Client {
	t.Helper()
	c, err := DialErr(t, addr, signer, o)
	if err != nil {
		t.Fatalf("ssh %s: %v", addr, err)
	}
	return c
}

// DialErr is Dial that returns the error (a refused key, a closed server).
func DialErr(t testing.TB, addr string, signer gossh.Signer, o Options) (*Client, error) {
	t.Helper()
	if o.Term == "" {
		o.Term = "xterm-256color"
	}
	if o.Width == 0 {
		o.Width, o.Height = 100, 30
	}
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	if o.User == "" {
		o.User = "cashier"
	}
	c := &Client{t: t, opts: o, w: o.Width, h: o.Height, ended: make(chan struct{})}
	cfg := &gossh.ClientConfig{
		User: o.User,
		Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			c.hostKey = key
			return nil
		},
		Timeout: o.Timeout,
	}
	conn, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		return nil, err
	}
	c.conn = conn
	sess, err := conn.NewSession()
	if err != nil {
		conn.Close()
		return nil, err
	}
	c.sess = sess
	if !o.NoPTY {
		modes := gossh.TerminalModes{gossh.ECHO: 0, gossh.TTY_OP_ISPEED: 38400, gossh.TTY_OP_OSPEED: 38400}
		w, h := o.Width, o.Height
		if o.PtySize != nil {
			w, h = o.PtySize[0], o.PtySize[1]
		}
		if err := sess.RequestPty(o.Term, h, w, modes); err != nil {
			conn.Close()
			return nil, fmt.Errorf("pty: %w", err)
		}
	}
	if c.stdin, err = sess.StdinPipe(); err != nil {
		conn.Close()
		return nil, err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		conn.Close()
		return nil, err
	}
	errOut, err := sess.StderrPipe()
	if err != nil {
		conn.Close()
		return nil, err
	}
	if o.Command != "" {
		err = sess.Start(o.Command)
	} else {
		err = sess.Shell()
	}
	if err != nil {
		conn.Close()
		return nil, err
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); c.pump(out, true) }()
	go func() { defer wg.Done(); c.pump(errOut, false) }()
	go func() {
		wg.Wait()
		err := sess.Wait()
		c.mu.Lock()
		c.exitErr = err
		c.mu.Unlock()
		close(c.ended)
	}()
	t.Cleanup(c.Close)
	return c, nil
}

// pump keeps what the server writes and, on stdout, answers the queries a
// terminal answers.
func (c *Client) pump(r io.Reader, answer bool) {
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			c.mu.Lock()
			c.raw.Write(buf[:n])
			c.mu.Unlock()
			if answer && !c.opts.Silent {
				c.answer(buf[:n])
			}
		}
		if err != nil {
			return
		}
	}
}

// answer replies to OSC 11 (background colour) and DA1 like xterm.
func (c *Client) answer(b []byte) {
	var reply string
	if bytes.Contains(b, []byte("\x1b]11;?")) {
		reply += "\x1b]11;rgb:0000/0000/0000\x1b\\"
	}
	if bytes.Contains(b, []byte("\x1b[c")) || bytes.Contains(b, []byte("\x1b[0c")) {
		reply += "\x1b[?62;22c"
	}
	if reply != "" {
		io.WriteString(c.stdin, reply)
	}
}

// HostKey is the server's host key as seen at login.
func (c *Client) HostKey() gossh.PublicKey { return c.hostKey }

// Screen is what the terminal shows now.
func (c *Client) Screen() string {
	c.mu.Lock()
	data := append([]byte(nil), c.raw.Bytes()...)
	w, h := c.w, c.h
	c.mu.Unlock()
	s := newScreen(c.opts.Width, c.opts.Height)
	// Replay with the size changes at the points they happened would need
	// their offsets; the renderer repaints fully after a resize, so the final
	// size is enough.
	s.resize(w, h)
	s.feed(data)
	return s.text()
}

// Output is everything the server wrote so far, escape sequences removed.
func (c *Client) Output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return ansi.Strip(c.raw.String())
}

// WaitFor waits until the screen shows every one of texts and returns it;
// after 15 s it fails the test with the last screen.
func (c *Client) WaitFor(texts ...string) string {
	c.t.Helper()
	return c.WaitUntil(fmt.Sprintf("%q", texts), func(v string) bool {
		for _, x := range texts {
			if !strings.Contains(v, x) {
				return false
			}
		}
		return true
	})
}

// WaitUntil waits until ok holds for the screen; what names it in the failure.
func (c *Client) WaitUntil(what string, ok func(screen string) bool) string {
	c.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		v := c.Screen()
		if ok(v) {
			return v
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("screen never showed %s; last screen:\n%s\n(output: %q)", what, v, tail(c.Output(), 600))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// WaitOutput waits until the stripped output holds text (texts printed
// outside the alternate screen, or to stderr).
func (c *Client) WaitOutput(text string) string {
	c.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		out := c.Output()
		if strings.Contains(out, text) {
			return out
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("output never held %q; output:\n%s", text, tail(out, 2000))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// Type sends text as typed (one write).
func (c *Client) Type(text string) {
	c.t.Helper()
	if _, err := io.WriteString(c.stdin, text); err != nil {
		c.t.Fatalf("typing %q: %v", text, err)
	}
}

// Key sends one key (Enter, Esc, … or a character) and pauses a moment, so
// that the next key arrives as a key of its own.
func (c *Client) Key(k string) {
	c.t.Helper()
	c.Type(k)
	time.Sleep(30 * time.Millisecond)
}

// Resize tells the server the window changed.
func (c *Client) Resize(w, h int) {
	c.t.Helper()
	c.mu.Lock()
	c.w, c.h = w, h
	c.mu.Unlock()
	if err := c.sess.WindowChange(h, w); err != nil {
		c.t.Fatalf("window change: %v", err)
	}
}

// WindowChangeRaw sends a window change of w×h as a client may (any
// size, 0×0 included) without changing the screen kept.
func (c *Client) WindowChangeRaw(w, h int) {
	c.t.Helper()
	if err := c.sess.WindowChange(h, w); err != nil {
		c.t.Fatalf("window change: %v", err)
	}
}

// OutputBytes is how many bytes the server wrote so far.
func (c *Client) OutputBytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.raw.Len()
}

// Ended is closed when the session has ended.
func (c *Client) Ended() <-chan struct{} { return c.ended }

// Wait waits up to d for the session to end and returns how it ended (nil
// for exit status 0, an *ssh.ExitError otherwise); it fails the test if the
// session is still running.
func (c *Client) Wait(d time.Duration) error {
	c.t.Helper()
	select {
	case <-c.ended:
	case <-time.After(d):
		c.t.Fatalf("the session did not end within %v; screen:\n%s", d, c.Screen())
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.exitErr
}

// ExitStatus is the session's exit status once ended (-1 without one).
func ExitStatus(err error) int {
	if err == nil {
		return 0
	}
	var ee *gossh.ExitError
	if errors.As(err, &ee) {
		return ee.ExitStatus()
	}
	return -1
}

// Close ends the session and the connection.
func (c *Client) Close() {
	if c.sess != nil {
		c.sess.Close()
	}
	if c.conn != nil {
		c.conn.Close()
	}
}
