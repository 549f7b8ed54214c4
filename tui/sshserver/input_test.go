package sshserver

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// readString reads once from in, failing after a while.
func readString(t *testing.T, in *input, size int) (string, error) {
	t.Helper()
	type res struct {
		s   string
		err error
	}
	done := make(chan res, 1)
	go func() {
		buf := make([]byte, size)
		n, err := in.Read(buf)
		done <- res{string(buf[:n]), err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-time.After(5 * time.Second):
		t.Fatal("a read never returned")
		return "", nil
	}
}

// After the terminal query the input is read straight from the session:
// what the query gave back comes first, the key the pump was waiting for
// next, then every key in order; each read of the session (a packet) is
// one credit for the pacer however small the cashier's reads; the end of
// the session is io.EOF.
func TestInputHandOff(t *testing.T) {
	pr, pw := io.Pipe()
	in := newInput(pr)
	defer in.close()
	in.unread([]byte("12"))
	in.handOff()
	if got, err := readString(t, in, 256); got != "12" || err != nil {
		t.Fatalf("read %q, %v; want the bytes given back", got, err)
	}
	type step struct{ write, want string }
	paste := strings.Repeat("0812345678", 60) // 600 bytes, read 256 at a time
	for i, s := range []step{{"a", "a"}, {"b", "b"}, {"\x1b[A", "\x1b[A"}} {
		go io.WriteString(pw, s.write)
		if got, err := readString(t, in, 256); got != s.want || err != nil {
			t.Fatalf("key %d: read %q, %v; want %q", i, got, err, s.want)
		}
	}
	before := in.packets.Load()
	go io.WriteString(pw, paste)
	var got string
	for len(got) < len(paste) {
		s, err := readString(t, in, 256)
		if err != nil {
			t.Fatal(err)
		}
		got += s
	}
	if got != paste {
		t.Fatalf("the paste read back as %q", got)
	}
	if n := in.packets.Load() - before; n != 1 {
		t.Fatalf("a paste of one packet counted %d packets", n)
	}
	if !in.direct {
		t.Fatal("the input never went direct after the hand-off")
	}
	pw.CloseWithError(io.EOF)
	if _, err := readString(t, in, 256); !errors.Is(err, io.EOF) {
		t.Fatalf("after the end of the session: %v, want io.EOF", err)
	}
}
