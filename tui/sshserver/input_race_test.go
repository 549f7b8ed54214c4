package sshserver

import (
	"io"
	"testing"
	"time"
)

// Keys typed without a pause across the terminal query and the hand-off
// reach the cashier each once and in order: what the query read is given
// back, what the pump was holding comes next, then the session itself.
func TestInputHandOffKeepsEveryByteInOrder(t *testing.T) {
	for round := 0; round < 50; round++ {
		pr, pw := io.Pipe()
		in := newInput(pr)
		const n = 600
		go func() {
			for i := 0; i < n; i++ {
				pw.Write([]byte{byte(i % 251)})
			}
			pw.Close()
		}()
		// The query: reads until its deadline, then gives all of it back.
		in.setDeadline(time.Now().Add(time.Duration(round%5) * 100 * time.Microsecond))
		var q []byte
		buf := make([]byte, 7)
		for {
			k, err := in.Read(buf)
			q = append(q, buf[:k]...)
			if err != nil { // the deadline, as the query ends
				break
			}
		}
		in.setDeadline(time.Time{})
		in.unread(q)
		in.handOff()
		got, err := io.ReadAll(readerFunc(in.Read))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != n {
			t.Fatalf("round %d: %d bytes reached the cashier, want %d", round, len(got), n)
		}
		for i, b := range got {
			if b != byte(i%251) {
				t.Fatalf("round %d: byte %d is %d, want %d", round, i, b, i%251)
			}
		}
		in.close()
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }
