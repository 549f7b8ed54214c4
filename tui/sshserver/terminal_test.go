package sshserver

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/ssh"
)

// The background question's answers are taken out of the input; whatever
// else was typed meanwhile reaches the cashier, in order.
func TestAskDark(t *testing.T) {
	for _, tc := range []struct {
		name, answer string
		dark         bool
		rest         string
	}{
		{"light, ST", "12\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c34", false, "1234"},
		{"dark, BEL", "\x1b]11;rgb:00/00/10\x07\x1b[?1;2c", true, ""},
		{"no OSC 11", "x\x1b[?62c", true, "x"},
		{"silent", "081", true, "081"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr, pw := io.Pipe()
			in := newInput(pr)
			defer in.close()
			go pw.Write([]byte(tc.answer))
			var asked bytes.Buffer
			if got := askDark(&asked, in, time.Now().Add(300*time.Millisecond)); got != tc.dark {
				t.Fatalf("dark %v, want %v", got, tc.dark)
			}
			if !strings.Contains(asked.String(), "\x1b]11;?") {
				t.Fatalf("asked %q", asked.String())
			}
			if tc.rest == "" {
				return
			}
			buf := make([]byte, 64)
			in.setDeadline(time.Now().Add(time.Second))
			n, _ := in.Read(buf)
			if string(buf[:n]) != tc.rest {
				t.Fatalf("given back %q, want %q", buf[:n], tc.rest)
			}
		})
	}
}

// A frame that did not change is not written; a changed one costs only its
// changed lines; an idle writer writes nothing.
func TestFrameWriterWritesOnlyChanges(t *testing.T) {
	var out logBuffer // safe for the writer goroutine and the test
	f := newFrameWriter(&out, 80, 3)
	waitWrites := func(n uint64) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for f.writes.Load() < n {
			if time.Now().After(deadline) {
				t.Fatalf("%d frames written, want %d", f.writes.Load(), n)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	f.set("header\nbody one\nfooter")
	waitWrites(1)
	first := len(out.String())
	for range 5 {
		f.set("header\nbody one\nfooter")
	}
	time.Sleep(100 * time.Millisecond)
	if n := f.writes.Load(); n != 1 || len(out.String()) != first {
		t.Fatalf("the same frame again: %d frames, %d→%d bytes", n, first, len(out.String()))
	}
	f.set("header\nbody two\nfooter")
	waitWrites(2)
	if grew := len(out.String()) - first; grew > len("body two")+20 {
		t.Fatalf("one changed line cost %d bytes", grew)
	}
	f.close()
}

// A session's frames go straight to its channel (no copy by the emulated
// PTY's newline conversion) and reach the client byte for byte; a write
// with a newline still has it turned into "\r\n" by the session.
func TestFrameOutputWritesTheChannel(t *testing.T) {
	direct, start := make(chan bool, 1), make(chan struct{})
	addr := bareServer(t, func(s ssh.Session) {
		out := frameOutput(s)
		_, ok := out.(channelWriter)
		direct <- ok
		<-start
		io.WriteString(out, "\x1b[2;1Hframe\x1b[K")
		io.WriteString(out, "one\ntwo\r\n")
		<-s.Context().Done()
	}, nil)
	c := dialBench(t, addr, key(t, "siti"), 80, 24)
	if !<-direct {
		t.Fatal("the frames of a charmbracelet/ssh session are not written to its channel")
	}
	seen := c.expect([]byte("\x1b[2;1Hframe\x1b[Kone\r\ntwo\r\n"))
	close(start)
	select {
	case <-seen:
	case <-time.After(10 * time.Second):
		t.Fatal("the client never got the frame and the text as the PTY writes them")
	}
}
