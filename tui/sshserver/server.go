package sshserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"

	"github.com/ovocashier/ovocashier/tui"
)

// Defaults of Config.
const (
	DefaultMaxSessions = 32
	// DefaultMaxSessionsPerConn is enough for an OpenSSH client sharing
	// one connection between two windows (ControlMaster).
	DefaultMaxSessionsPerConn = 2
	// DefaultMaxSessionsPerOperator allows a person a second window, a
	// second machine and a stale session that has not yet noticed its
	// connection is gone.
	DefaultMaxSessionsPerOperator = 4
	// DefaultMaxConnections bounds the connections open at once, in the
	// handshake or not.
	DefaultMaxConnections   = 128
	DefaultIdleTimeout      = 15 * time.Minute
	DefaultHandshakeTimeout = 20 * time.Second
	DefaultConnsPerMinute   = 20
	DefaultReloadInterval   = 2 * time.Second
	// DefaultKillAfter bounds how long a session whose connection ended (or
	// that was told to end) may take to quit: it waits for its transaction
	// in flight, which the cashier bounds by its call timeout.
	DefaultKillAfter = 45 * time.Second
)

// Config configures a Server.
type Config struct {
	// Session is the template of every session's options. Service is
	// required; Outlet, EnvLabel, Sandbox, Production, Lang, ReceiptDir,
	// Static and Now are used as given. Operator (the key's comment),
	// Renderer (the session's own), Context (the session's) and SSH (true)
	// are set per session.
	Session tui.Options
	// HostKeyPath is the server's private host key, created on first run
	// (ed25519, mode 0600) and reused after. Required.
	HostKeyPath string
	// AuthorizedKeysPath is an OpenSSH authorized_keys file; each key's
	// comment is its operator's name. Required; re-read when it changes.
	AuthorizedKeysPath string
	// MaxSessions is the most sessions at once; more are refused with a
	// message. Default DefaultMaxSessions.
	MaxSessions int
	// MaxSessionsPerConn is the most session channels one connection may
	// have open at once; more are rejected when opened. Default
	// DefaultMaxSessionsPerConn.
	MaxSessionsPerConn int
	// MaxSessionsPerOperator is the most cashier sessions one operator (a
	// name in the authorized keys, whatever key or connection) may have at
	// once; more are refused with a message. Default
	// DefaultMaxSessionsPerOperator.
	MaxSessionsPerOperator int
	// MaxConnections is the most connections open at once, from all
	// addresses, in the handshake or not; more are closed before the
	// handshake, and logged (once a second with a count of the others).
	// Default DefaultMaxConnections.
	MaxConnections int
	// IdleTimeout ends a session when no key was pressed for this long and
	// no transaction of the session is in flight. Default
	// DefaultIdleTimeout; negative: never.
	IdleTimeout time.Duration
	// HandshakeTimeout bounds the time from accepting a connection to the
	// start of its session (key exchange, authentication, the PTY and shell
	// requests). Default DefaultHandshakeTimeout.
	HandshakeTimeout time.Duration
	// ConnsPerMinute is how many connections one remote address may open a
	// minute (a token bucket of that size, refilled over the minute); more
	// are closed before the handshake. Default DefaultConnsPerMinute;
	// negative: no limit.
	ConnsPerMinute int
	// ReloadInterval is how often the authorized keys file is checked for
	// changes (it is also checked at every login). Default
	// DefaultReloadInterval.
	ReloadInterval time.Duration
	// Logger receives the structured log: connections, refusals, reloads,
	// panics. Never key material or secrets. Nil: slog.Default().
	Logger *slog.Logger

	// Exec runs the command line of an exec request (`ssh -p PORT HOST
	// history --json`) for the operator the key names — with the key's role
	// and fingerprint (approvals are signed with the key) — with the
	// session's stdin (`batch load - < payouts.csv`, `approve --signature
	// -`), stdout and stderr, and returns its exit status. Such a session is
	// admitted like a cashier session (MaxSessions, the shutdown); ctx ends
	// with it. Nil: exec requests are refused with a message (there is only
	// the cashier screen).
	Exec func(ctx context.Context, op Operator, args []string, stdin io.Reader, stdout, stderr io.Writer) int

	// newModel builds a session's model (tests inject faults); nil: tui.New.
	newModel func(tui.Options) tea.Model
	// killAfter overrides DefaultKillAfter (tests).
	killAfter time.Duration
}

// Server serves the cashier TUI over SSH: one process, one cashier.Service,
// a session per operator. Build it with New, run it with Serve, stop it with
// Shutdown.
type Server struct {
	cfg     Config
	log     *slog.Logger
	srv     *ssh.Server
	keys    *keyring
	limiter *rateLimiter
	hostKey gossh.PublicKey
	feed    *tui.Feed // the service's events, for every session

	conns sync.Map // remote address → *connState
	open  atomic.Int32
	flood floodLog

	mu       sync.Mutex
	sessions map[*session]struct{}
	closing  bool
	idle     *sync.Cond // signalled when a session ends

	stopPoll chan struct{}
	stopOnce sync.Once
}

// Errors a session can end with (context.Cause of its context).
var (
	errIdle     = errors.New("idle timeout")
	errShutdown = errors.New("server shutting down")
	errQuit     = errors.New("the operator quit")
	errRevoked  = errors.New("key removed from the authorized keys")
)

// New checks cfg, makes sure the host key exists (creating it on first run)
// and reads the authorized keys. A missing or unreadable authorized keys
// file is an error here; later, while serving, it only keeps the last good
// set.
func New(cfg Config) (*Server, error) {
	if cfg.Session.Service == nil {
		return nil, errors.New("sshserver: Session.Service is required")
	}
	if cfg.AuthorizedKeysPath == "" {
		return nil, errors.New("sshserver: an authorized keys file is required")
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.MaxSessionsPerConn <= 0 {
		cfg.MaxSessionsPerConn = DefaultMaxSessionsPerConn
	}
	if cfg.MaxSessionsPerOperator <= 0 {
		cfg.MaxSessionsPerOperator = DefaultMaxSessionsPerOperator
	}
	if cfg.MaxConnections <= 0 {
		cfg.MaxConnections = DefaultMaxConnections
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.HandshakeTimeout <= 0 {
		cfg.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if cfg.ConnsPerMinute == 0 {
		cfg.ConnsPerMinute = DefaultConnsPerMinute
	}
	if cfg.ReloadInterval <= 0 {
		cfg.ReloadInterval = DefaultReloadInterval
	}
	if cfg.killAfter <= 0 {
		cfg.killAfter = DefaultKillAfter
	}
	if cfg.newModel == nil {
		cfg.newModel = func(o tui.Options) tea.Model { return tui.New(o) }
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	s := &Server{cfg: cfg, log: log, sessions: map[*session]struct{}{}, stopPoll: make(chan struct{})}

	s.idle = sync.NewCond(&s.mu)
	if cfg.ConnsPerMinute > 0 {
		s.limiter = newRateLimiter(cfg.ConnsPerMinute, nil)
	}

	signer, created, tightened, err := HostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s.hostKey = signer.PublicKey()
	switch {
	case created:
		log.Info("host key created", "path", cfg.HostKeyPath, "fingerprint", gossh.FingerprintSHA256(s.hostKey))
	case tightened:
		log.Warn("host key was readable by others; made 0600", "path", cfg.HostKeyPath)
	}
	if s.keys, err = newKeyring(cfg.AuthorizedKeysPath, log); err != nil {
		return nil, err
	}
	s.keys.onChange = s.endRevoked

	s.srv, err = wish.NewServer(
		wish.WithHostKeyPath(cfg.HostKeyPath),
		wish.WithVersion("ovocashier"),
		// Public keys only: with no password or keyboard-interactive
		// handler, those methods always fail.
		wish.WithPublicKeyAuth(s.authenticate),
		ssh.WrapConn(s.accept),
		// Middlewares run last to first: recover, identify, require a
		// terminal, admit (limits, log), then the cashier.
		wish.WithMiddleware(s.cashier, s.admit, s.requireTerminal, s.identify, s.recover),
	)
	if err != nil {
		return nil, fmt.Errorf("sshserver: %w", err)
	}
	s.srv.ConnectionFailedCallback = s.connFailed
	// Sessions only, each connection a few; every other channel and
	// global request is refused and logged (refuse.go).
	s.srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel, "default": s.refuseChannel}
	s.srv.RequestHandlers = map[string]ssh.RequestHandler{"default": s.refuseGlobal}
	s.feed = tui.NewFeed(cfg.Session.Service)
	s.cfg.Session.Feed = s.feed
	return s, nil
}

// HostPublicKey is the server's host key (for known_hosts and fingerprints).
func (s *Server) HostPublicKey() gossh.PublicKey { return s.hostKey }

// Operators is the number of operators' keys in the authorized set now.
func (s *Server) Operators() int { return s.keys.count() }

// Sessions is the number of cashier sessions running now.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// Serve accepts connections on ln until Shutdown or Close; it returns
// ssh.ErrServerClosed then.
func (s *Server) Serve(ln net.Listener) error {
	go s.pollKeys()
	return s.srv.Serve(ln)
}

// pollKeys re-reads the authorized keys file when it changes, so a new key
// (or a bad line) shows in the log without waiting for a login.
func (s *Server) pollKeys() {
	t := time.NewTicker(s.cfg.ReloadInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stopPoll:
			return
		case <-t.C:
			s.keys.refresh()
		}
	}
}

// Shutdown stops accepting connections, tells every session the server is
// shutting down (each quits once its transaction in flight, if any, is
// recorded, and shows the operator why it ended), and waits for them until
// ctx ends; then it closes whatever connections are left. It returns
// ctx.Err() if sessions were still running at the deadline (they were
// killed; their transactions go on being recorded by the cashier service).
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopOnce.Do(func() { close(s.stopPoll) })
	s.mu.Lock()
	s.closing = true
	sessions := make([]*session, 0, len(s.sessions))
	for st := range s.sessions {
		sessions = append(sessions, st)
	}
	s.mu.Unlock()

	// Stop accepting: the ssh server closes its listeners at once, then waits
	// for connections, which end as their sessions do.
	shut := make(chan error, 1)
	go func() { shut <- s.srv.Shutdown(ctx) }()

	if len(sessions) > 0 {
		s.log.Info("shutting down: ending sessions", "sessions", len(sessions))
	}
	for _, st := range sessions {
		st.cancel(errShutdown)
	}

	ended := make(chan struct{})
	go func() {
		s.mu.Lock()
		for len(s.sessions) > 0 {
			s.idle.Wait()
		}
		s.mu.Unlock()
		close(ended)
	}()
	var err error
	select {
	case <-ended:
	case <-ctx.Done():
		err = ctx.Err()
		s.mu.Lock()
		left := make([]*session, 0, len(s.sessions))
		for st := range s.sessions {
			left = append(left, st)
		}
		s.mu.Unlock()
		for _, st := range left {
			s.log.Error("shutdown deadline: killing session", "operator", st.op.Name, "remote", st.remote)
			st.kill()
		}
	}
	// Sessions are over; connections normally close with them. Give the
	// clients a moment, then close the rest (idle handshakes, clients that
	// keep a connection open without a session).
	select {
	case <-shut:
	case <-time.After(time.Second):
	case <-ctx.Done():
	}
	s.srv.Close()
	s.feed.Close()
	return err
}

// Close closes the listener and every connection at once (no goodbye).
// Prefer Shutdown.
func (s *Server) Close() error {
	s.stopOnce.Do(func() { close(s.stopPoll) })
	s.mu.Lock()
	s.closing = true
	for st := range s.sessions {
		st.cancel(errShutdown)
	}
	s.mu.Unlock()
	s.feed.Close()
	return s.srv.Close()
}

// accept runs for every new connection before the SSH handshake: the
// per-address rate limit, and the handshake deadline (a session must start
// within HandshakeTimeout or the connection is closed).
func (s *Server) accept(ctx ssh.Context, conn net.Conn) net.Conn {
	remote := conn.RemoteAddr()
	if s.limiter != nil {
		if refusal := s.limiter.allow(hostOf(remote)); refusal != "" {
			s.floodWarn(refusal, "remote", remote.String(), "limit_per_minute", s.cfg.ConnsPerMinute)
			return nil
		}
	}
	if n := s.open.Add(1); int(n) > s.cfg.MaxConnections {
		s.open.Add(-1)
		s.floodWarn("too many connections open", "remote", remote.String(), "limit", s.cfg.MaxConnections)
		return nil
	}
	st := &connState{remote: remote.String(), started: time.Now(), closed: make(chan struct{})}
	ctx.SetValue(connStateKey{}, st)
	key := remote.String()
	s.conns.Store(key, st)
	tc := &trackedConn{Conn: conn, onClose: func() {
		s.open.Add(-1)
		close(st.closed)
		// A failed handshake closes the connection before connFailed
		// runs: keep the state a moment for it.
		time.AfterFunc(2*time.Second, func() { s.conns.CompareAndDelete(key, st) })
	}}
	time.AfterFunc(s.cfg.HandshakeTimeout, func() {
		select {
		case <-st.closed:
			return
		default:
		}
		if st.established.Load() {
			return
		}
		st.timedOut.Store(true)
		s.log.Warn("refused", "reason", "handshake deadline", "remote", key, "deadline", s.cfg.HandshakeTimeout,
			"offered", strings.Join(st.offers(), " "))
		tc.Close()
	})
	return tc
}

type connStateKey struct{}

// floodWarn logs a refused connection, at most once a second per reason
// (with how many were left out meanwhile): a flood of connections must not
// become a flood of log lines.
func (s *Server) floodWarn(reason string, args ...any) {
	ok, leftOut := s.flood.allow(reason)
	if !ok {
		return
	}
	if leftOut > 0 {
		args = append(args, "more_not_logged", leftOut)
	}
	s.log.Warn("refused", append([]any{"reason", reason}, args...)...)
}

func connStateOf(ctx ssh.Context) *connState {
	st, _ := ctx.Value(connStateKey{}).(*connState)
	return st
}

// authenticate accepts a public key in the authorized set (re-read first if
// the file changed). The operator's identity is looked up again from the
// key the connection finally proved (Session.PublicKey), never from state
// left by this callback, which also sees keys that are only offered.
func (s *Server) authenticate(ctx ssh.Context, key ssh.PublicKey) bool {
	if _, ok := s.keys.lookup(key); ok {
		return true
	}
	if st := connStateOf(ctx); st != nil {
		st.offer(gossh.FingerprintSHA256(key))
	}
	return false
}

// connFailed logs a connection that never got past the handshake: an
// unknown key, no key at all, a broken or abandoned handshake.
func (s *Server) connFailed(conn net.Conn, err error) {
	key := conn.RemoteAddr().String()
	var st *connState
	if v, ok := s.conns.Load(key); ok {
		st = v.(*connState)
	}
	if st != nil && st.timedOut.Load() {
		return // logged by the deadline
	}
	var offered []string
	if st != nil {
		offered = st.offers()
	}
	reason := "handshake failed"
	var authErr *gossh.ServerAuthError
	if errors.As(err, &authErr) {
		reason = "no authorized public key offered"
		if len(offered) > 0 {
			reason = "unknown key"
		}
	}
	s.log.Warn("refused", "reason", reason, "remote", key, "offered", strings.Join(offered, " "), "err", err)
}
