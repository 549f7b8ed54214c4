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
	"unsafe"
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

// openPTY opens a pseudo-terminal in raw mode: the master plays a serial or
// USB printer, the slave path is the "device" the printer writes to (a
// character device that can be read with a deadline, like /dev/usb/lp0). The
// returned slave stays open so the pair lives as long as the test.
func openPTY(t *testing.T) (master *os.File, slavePath string) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	// ioctl through SyscallConn: Fd would put the file in blocking mode and
	// read deadlines would stop working.
	ioctl := func(f *os.File, req uintptr, arg unsafe.Pointer) syscall.Errno {
		rc, err := f.SyscallConn()
		if err != nil {
			return syscall.EINVAL
		}
		var e syscall.Errno
		rc.Control(func(fd uintptr) { _, _, e = syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(arg)) })
		return e
	}
	var unlock, n int32
	if e := ioctl(master, syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); e != 0 {
		t.Skipf("unlockpt: %v", e)
	}
	if e := ioctl(master, syscall.TIOCGPTN, unsafe.Pointer(&n)); e != 0 {
		t.Skipf("ptsname: %v", e)
	}
	slavePath = "/dev/pts/" + strconv.Itoa(int(n))
	slave, err := os.OpenFile(slavePath, os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open %s: %v", slavePath, err)
	}
	t.Cleanup(func() { slave.Close() })
	var tio syscall.Termios
	if e := ioctl(slave, syscall.TCGETS, unsafe.Pointer(&tio)); e != 0 {
		t.Skipf("tcgetattr: %v", e)
	}
	tio.Iflag &^= syscall.IGNBRK | syscall.BRKINT | syscall.PARMRK | syscall.ISTRIP | syscall.INLCR | syscall.IGNCR | syscall.ICRNL | syscall.IXON
	tio.Oflag &^= syscall.OPOST
	tio.Lflag &^= syscall.ECHO | syscall.ECHONL | syscall.ICANON | syscall.ISIG | syscall.IEXTEN
	tio.Cflag &^= syscall.CSIZE | syscall.PARENB
	tio.Cflag |= syscall.CS8
	if e := ioctl(slave, syscall.TCSETS, unsafe.Pointer(&tio)); e != 0 {
		t.Skipf("tcsetattr: %v", e)
	}
	return master, slavePath
}

// TestDevicePrinterStatus: a printer device that answers DLE EOT is asked
// before printing; paper out and cover open are said as such and nothing is
// printed; a ready printer gets the receipt.
func TestDevicePrinterStatus(t *testing.T) {
	for _, tc := range []struct {
		name    string
		answers map[byte]byte
		kind    Failure
	}{
		{"ready", map[byte]byte{1: stReady, 2: stReady, 4: stReady}, ""},
		{"paper out", map[byte]byte{1: stOffline, 2: stPaperStop, 4: stPaperEnd}, FailPaperOut},
		{"cover open", map[byte]byte{1: stOffline, 2: stCoverOpen, 4: stReady}, FailCoverOpen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			master, path := openPTY(t)
			got := make(chan []byte, 1)
			go func() { // the printer: answer queries, keep the rest
				var in []byte
				buf := make([]byte, 4096)
				master.SetReadDeadline(time.Now().Add(5 * time.Second))
				want := len(expectedSmallESCPOS())
				for {
					n, err := master.Read(buf)
					in = append(in, buf[:n]...)
					for len(in) >= 3 && in[0] == 0x10 && in[1] == 0x04 {
						master.Write([]byte{tc.answers[in[2]]})
						in = in[3:]
					}
					if err != nil || len(in) >= want {
						got <- in
						return
					}
				}
			}()
			p, _ := NewPrinter(PrinterConfig{Spec: "device:" + path, StatusWait: time.Second})
			err := within(t, 10*time.Second, func() error { return p.Print(context.Background(), smallReceipt()) })
			var pe *PrintError
			switch {
			case tc.kind == "" && err != nil:
				t.Fatalf("err = %v, want the slip printed", err)
			case tc.kind != "" && (!errors.As(err, &pe) || pe.Kind != tc.kind):
				t.Fatalf("err = %v, want a *PrintError of kind %s", err, tc.kind)
			}
			t.Log(err)
			if tc.kind != "" {
				master.SetReadDeadline(time.Now().Add(200 * time.Millisecond)) // nothing more comes
			}
			job := <-got
			if want := expectedSmallESCPOS(); tc.kind == "" && !bytes.Equal(job, want) {
				t.Errorf("printer got %q, want %q", job, want)
			}
			if tc.kind != "" && len(job) != 0 {
				t.Errorf("a printer reporting %s was sent %q", tc.kind, job)
			}
		})
	}
}
