package main

import (
	"context"
	"net"
	"net/http"
	"sync"
)

// pipeListener is a net.Listener of in-memory connections (net.Pipe) that
// only its own client dials: the built-in sandbox's http.Server accepts
// them, and the OVO client reaches it through client(). Nothing outside the
// process can connect.
type pipeListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

// Accept returns the server's end of the next dialled connection, or
// net.ErrClosed once the listener is closed.
func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Close stops Accept and dial; connections already made stay open until
// their ends close them.
func (l *pipeListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

// Addr is a name for the log and the base URL, not a network address.
func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

// dial makes a connection and hands its other end to Accept; it fails with
// net.ErrClosed once the listener is closed, or with ctx's error.
func (l *pipeListener) dial(ctx context.Context, _, _ string) (net.Conn, error) {
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

// client is an HTTP client whose every connection is dialled to l, keeping
// one idle connection per session sending at once (as ovoclient's own).
func (l *pipeListener) client() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = l.dial
	t.MaxIdleConnsPerHost = 64
	return &http.Client{Transport: t}
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "sandbox.in-process" }
