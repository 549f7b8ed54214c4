//go:build linux

package receipts

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestDevicePrinterFIFONoReader: opening a FIFO that no one reads blocks in
// the kernel, like a printer device that is off. Print returns at the
// deadline; once a reader appears the stuck write finishes and the printer
// works again.
func TestDevicePrinterFIFONoReader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp0")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	p, _ := NewPrinter(PrinterConfig{Spec: "device:" + path, Timeout: 200 * time.Millisecond})
	err := within(t, 10*time.Second, func() error { return p.Print(context.Background(), smallReceipt()) })
	var pe *PrintError
	if !errors.As(err, &pe) || !pe.Timeout || pe.Kind != FailTimeout || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a timeout *PrintError", err)
	}
	if !strings.Contains(err.Error(), "device:"+path) {
		t.Errorf("error does not name the device: %v", err)
	}
	t.Log(err)

	// A reader appears: the lingering write completes, then a new print works.
	rd, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()
	patient := *p.(*devicePrinter) // same gate, a longer timeout
	patient.timeout = 10 * time.Second
	if err := within(t, 15*time.Second, func() error {
		return patient.Print(context.Background(), smallReceipt())
	}); err != nil {
		t.Fatal(err)
	}
	rd.SetReadDeadline(time.Now().Add(5 * time.Second))
	want := expectedSmallESCPOS()
	got := make([]byte, 2*len(want))
	if _, err := io.ReadFull(rd, got); err != nil {
		t.Fatalf("reading both receipts from the FIFO: %v", err)
	}
	if !bytes.Equal(got, append(append([]byte{}, want...), want...)) {
		t.Errorf("FIFO got %q", got)
	}
}

// TestTCPPrinterNoAnswer: a host that never answers the connection (here a
// loopback listener whose accept queue is full, so the kernel drops the SYN)
// gives an "unreachable" timeout error at the deadline.
func TestTCPPrinterNoAnswer(t *testing.T) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Skip(err)
	}
	defer syscall.Close(fd)
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Skip(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Skip(err)
	}
	sa, _ := syscall.Getsockname(fd)
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(sa.(*syscall.SockaddrInet4).Port))
	// Fill the accept queue.
	var fillers []net.Conn
	defer func() {
		for _, c := range fillers {
			c.Close()
		}
	}()
	for range 8 {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err != nil {
			break
		}
		fillers = append(fillers, c)
	}
	p, _ := NewPrinter(PrinterConfig{Spec: "tcp://" + addr, Timeout: 300 * time.Millisecond})
	err = within(t, 10*time.Second, func() error { return p.Print(context.Background(), baseReceipt()) })
	if err == nil {
		t.Skip("the kernel accepted a connection beyond the full queue; cannot simulate a silent host")
	}
	var pe *PrintError
	if !errors.As(err, &pe) || !pe.Timeout || !strings.Contains(err.Error(), "tcp://"+addr+" unreachable") {
		t.Fatalf("err = %v, want an unreachable timeout *PrintError", err)
	}
	t.Log(err)
}
