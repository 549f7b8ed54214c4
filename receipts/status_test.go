package receipts

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakePrinter is a network receipt printer on 127.0.0.1: it answers DLE EOT n
// at the start of a connection with answers[n] (no entry: silence, as many
// printers) and keeps every other byte of each connection as one job.
type fakePrinter struct {
	ln      net.Listener
	answers map[byte]byte

	mu      sync.Mutex
	queries []byte   // the n of each DLE EOT n, in order
	jobs    [][]byte // what each connection sent besides its queries
	done    int      // connections ended
	wg      sync.WaitGroup
}

func newFakePrinter(t *testing.T, answers map[byte]byte) *fakePrinter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakePrinter{ln: ln, answers: answers}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			f.wg.Add(1)
			go func() { defer f.wg.Done(); f.serve(c) }()
		}
	}()
	t.Cleanup(func() { ln.Close(); f.wg.Wait() })
	return f
}

func (f *fakePrinter) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	var job []byte
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		job = append(job, buf[:n]...)
		for len(job) >= 3 && job[0] == 0x10 && job[1] == 0x04 {
			f.mu.Lock()
			f.queries = append(f.queries, job[2])
			f.mu.Unlock()
			if a, ok := f.answers[job[2]]; ok {
				c.Write([]byte{a})
			}
			job = job[3:]
		}
		if err != nil {
			break
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(job) > 0 {
		f.jobs = append(f.jobs, job)
	}
	f.done++
}

// result waits until conns connections have ended and returns the queries
// and jobs.
func (f *fakePrinter) result(t *testing.T, conns int) (queries []byte, jobs [][]byte) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		f.mu.Lock()
		queries, jobs, done := f.queries, f.jobs, f.done
		f.mu.Unlock()
		if done >= conns {
			return queries, jobs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d connections ended", done, conns)
		}
	}
}

func (f *fakePrinter) spec() string { return "tcp://" + f.ln.Addr().String() }

// Status bytes as printers send them: the fixed bits 0xx1xx10 plus flags.
const (
	stReady      = 0x12
	stOffline    = 0x12 | 0x08 // DLE EOT 1: offline
	stCoverOpen  = 0x12 | 0x04 // DLE EOT 2: cover open
	stPaperStop  = 0x12 | 0x20 // DLE EOT 2: stopped at paper end
	stError      = 0x12 | 0x40 // DLE EOT 2: error
	stPaperEnd   = 0x12 | 0x60 // DLE EOT 4: paper roll end
	stPaperNear  = 0x12 | 0x0c // DLE EOT 4: paper roll near end
	stNotAStatus = 0x00
)

func TestTCPPrinterStatus(t *testing.T) {
	r := baseReceipt()
	for _, tc := range []struct {
		name    string
		answers map[byte]byte
		queries string // the DLE EOT n asked, in order
		kind    Failure
		op      string
	}{
		{"silent printer still prints", nil, "\x01", "", ""},
		{"not a status byte: treated as silent", map[byte]byte{1: stNotAStatus, 2: stNotAStatus, 4: stNotAStatus}, "\x01", "", ""},
		{"ready", map[byte]byte{1: stReady, 2: stReady, 4: stReady}, "\x01\x02\x04", "", ""},
		{"paper near end still prints", map[byte]byte{1: stReady, 2: stReady, 4: stPaperNear}, "\x01\x02\x04", "", ""},
		{"paper out", map[byte]byte{1: stOffline, 2: stPaperStop, 4: stPaperEnd}, "\x01\x02\x04", FailPaperOut, "reports paper out"},
		{"paper out by the roll sensor only", map[byte]byte{1: stOffline, 2: stReady, 4: stPaperEnd}, "\x01\x02\x04", FailPaperOut, "reports paper out"},
		{"cover open", map[byte]byte{1: stOffline, 2: stCoverOpen, 4: stReady}, "\x01\x02\x04", FailCoverOpen, "reports its cover open"},
		{"cover open and no paper: the cover first", map[byte]byte{1: stOffline, 2: stCoverOpen | stPaperStop, 4: stPaperEnd}, "\x01\x02\x04", FailCoverOpen, "reports its cover open"},
		{"error", map[byte]byte{1: stOffline, 2: stError, 4: stReady}, "\x01\x02\x04", FailPrinterError, "reports an error"},
		{"offline, cause unanswered", map[byte]byte{1: stOffline}, "\x01\x02", FailPrinterError, "reports itself offline"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePrinter(t, tc.answers)
			p, err := NewPrinter(PrinterConfig{Spec: f.spec(), Width: 42, QR: true, DrawerKick: true,
				StatusWait: 100 * time.Millisecond, Timeout: 5 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			err = within(t, 10*time.Second, func() error { return p.Print(context.Background(), r) })
			if tc.kind == "" {
				if err != nil {
					t.Fatalf("err = %v, want the slip printed", err)
				}
			} else {
				var pe *PrintError
				if !errors.As(err, &pe) || pe.Kind != tc.kind || pe.Printer != f.spec() || !strings.Contains(pe.Op, tc.op) {
					t.Fatalf("err = %#v, want a *PrintError of kind %s saying %q", err, tc.kind, tc.op)
				}
				t.Log(err)
			}
			conns := 2 // the query, then the receipt
			if tc.kind != "" {
				conns = 1
			}
			queries, jobs := f.result(t, conns)
			if string(queries) != tc.queries {
				t.Errorf("asked DLE EOT %q, want %q", queries, tc.queries)
			}
			want, _ := ESCPOS{Width: 42, QR: true, DrawerKick: true}.Encode(r)
			switch {
			case tc.kind != "" && len(jobs) != 0:
				t.Errorf("a printer reporting %s was sent %d jobs", tc.kind, len(jobs))
			case tc.kind == "" && (len(jobs) != 1 || !bytes.Equal(jobs[0], want)):
				t.Errorf("printer got %d jobs, want exactly the receipt's bytes once: %q", len(jobs), jobs)
			}
		})
	}
}

// TestTCPPrinterStatusOff: a negative StatusWait sends no query at all.
func TestTCPPrinterStatusOff(t *testing.T) {
	f := newFakePrinter(t, map[byte]byte{1: stOffline, 2: stPaperStop, 4: stPaperEnd})
	p, _ := NewPrinter(PrinterConfig{Spec: f.spec(), StatusWait: -1})
	if err := within(t, 10*time.Second, func() error { return p.Print(context.Background(), smallReceipt()) }); err != nil {
		t.Fatal(err)
	}
	queries, jobs := f.result(t, 1)
	if len(queries) != 0 || len(jobs) != 1 || !bytes.Equal(jobs[0], expectedSmallESCPOS()) {
		t.Errorf("queries %q, jobs %q; want no query and the receipt", queries, jobs)
	}
}

// stallConn answers nothing: every read waits for its deadline.
type stallConn struct {
	bytes.Buffer
	deadline time.Time
}

func (c *stallConn) SetReadDeadline(t time.Time) error { c.deadline = t; return nil }
func (c *stallConn) Read([]byte) (int, error) {
	time.Sleep(time.Until(c.deadline))
	return 0, io.EOF
}

// TestQueryStatusBounded: a printer that never answers costs one wait, not
// three, and never past the print's deadline.
func TestQueryStatusBounded(t *testing.T) {
	c := &stallConn{}
	start := time.Now()
	st := queryStatus(c, time.Hour, start.Add(20*time.Millisecond))
	if st.answered || c.String() != "\x10\x04\x01" {
		t.Errorf("status %+v after writing %q; want unanswered after one query", st, c.String())
	}
	if c.deadline.After(start.Add(20 * time.Millisecond)) {
		t.Errorf("read deadline %v is past the print's deadline", c.deadline)
	}
}
