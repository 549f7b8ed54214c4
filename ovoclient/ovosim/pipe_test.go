package ovosim

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// The built-in sandbox's connections: a request through client() reaches
// the server on the listener and its answer comes back; once closed, the
// listener accepts nothing and a new dial fails in words (net.ErrClosed),
// and a dial whose context ends gives up.
func TestPipeListener(t *testing.T) {
	l := NewPipeListener()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "answered "+r.URL.Path)
	})}
	go srv.Serve(l)
	c := l.Client()
	for range 3 { // the connection is kept and reused
		resp, err := c.Get("http://" + l.Addr().String() + "/ping")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "answered /ping" {
			t.Fatalf("answer %q", b)
		}
	}
	srv.Close()
	l.Close()
	if _, err := l.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Accept after Close: %v", err)
	}
	if _, err := l.dial(context.Background(), "tcp", "x"); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("dial after Close: %v", err)
	}
	// A client that gives up ends the connection: the handler's context
	// ends as over TCP (a held or hanging sandbox answer stops waiting).
	l2 := NewPipeListener()
	ended := make(chan error, 1)
	srv2 := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			ended <- r.Context().Err()
		case <-time.After(10 * time.Second):
			ended <- errors.New("the handler's context did not end")
		}
	})}
	go srv2.Serve(l2)
	defer srv2.Close()
	gctx, gcancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer gcancel()
	req, _ := http.NewRequestWithContext(gctx, http.MethodGet, "http://"+l2.Addr().String()+"/hold", nil)
	if _, err := l2.Client().Do(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a client giving up: %v", err)
	}
	if err := <-ended; !errors.Is(err, context.Canceled) {
		t.Fatalf("handler: %v", err)
	}
	open := NewPipeListener() // nobody accepts
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := open.dial(ctx, "tcp", "x"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("dial with nobody accepting: %v", err)
	}
}
