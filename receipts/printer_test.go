package receipts

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// within fails the test if f does not return within a generous bound: Print
// must never hang, but the test asserts no tight wall-clock number.
func within(t *testing.T, d time.Duration, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("did not return within %s", d)
		return nil
	}
}

func TestNewPrinterSpecs(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"", "none"},
		{"none", "none"},
		{" NONE ", "none"},
		{"stdout", "stdout"},
		{"file:/var/lib/ovocashier/receipts", "file:/var/lib/ovocashier/receipts"},
		{"file:struk", "file:struk"},
		{"tcp://10.0.0.9:9100", "tcp://10.0.0.9:9100"},
		{"tcp://printer.local", "tcp://printer.local:9100"},
		{"tcp://printer.local:9101/", "tcp://printer.local:9101"},
		{"tcp://[fe80::1]:9100", "tcp://[fe80::1]:9100"},
		{"tcp://[fe80::1]", "tcp://[fe80::1]:9100"},
		{"device:/dev/usb/lp0", "device:/dev/usb/lp0"},
	} {
		p, err := NewPrinter(PrinterConfig{Spec: tc.spec})
		if err != nil {
			t.Errorf("NewPrinter(%q): %v", tc.spec, err)
			continue
		}
		if p.String() != tc.want {
			t.Errorf("NewPrinter(%q).String() = %q, want %q", tc.spec, p.String(), tc.want)
		}
	}
	for _, spec := range []string{
		"lp0", "file:", "device:", "tcp://", "tcp://:9100", "tcp://host:0", "tcp://host:port",
		"tcp://host:70000", "usb:/dev/usb/lp0", "http://printer:9100", "tcp://a:b:c",
	} {
		_, err := NewPrinter(PrinterConfig{Spec: spec})
		if !errors.Is(err, ErrBadSpec) {
			t.Errorf("NewPrinter(%q): err = %v, want ErrBadSpec", spec, err)
			continue
		}
		if !strings.Contains(err.Error(), "tcp://HOST:PORT") || !strings.Contains(err.Error(), "file:DIR") {
			t.Errorf("NewPrinter(%q): error does not name the accepted forms: %v", spec, err)
		}
	}
	if _, err := NewPrinter(PrinterConfig{Spec: "stdout", Width: 40}); !errors.Is(err, ErrInvalidWidth) {
		t.Errorf("width 40: err = %v, want ErrInvalidWidth", err)
	}
	if _, err := NewPrinter(PrinterConfig{Spec: "stdout", Timeout: -time.Second}); err == nil {
		t.Errorf("negative timeout accepted")
	}
}

func TestNonePrinter(t *testing.T) {
	p, _ := NewPrinter(PrinterConfig{Spec: "none"})
	if err := p.Print(context.Background(), baseReceipt()); !errors.Is(err, ErrNoPrinter) {
		t.Errorf("none printer: err = %v, want ErrNoPrinter", err)
	}
	if err := p.Print(context.Background(), Receipt{}); !errors.Is(err, ErrInvalidReceipt) {
		t.Errorf("none printer, bad receipt: err = %v, want ErrInvalidReceipt", err)
	}
}

func TestStdoutPrinter(t *testing.T) {
	var buf bytes.Buffer
	p, err := NewPrinter(PrinterConfig{Spec: "stdout", Width: 42, Stdout: &buf})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Print(context.Background(), baseReceipt()); err != nil {
		t.Fatal(err)
	}
	want, _ := Render(baseReceipt(), 42)
	if buf.String() != want {
		t.Errorf("stdout printer wrote\n%s\nwant\n%s", buf.String(), want)
	}
}

// blockingWriter blocks every Write until released.
type blockingWriter struct{ release chan struct{} }

func (w blockingWriter) Write(p []byte) (int, error) { <-w.release; return len(p), nil }

func TestStdoutPrinterBlockedWriter(t *testing.T) {
	w := blockingWriter{release: make(chan struct{})}
	defer close(w.release)
	p, _ := NewPrinter(PrinterConfig{Spec: "stdout", Stdout: w, Timeout: 100 * time.Millisecond})
	for i := 0; i < 2; i++ { // the second finds the first still blocked: busy, also bounded
		err := within(t, 10*time.Second, func() error { return p.Print(context.Background(), baseReceipt()) })
		var pe *PrintError
		if !errors.As(err, &pe) || !pe.Timeout || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("print %d: err = %v, want a timeout *PrintError", i, err)
		}
		t.Log(err)
	}
}

func TestFilePrinter(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "struk", "harian") // created on first print
	p, err := NewPrinter(PrinterConfig{Spec: "file:" + dir, Width: 48})
	if err != nil {
		t.Fatal(err)
	}
	cases := goldenCases()
	for _, tc := range []struct {
		r    Receipt
		name string
	}{
		{cases["success"], "R00000042.txt"},
		{cases["reprint"], "R00000042-reprint-20261124T083000.txt"},
		{cases["failed"], "OVC-20261123-190512-0001-failed.txt"},
		{cases["pending"], "OVC-20261123-190512-0001-pending.txt"},
	} {
		if err := p.Print(context.Background(), tc.r); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, tc.name)
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := Render(tc.r, 48)
		if string(got) != want {
			t.Errorf("%s holds\n%s\nwant\n%s", tc.name, got, want)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
			t.Errorf("%s mode %v, want 0644", tc.name, fi.Mode().Perm())
		}
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Errorf("folder %s not created: %v", dir, err)
	}
	// Printing again rewrites the same file; no temporary files are left.
	if err := p.Print(context.Background(), cases["success"]); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 4 {
		t.Errorf("dir holds %q, want exactly the 4 receipts", names)
	}
	// A receipt with nothing to name the file by is refused.
	r := cases["failed"]
	r.PartnerReferenceNo = ""
	if err := p.Print(context.Background(), r); !errors.Is(err, ErrInvalidReceipt) {
		t.Errorf("unnamed receipt: err = %v, want ErrInvalidReceipt", err)
	}
}

func TestFileName(t *testing.T) {
	r := baseReceipt()
	r.ReceiptNo = "../../etc/pass wd"
	name, err := FileName(r)
	if err != nil || name != "_.._etc_pass_wd.txt" {
		t.Errorf("FileName = %q, %v", name, err)
	}
}

func TestFilePrinterUnwritable(t *testing.T) {
	parent := t.TempDir()
	file := filepath.Join(parent, "not-a-dir")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	p, _ := NewPrinter(PrinterConfig{Spec: "file:" + file})
	err := p.Print(context.Background(), baseReceipt())
	var pe *PrintError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "file:"+file) {
		t.Errorf("err = %v, want a *PrintError naming the folder", err)
	}
}

func TestTCPPrinterExactBytes(t *testing.T) {
	f := newFakePrinter(t, nil)
	p, err := NewPrinter(PrinterConfig{Spec: f.spec(), Width: 32, StatusWait: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := within(t, 10*time.Second, func() error { return p.Print(context.Background(), smallReceipt()) }); err != nil {
		t.Fatal(err)
	}
	if _, jobs := f.result(t, 2); len(jobs) != 1 || !bytes.Equal(jobs[0], expectedSmallESCPOS()) {
		t.Errorf("printer received\n%q\nwant\n%q", jobs, expectedSmallESCPOS())
	}
}

func TestTCPPrinterRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	p, _ := NewPrinter(PrinterConfig{Spec: "tcp://" + addr, Timeout: time.Second})
	err = within(t, 10*time.Second, func() error { return p.Print(context.Background(), baseReceipt()) })
	var pe *PrintError
	if !errors.As(err, &pe) || pe.Kind != FailUnreachable {
		t.Fatalf("err = %#v, want *PrintError of kind unreachable", err)
	}
	if want := "printer tcp://" + addr + " unreachable: "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %q, want it to start with %q", err, want)
	}
	t.Log(err)
}

// TestTCPPrinterNeverReads: the printer accepts the connection but never
// reads (jammed, out of paper); a payload larger than the socket buffers
// cannot be sent, and the write deadline ends it.
func TestTCPPrinterNeverReads(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		conns []net.Conn
	)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	defer func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	}()
	p, _ := NewPrinter(PrinterConfig{Spec: "tcp://" + ln.Addr().String(), Timeout: 300 * time.Millisecond})
	tp := p.(*tcpPrinter)
	huge := bytes.Repeat([]byte("x"), 64<<20)
	err = within(t, 15*time.Second, func() error { return tp.send(context.Background(), huge) })
	var pe *PrintError
	if !errors.As(err, &pe) || !pe.Timeout || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a timeout *PrintError", err)
	}
	if !strings.Contains(err.Error(), "did not take the receipt") || !strings.Contains(err.Error(), ln.Addr().String()) {
		t.Errorf("unclear error: %v", err)
	}
	t.Log(err)
}

func TestTCPPrinterCallerCancels(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	p, _ := NewPrinter(PrinterConfig{Spec: "tcp://" + ln.Addr().String(), Timeout: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	held := make(chan net.Conn, 1)
	go func() {
		c := <-accepted
		held <- c // kept open, never read, until the test ends
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	err = within(t, 15*time.Second, func() error {
		return p.(*tcpPrinter).send(ctx, bytes.Repeat([]byte("x"), 64<<20))
	})
	(<-held).Close()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	t.Log(err)
}

func TestDevicePrinterFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp0")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := NewPrinter(PrinterConfig{Spec: "device:" + path})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Print(context.Background(), smallReceipt()); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := expectedSmallESCPOS(); !bytes.Equal(got, want) {
		t.Errorf("device got %q, want %q", got, want)
	}
}

func TestDevicePrinterMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lp9")
	p, _ := NewPrinter(PrinterConfig{Spec: "device:" + path})
	err := p.Print(context.Background(), baseReceipt())
	if !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "device:"+path) {
		t.Errorf("err = %v, want a not-exist error naming the device", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the device printer created %s", path)
	}
}

func TestPrintWithDoneContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	for _, spec := range []string{"stdout", "file:" + dir, "device:" + filepath.Join(dir, "x")} {
		p, _ := NewPrinter(PrinterConfig{Spec: spec, Stdout: io.Discard})
		if err := p.Print(ctx, baseReceipt()); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want context.Canceled", spec, err)
		}
	}
}
