package ovosim

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// PipeListener is a net.Listener of in-memory connections (net.Pipe) that
// only its own Client dials: an http.Server serving a sandbox in the same
// process accepts them, and the OVO client reaches it through Client(). The
// requests and answers are the same HTTP/1.1 bytes as over TCP, without the
// kernel's socket work on either end. Nothing outside the process can
// connect.
type PipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

// NewPipeListener returns a listener with no connections yet.
func NewPipeListener() *PipeListener {
	return &PipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

// Accept returns the server's end of the next dialled connection, or
// net.ErrClosed once the listener is closed.
func (l *PipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close stops Accept and dial; connections already made stay open until
// their ends close them.
func (l *PipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

// Addr is a name for the log and the base URL ("http://" + Addr().String()),
// not a network address.
func (l *PipeListener) Addr() net.Addr { return pipeAddr{} }

// dial makes a connection and hands its other end to Accept; it fails with
// net.ErrClosed once the listener is closed, or with ctx's error.
func (l *PipeListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
	c, s := net.Pipe()
	select {
	case l.conns <- s:
		return c, nil
	case <-l.done:
		c.Close()
		s.Close()
		return nil, net.ErrClosed
	case <-ctx.Done():
		c.Close()
		s.Close()
		return nil, ctx.Err()
	}
}

// Client is an HTTP client whose every connection is dialled to l, keeping
// one idle connection per session sending at once (as ovoclient's own).
func (l *PipeListener) Client() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = l.dial
	t.MaxIdleConnsPerHost = 64
	return &http.Client{Transport: t}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "sandbox.in-process" }
