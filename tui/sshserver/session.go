package sshserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
	"github.com/ovocashier/ovocashier/tui"
)

// queryTimeout bounds the terminal queries made while the session's
// theme is chosen (background colour, device attributes). A real terminal
// answers in milliseconds; a client that never answers (a script, a
// terminal-less ssh -tt) must not hold the session, and the keys typed
// meanwhile must reach the cashier (askDark gives them back).
const queryTimeout = 750 * time.Millisecond

// session is one cashier session: who, from where, and how to end it.
type session struct {
	op     Operator
	key    string // the wire form of the key it logged in with
	remote string
	start  time.Time
	ctx    context.Context
	cancel context.CancelCauseFunc

	mu     sync.Mutex
	prog   *tea.Program
	killed bool
}

func (st *session) setProgram(p *tea.Program) {
	st.mu.Lock()
	st.prog = p
	killed := st.killed
	st.mu.Unlock()
	if killed {
		p.Kill()
	}
}

// kill stops the session's program at once (the shutdown deadline passed).
func (st *session) kill() {
	st.mu.Lock()
	st.killed = true
	p := st.prog
	st.mu.Unlock()
	st.cancel(errShutdown)
	if p != nil {
		p.Kill()
	}
}

// opSession is an SSH session with the operator its key names and, once
// admitted, its cashier session.
type opSession struct {
	ssh.Session
	op  Operator
	key string // wire form
	st  *session
}

// recover is the outermost middleware: a panic in one session is logged
// with its stack and ends that session only.
func (s *Server) recover(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("panic in a session recovered", "panic", fmt.Sprint(r), "remote", sess.RemoteAddr().String(),
					"stack", string(debug.Stack()))
				fmt.Fprint(sess.Stderr(), s.text().panicked)
				sess.Exit(1)
			}
		}()
		next(sess)
	}
}

// identify names the operator from the key the connection authenticated
// with, looked up again in the authorized set (a key removed since the
// login is refused).
func (s *Server) identify(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if st := connStateOf(sess.Context()); st != nil {
			st.established.Store(true)
		}
		var op Operator
		var wire string
		ok := false
		if pk := sess.PublicKey(); pk != nil {
			op, ok = s.keys.lookup(pk)
			wire = string(pk.Marshal())
		}
		if !ok {
			fp := ""
			if pk := sess.PublicKey(); pk != nil {
				fp = gossh.FingerprintSHA256(pk)
			}
			s.log.Warn("refused", "reason", "key no longer authorized", "remote", sess.RemoteAddr().String(), "fingerprint", fp)
			fmt.Fprint(sess.Stderr(), s.text().keyGone)
			sess.Exit(1)
			return
		}
		next(&opSession{Session: sess, op: op, key: wire})
	}
}

// requireTerminal refuses, with a message saying how to connect, a session
// without a PTY or with a command: there is only the cashier screen here.
func (s *Server) requireTerminal(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		sn := sess.(*opSession)
		port := portOf(sess.LocalAddr())
		refuse := func(reason, msg string) {
			s.log.Warn("refused", "reason", reason, "operator", sn.op.Name, "fingerprint", sn.op.Fingerprint,
				"remote", sess.RemoteAddr().String(), "user", untrusted(sess.User()), "command", untrusted(sess.RawCommand()))
			fmt.Fprintf(sess.Stderr(), msg, port)
			sess.Exit(1)
		}
		if sess.RawCommand() != "" && s.cfg.Exec != nil {
			next(sess) // a command: admitted like a session, run by cashier
			return
		}
		if sess.RawCommand() != "" {
			refuse("a command was given", s.text().command)
			return
		}
		if _, _, ok := sess.Pty(); !ok {
			refuse("no terminal (PTY) requested", s.text().noPTY)
			return
		}
		next(sess)
	}
}

// admit applies the session limit and the shutdown, registers the session
// and logs its connect and disconnect.
func (s *Server) admit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		sn := sess.(*opSession)
		ctx, cancel := context.WithCancelCause(sess.Context())
		defer cancel(errQuit)
		st := &session{op: sn.op, key: sn.key, remote: sess.RemoteAddr().String(), start: time.Now(), ctx: ctx, cancel: cancel}
		n, refusal := s.register(st)
		if refusal != "" {
			s.log.Warn("refused", "reason", refusal, "operator", sn.op.Name, "fingerprint", sn.op.Fingerprint,
				"remote", st.remote, "sessions", n)
			switch refusal {
			case refusedClosing:
				fmt.Fprint(sess.Stderr(), s.text().closing)
			case refusedOperatorFull:
				fmt.Fprintf(sess.Stderr(), s.text().opFull, s.cfg.MaxSessionsPerOperator)
			default:
				fmt.Fprintf(sess.Stderr(), s.text().full, s.cfg.MaxSessions)
			}
			sess.Exit(1)
			return
		}
		defer s.unregister(st)
		pty, _, _ := sess.Pty()
		s.log.Info("connect", "operator", sn.op.Name, "fingerprint", sn.op.Fingerprint, "remote", st.remote,
			"user", untrusted(sess.User()), "term", untrusted(pty.Term), "width", pty.Window.Width, "height", pty.Window.Height, "sessions", n)
		sn.st = st
		next(sn)
		reason := "quit"
		switch cause := context.Cause(ctx); {
		case cause == nil || errors.Is(cause, errQuit):
		case errors.Is(cause, errIdle), errors.Is(cause, errShutdown), errors.Is(cause, errRevoked):
			reason = cause.Error()
		default:
			reason = "connection closed"
		}
		s.log.Info("disconnect", "operator", sn.op.Name, "fingerprint", sn.op.Fingerprint, "remote", st.remote,
			"duration", time.Since(st.start).Round(time.Millisecond).String(), "reason", reason)
	}
}

// Why register refuses a session.
const (
	refusedClosing      = "server shutting down"
	refusedFull         = "too many sessions"
	refusedOperatorFull = "too many sessions for this operator"
)

func (s *Server) register(st *session) (int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return len(s.sessions), refusedClosing
	}
	if len(s.sessions) >= s.cfg.MaxSessions {
		return len(s.sessions), refusedFull
	}
	mine := 0
	for o := range s.sessions {
		if o.op.Name == st.op.Name {
			mine++
		}
	}
	if mine >= s.cfg.MaxSessionsPerOperator {
		return len(s.sessions), refusedOperatorFull
	}
	s.sessions[st] = struct{}{}
	return len(s.sessions), ""
}

// endRevoked ends the sessions whose key is no longer in the authorized
// set (or now names another operator), after the file was re-read. Each
// quits like at shutdown: a transaction in flight is recorded (and shown)
// first; no key is taken meanwhile.
func (s *Server) endRevoked() {
	s.mu.Lock()
	var gone []*session
	for st := range s.sessions {
		if !s.keys.authorized(st.key, st.op.Name) && st.ctx.Err() == nil {
			gone = append(gone, st)
		}
	}
	s.mu.Unlock()
	for _, st := range gone {
		s.log.Warn("ending a session: its key was removed from the authorized keys", "operator", st.op.Name,
			"fingerprint", st.op.Fingerprint, "remote", st.remote)
		st.cancel(errRevoked)
	}
}

func (s *Server) unregister(st *session) {
	s.mu.Lock()
	delete(s.sessions, st)
	s.idle.Broadcast()
	s.mu.Unlock()
}

// cashier runs the cashier TUI for an admitted session until the operator
// quits, the session idles out, the connection ends or the server shuts
// down; a transaction in flight is always recorded before it quits.
func (s *Server) cashier(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if sn := sess.(*opSession); sess.RawCommand() != "" {
			s.log.Info("command", "operator", sn.op.Name, "role", sn.op.Role, "fingerprint", sn.op.Fingerprint,
				"remote", sn.st.remote, "command", sess.Command())
			// the key's operator, role and fingerprint, and the session's
			// standard input (batch load -, approve --signature -)
			code := s.cfg.Exec(sn.st.ctx, sn.op, sess.Command(), sess, sess, sess.Stderr())
			// The slot is free before the client hears the exit status: a
			// script running commands one after another under
			// --max-sessions is never refused by the one that just ended.
			s.unregister(sn.st)
			sess.Exit(code)
		} else {
			s.run(sn)
		}
		next(sess)
	}
}

func (s *Server) run(sess *opSession) {
	st := sess.st
	_, winch, _ := sess.Pty()
	in := newInput(sess.Session)
	defer in.close()
	sio := &sessionIO{Session: sess, in: in}

	// The session's theme: its colour profile from the client's TERM, its
	// background from the terminal's answer (bounded: see queryTimeout);
	// shared with every session of the same kind of terminal.
	theme := sessionTheme(sess, in, time.Now().Add(queryTimeout))
	in.handOff() // no more deadlines: the cashier's reads take the session's input directly

	o := s.cfg.Session
	o.Operator, o.Theme, o.Context, o.SSH = st.op.Name, theme, st.ctx, true
	o.Role, o.From = cashier.Role(st.op.Role), "ssh "+st.op.Fingerprint
	if o.Service != nil { // the audit trail: who logged in, with which key
		o.Service.Audit(cashier.Actor{Name: o.Operator, Role: o.Role, From: o.From}, "login", "", 0, "ssh session")
	}
	m := s.cfg.newModel(o)
	if c, ok := m.(interface{ Close() }); ok {
		defer c.Close()
	}
	pty, _, _ := sess.Pty()
	// The first size is the model's before any key (tracked.size): the
	// window the PTY request put first in winch is taken here, not sent.
	size := pty.Window
	select {
	case w, ok := <-winch:
		if ok {
			size = w
		}
	default:
	}
	fw := sessionFrameWriter(sess.Session, size.Width, size.Height)
	defer fw.close()
	var busy atomic.Int32
	var p *tea.Program
	cw, ch := tui.ClampSize(size.Width, size.Height)
	tr := &tracked{m: m, busy: &busy, idle: in.touch, kill: func() { p.Kill() }, frames: fw, packets: in.packets.Load,
		size: &tea.WindowSizeMsg{Width: cw, Height: ch},
		onPanic: func(where string, r any, stack []byte) {
			s.log.Error("panic in a session recovered", "where", where, "panic", fmt.Sprint(r), "operator", st.op.Name,
				"remote", st.remote, "stack", string(stack))
		}}
	p = tea.NewProgram(tr,
		tea.WithInput(sio), tea.WithOutput(sess),
		// The frames are drawn by fw, which sleeps while nothing changes
		// (Bubble Tea's renderer ticks 60 times a second per session).
		tea.WithoutRenderer(),
		// Signals are the server's, not a session's: SIGTERM reaches the
		// sessions through Shutdown.
		tea.WithoutSignalHandler())
	tr.send = p.Send
	defer tr.stop()
	st.setProgram(p)
	defer p.Kill() // after a panic below: never leave the program running

	done := make(chan struct{})
	go func() { // live resize
		for {
			select {
			case <-done:
				return
			case w, ok := <-winch:
				if !ok {
					return
				}
				in.touch()
				// The client says any size (0×0, 4294967295 columns…): the
				// session only ever sees a bounded one.
				cw, ch := tui.ClampSize(w.Width, w.Height)
				p.Send(tea.WindowSizeMsg{Width: cw, Height: ch})
			}
		}
	}()
	go func() { // a session told to end gets killAfter to finish its transaction
		select {
		case <-done:
			return
		case <-st.ctx.Done():
		}
		select {
		case <-done:
		case <-time.After(s.cfg.killAfter):
			s.log.Error("session did not end in time; killed", "operator", st.op.Name, "remote", st.remote, "after", s.cfg.killAfter)
			p.Kill()
		}
	}()
	stopIdle := s.watchIdle(st, in, &busy)

	_, err := p.Run()
	close(done)
	stopIdle()
	fw.close() // the terminal back to its main screen before any goodbye

	t := s.text()
	switch {
	case tr.panicked.Load() || errors.Is(err, tea.ErrProgramPanic):
		if !tr.panicked.Load() { // caught by Bubble Tea itself (a command of a sequence)
			s.log.Error("panic in a session recovered", "where", "program", "operator", st.op.Name, "remote", st.remote, "err", err)
		}
		fmt.Fprint(sess, "\n"+t.panicked)
		sess.Exit(1)
		return
	case errors.Is(err, tea.ErrProgramKilled):
		s.log.Warn("session killed", "operator", st.op.Name, "remote", st.remote)
	case err != nil:
		s.log.Warn("session ended with an error", "operator", st.op.Name, "remote", st.remote, "err", err)
	}
	switch cause := context.Cause(st.ctx); {
	case errors.Is(cause, errIdle):
		fmt.Fprintf(sess, "\n"+t.idle, humanDuration(s.cfg.IdleTimeout))
	case errors.Is(cause, errShutdown):
		fmt.Fprint(sess, "\n"+t.shutdown)
	case errors.Is(cause, errRevoked):
		fmt.Fprint(sess, "\n"+t.revoked)
	}
}

// tracked wraps the session's model: after every update it publishes how
// many of the session's transactions are in flight (the idle timeout never
// ends a session with one), and it recovers a panic of the model (Init,
// Update, View, or a command it returned) so that it is logged with its
// stack and ends this session only.
type tracked struct {
	m        tea.Model
	busy     *atomic.Int32
	idle     func() // restarts the idle clock: a transaction that ends counts as activity
	onPanic  func(where string, r any, stack []byte)
	kill     func()
	frames   *frameWriter // nil: the program's own renderer draws
	panicked atomic.Bool

	// size is the terminal's size at the start (nil: none), given to the
	// model in Init, before Bubble Tea reads the first key: a key that
	// reached the model before its first size was swallowed (a screen of
	// 0×0 is "too small" and takes no key), and typed ahead during the
	// terminal query it did, a few sessions in a hundred.
	size *tea.WindowSizeMsg

	// Drawing is paced (pacer: a small burst at once, then at most
	// frameRate a second): Bubble Tea asks for a View after every
	// message, and keys arrive in bursts (a dozen key messages typed in
	// one packet). A message that finds the bucket empty is drawn, with
	// whatever followed it, when a frameDue message (sent by a timer
	// through send) comes back.
	send      func(tea.Msg) // nil: draw after every message
	pace      pacer
	packets   func() uint64 // packets of input read so far (nil: none counted)
	credited  uint64        // packets already credited to pace
	drawSoon  bool          // a frameDue is on its way
	drawTimer *time.Timer
}

// frameDue asks tracked to draw the frame it held back.
type frameDue struct{}

// panicMsg carries a command's panic back to Update.
type panicMsg struct {
	where string
	r     any
	stack []byte
}

func (t *tracked) fail(where string, r any, stack []byte) {
	if t.panicked.CompareAndSwap(false, true) {
		t.onPanic(where, r, stack)
	}
}

func (t *tracked) Init() (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			t.fail("Init", r, debug.Stack())
			cmd = tea.Quit
		}
	}()
	cmd = t.m.Init()
	if t.size != nil {
		next, c := t.m.Update(*t.size)
		t.m, cmd = next, tea.Batch(cmd, c)
	}
	return t.guard(cmd)
}

func (t *tracked) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	if _, ok := msg.(frameDue); ok {
		t.drawSoon = false
		return t, nil // View, called next, draws
	}
	if pm, ok := msg.(panicMsg); ok {
		t.fail(pm.where, pm.r, pm.stack)
	}
	if t.panicked.Load() {
		return t, tea.Quit
	}
	defer func() {
		if r := recover(); r != nil {
			t.fail("Update", r, debug.Stack())
			model, cmd = t, tea.Quit
		}
	}()
	if ws, ok := msg.(tea.WindowSizeMsg); ok && t.frames != nil {
		t.frames.resize(ws.Width, ws.Height)
	}
	if _, ok := msg.(components.Reply); ok {
		// The answer to a call the operator's key made (the inquiry's
		// name, SUCCESS) is drawn as promptly as the key: paced like the
		// session's own events, a driver typing at machine speed found the
		// bucket empty at every SUCCESS (a frame gap, 16.7 ms, of its
		// 'y'→SUCCESS).
		t.pace.credit(1)
	}
	next, c := t.m.Update(msg)
	t.m = next
	if n := int32(inFlight(next)); t.busy.Swap(n) > 0 && n == 0 && t.idle != nil {
		t.idle()
	}
	return t, t.guard(c)
}

func (t *tracked) View() (v string) {
	if t.panicked.Load() {
		return ""
	}
	defer func() {
		if r := recover(); r != nil {
			t.fail("View", r, debug.Stack())
			v = ""
			go t.kill() // View cannot return a command; end the program from outside
		}
	}()
	if t.send != nil && t.frames != nil {
		if t.drawSoon {
			return "" // the frame is drawn when frameDue comes
		}
		if t.packets != nil {
			n := t.packets()
			t.pace.credit(n - t.credited)
			t.credited = n
		}
		if wait := t.pace.take(time.Now()); wait > 0 {
			t.drawSoon = true
			if t.drawTimer == nil {
				t.drawTimer = time.AfterFunc(wait, func() { t.send(frameDue{}) })
			} else {
				t.drawTimer.Reset(wait)
			}
			return ""
		}
	}
	v = t.m.View()
	if t.frames != nil {
		t.frames.set(v)
	}
	return v
}

// stop stops the pacing timer (the program has ended).
func (t *tracked) stop() {
	if t.drawTimer != nil {
		t.drawTimer.Stop()
	}
}

// guard wraps a command so that its panic comes back as a panicMsg (and so
// do the commands of a batch it returns).
func (t *tracked) guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() (msg tea.Msg) {
		defer func() {
			if r := recover(); r != nil {
				msg = panicMsg{where: "command", r: r, stack: debug.Stack()}
			}
		}()
		msg = cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			g := make(tea.BatchMsg, len(b))
			for i, c := range b {
				g[i] = t.guard(c)
			}
			return g
		}
		return msg
	}
}

func inFlight(m tea.Model) int {
	if f, ok := m.(tui.InFlighter); ok {
		return f.InFlight()
	}
	return 0
}

// watchIdle ends the session (cause errIdle) once no input came for
// IdleTimeout and nothing of the session is in flight. It costs one timer,
// re-armed only when it fires.
func (s *Server) watchIdle(st *session, in *input, busy *atomic.Int32) (stop func()) {
	d := s.cfg.IdleTimeout
	if d <= 0 {
		return func() {}
	}
	var mu sync.Mutex
	var t *time.Timer
	stopped := false
	var check func()
	check = func() {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		if busy.Load() > 0 {
			in.touch() // a transaction in flight counts as activity
		}
		if rem := d - time.Since(in.lastActivity()); rem > 0 {
			t = time.AfterFunc(rem, check)
			return
		}
		s.log.Info("idle timeout", "operator", st.op.Name, "remote", st.remote, "idle", d.String())
		st.cancel(errIdle)
	}
	mu.Lock()
	t = time.AfterFunc(d, check)
	mu.Unlock()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		t.Stop()
	}
}

// input reads the session's input in one goroutine and hands it to one
// reader at a time. Unlike the session itself, a read can be given a
// deadline without losing what arrives after it: the renderer's terminal
// query gives up at its deadline and the keys typed meanwhile reach the
// cashier. Once the query is over (handOff), the pump stops after the read
// it is in and Read reads the session itself: a key then costs no
// goroutine hand-off and no copy.
type input struct {
	r        io.Reader
	ch       chan []byte
	err      error // why ch was closed; written before the close
	closed   chan struct{}
	once     sync.Once
	deadline atomic.Int64  // UnixNano; 0: none
	last     atomic.Int64  // UnixNano of the last input (or activity)
	packets  atomic.Uint64 // reads that brought input (the frame pacer's credit)
	handoff  atomic.Bool   // the pump stops after its read in progress

	mu     sync.Mutex // one Read at a time
	rest   []byte
	direct bool   // the pump has stopped: Read reads r into buf
	buf    []byte // direct reads' buffer (rest points into it)
	derr   error  // the error of r's last direct read, returned once rest is read
}

// errHandOff closes ch when the pump stops for Read to read r itself.
var errHandOff = errors.New("input handed off to the reader")

// inputBuf is the size of one read of the session: a packet of input at
// most (a key is a byte or a few; a paste, more).
const inputBuf = 4096

func newInput(r io.Reader) *input {
	in := &input{r: r, ch: make(chan []byte), closed: make(chan struct{})}
	in.touch()
	go in.pump()
	return in
}

func (in *input) pump() {
	// One buffer read into, and each packet copied out at its size: a key
	// is a byte or a few, and 4 KiB a key was a typing session's largest
	// allocation.
	buf := make([]byte, inputBuf)
	for {
		n, err := in.r.Read(buf)
		if n > 0 {
			in.got()
			select {
			case in.ch <- bytes.Clone(buf[:n]):
			case <-in.closed:
				return
			}
		}
		if err == nil && in.handoff.Load() {
			err = errHandOff
		}
		if err != nil {
			in.err = err
			close(in.ch)
			return
		}
	}
}

// handOff ends the pump once its read in progress returns: from then on
// Read reads the session itself, and a deadline is no longer kept.
func (in *input) handOff() { in.handoff.Store(true) }

// got counts a read that brought input.
func (in *input) got() {
	in.touch()
	in.packets.Add(1)
}

// Read returns input as it comes, or os.ErrDeadlineExceeded once the
// deadline (if any) has passed, or io.EOF after close or the end of input.
// After the hand-off a Read blocked in the session is not ended by close
// (the session's end ends it).
func (in *input) Read(p []byte) (int, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for len(in.rest) == 0 {
		if in.direct {
			if err := in.readDirect(); err != nil {
				return 0, err
			}
			continue
		}
		var timeout <-chan time.Time
		if d := in.deadline.Load(); d != 0 {
			wait := time.Until(time.Unix(0, d))
			if wait <= 0 {
				return 0, os.ErrDeadlineExceeded
			}
			t := time.NewTimer(wait)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case b, ok := <-in.ch:
			if !ok {
				switch {
				case in.err == errHandOff:
					in.direct, in.buf = true, make([]byte, inputBuf)
					continue
				case in.err == nil:
					return 0, io.EOF
				}
				return 0, in.err
			}
			in.rest = b
		case <-timeout:
			return 0, os.ErrDeadlineExceeded
		case <-in.closed:
			return 0, io.EOF
		}
	}
	n := copy(p, in.rest)
	in.rest = in.rest[n:]
	return n, nil
}

// readDirect reads the session once into buf (one packet, as the pump
// did: the pacer's credit counts the same); rest is what it read. An error
// comes back once what came with it has been read.
func (in *input) readDirect() error {
	if in.derr != nil {
		return in.derr
	}
	select {
	case <-in.closed:
		return io.EOF
	default:
	}
	n, err := in.r.Read(in.buf)
	if n > 0 {
		in.got()
		in.rest, in.derr = in.buf[:n], err
		return nil
	}
	in.derr = err
	return err // nil: nothing read, read again
}

// unread gives b back: the next reads return it first.
func (in *input) unread(b []byte) {
	if len(b) == 0 {
		return
	}
	in.mu.Lock()
	in.rest = append(append([]byte(nil), b...), in.rest...)
	in.mu.Unlock()
}

func (in *input) setDeadline(t time.Time) {
	if t.IsZero() {
		in.deadline.Store(0)
		return
	}
	in.deadline.Store(t.UnixNano())
}

func (in *input) touch() { in.last.Store(time.Now().UnixNano()) }

func (in *input) lastActivity() time.Time { return time.Unix(0, in.last.Load()) }

func (in *input) close() { in.once.Do(func() { close(in.closed) }) }

// sessionIO is the session with its input read through an input.
type sessionIO struct {
	ssh.Session
	in *input
}

func (s *sessionIO) Read(p []byte) (int, error) { return s.in.Read(p) }

func portOf(a net.Addr) string {
	if a == nil {
		return "PORT"
	}
	_, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "PORT"
	}
	return port
}

func humanDuration(d time.Duration) string {
	if d >= time.Minute && d%time.Minute == 0 {
		return fmt.Sprintf("%d min", int(d/time.Minute))
	}
	return d.String()
}
