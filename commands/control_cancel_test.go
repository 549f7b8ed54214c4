package commands

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Ctrl+C on a command sent to the process holding the ledger cancels it
// there and still gets its words and exit code, as a local Ctrl+C does: a
// `batch check` interrupted through the socket said "the connection ended
// before the command finished: its outcome is unknown; check with history
// or reconcile" and exit 3, for a check that moves no money.
func TestForwardCtrlCGetsTheHoldersAnswer(t *testing.T) {
	data := filepath.Join(t.TempDir(), "l.db")
	ln, err := net.Listen("unix", SocketPath(data))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	received := make(chan struct{})
	go func() { // the holder: the command runs until its caller hangs up
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		if _, err := r.ReadBytes('\n'); err != nil {
			return
		}
		close(received)
		io.Copy(io.Discard, r) // cancelled when the caller's half ends
		fw := &frameWriter{w: conn}
		fw.frame(frameStderr, []byte("the check stopped (run it again to resume): interrupted (Ctrl+C)\n"))
		fw.frame(frameExit, []byte{1})
	}()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-received
		cancel() // Ctrl+C
	}()
	var out, errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- forward(ctx, Call{Data: data, Lang: "en"}, []string{"batch", "check", "B000001"}, nil, &out, &errOut)
	}()
	select {
	case code := <-done:
		if code != 1 || !strings.Contains(errOut.String(), "interrupted (Ctrl+C)") || strings.Contains(errOut.String(), "connection") {
			t.Fatalf("exit %d, stderr %q; want the holder's exit 1 and words", code, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the caller did not return")
	}
}
