package commands

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/i18n"
)

// The control socket: the process that holds the ledger (the cashier
// screen, `serve`) listens on a unix socket beside it, owner-only (mode
// 0600 in the ledger's 0700 directory, and on Linux the peer's uid checked
// with SO_PEERCRED). A command run while the ledger is held sends its
// arguments and resolved Call as one JSON line; the holder runs the same
// command definition against its running service and answers with frames:
// a kind byte ('o' stdout, 'e' stderr, 'x' exit code), a big-endian uint32
// length, the bytes.

// SocketPath is the control socket of the ledger file data: beside it.
func SocketPath(data string) string {
	if abs, err := filepath.Abs(data); err == nil {
		data = abs
	}
	return data + ".sock"
}

// request is what a caller sends through the control socket.
type request struct {
	Args []string `json:"args"`
	Call Call     `json:"call"`
	// Stdin is what the command read from its standard input or its file
	// in the caller (batch load), if anything.
	Stdin []byte `json:"stdin,omitempty"`
}

// maxRequest bounds a request line (a batch file travels in it, base64).
const maxRequest = 1<<20 + 2*cashier.MaxBatchBytes

const (
	frameStdout = 'o'
	frameStderr = 'e'
	frameExit   = 'x'
)

// ListenControl listens on the control socket of the ledger data, which
// the caller holds (so a socket file left there by a process that died is
// stale and is replaced).
func ListenControl(data string) (net.Listener, error) {
	path := SocketPath(data)
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	ln.(*net.UnixListener).SetUnlinkOnClose(true)
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("control socket: %w", err)
	}
	return ln, nil
}

// ServeControl answers the commands sent through ln, each in its own
// goroutine against svc, until ln is closed; then it waits for the
// commands running. A caller that hangs up cancels its command's context
// (a transaction in flight is still recorded by the service).
// self is this process's own Call (its environment is compared with the
// caller's).
func ServeControl(ln net.Listener, host Host, svc *cashier.Service, self Call, log *slog.Logger) error {
	if log == nil {
		log = slog.Default()
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		conn, err := ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return nil
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer conn.Close()
			serveConn(conn, host, svc, self, log)
		}()
	}
}

func serveConn(conn net.Conn, host Host, svc *cashier.Service, self Call, log *slog.Logger) {
	if err := checkPeer(conn); err != nil {
		log.Warn("control socket: refused", "err", err)
		return
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReaderSize(io.LimitReader(conn, maxRequest), 64<<10)
	line, err := r.ReadBytes('\n')
	var req request
	if err == nil {
		err = json.Unmarshal(line, &req)
	}
	if errors.Is(err, io.EOF) && len(line) == 0 {
		return // a probe: is anyone there?
	}
	if err != nil {
		log.Warn("control socket: bad request", "err", err)
		return
	}
	conn.SetReadDeadline(time.Time{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		// The caller sends nothing more: a read ends when it hangs up.
		io.Copy(io.Discard, conn)
		cancel()
	}()
	fw := &frameWriter{w: conn}
	log.Info("control socket: command", "args", req.Args, "operator", req.Call.Operator)
	code := runForCaller(ctx, host, svc, self, req.Call, req.Args, bytes.NewReader(req.Stdin), fw.stream(frameStdout), fw.stream(frameStderr))
	fw.frame(frameExit, []byte{byte(code)})
}

// frameWriter writes frames of several streams to one connection.
type frameWriter struct {
	mu  sync.Mutex
	w   io.Writer
	err error
}

func (f *frameWriter) frame(kind byte, p []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return f.err
	}
	var hdr [5]byte
	hdr[0] = kind
	binary.BigEndian.PutUint32(hdr[1:], uint32(len(p)))
	if _, f.err = f.w.Write(hdr[:]); f.err == nil {
		_, f.err = f.w.Write(p)
	}
	return f.err
}

type streamWriter struct {
	f    *frameWriter
	kind byte
}

func (s streamWriter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if err := s.f.frame(s.kind, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (f *frameWriter) stream(kind byte) io.Writer { return streamWriter{f, kind} }

// socketAnswers reports whether a process listens on the control socket
// of the ledger data.
func socketAnswers(data string) bool {
	if data == "" || DatabaseURL(data) { // a database has no holder: every process opens it
		return false
	}
	conn, err := net.DialTimeout("unix", SocketPath(data), 200*time.Millisecond)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// cancelGrace is how long a caller interrupted by Ctrl+C waits for the
// holder's answer: longer than a call to OVO in flight takes by default.
const cancelGrace = 45 * time.Second

// forward sends args to the process holding call's ledger and copies its
// answer to stdout and stderr. Exit 1 when it cannot be reached (nothing
// was sent); 3 when the connection ends before the exit code (a money
// command may have been sent). A cancelled ctx (Ctrl+C) cancels the
// command at the holder and still returns its exit code.
func forward(ctx context.Context, call Call, args []string, input []byte, stdout, stderr io.Writer) int {
	cat := i18n.New(call.Lang)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", SocketPath(call.Data))
	if err != nil {
		msg := cat.F(i18n.CLINoSocket, call.Data, err)
		fmt.Fprintf(stderr, "ovocashier: %s\n", msg)
		if slices.ContainsFunc(args, isJSONFlag) {
			PrintJSON(stdout, ErrorJSON{Error: msg, Outcome: "refused"})
		}
		return cashier.ExitRefused
	}
	defer conn.Close()
	// Ctrl+C here is Ctrl+C there: the holder sees the caller's half of the
	// connection end, cancels the command as a local Ctrl+C would (rows in
	// flight are recorded, a check keeps what it learned) and still sends
	// its words and exit code, which are read for up to cancelGrace.
	stop := context.AfterFunc(ctx, func() {
		if uc, ok := conn.(*net.UnixConn); ok && uc.CloseWrite() == nil {
			conn.SetReadDeadline(time.Now().Add(cancelGrace))
			return
		}
		conn.Close()
	})
	defer stop()
	line, _ := json.Marshal(request{Args: args, Call: call, Stdin: input})
	if _, err := conn.Write(append(line, '\n')); err != nil {
		fmt.Fprintf(stderr, "ovocashier: %s\n", cat.F(i18n.CLINoSocket, call.Data, err))
		return cashier.ExitRefused
	}
	r := bufio.NewReader(conn)
	for {
		var hdr [5]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			break
		}
		n := binary.BigEndian.Uint32(hdr[1:])
		if n > 16<<20 {
			break
		}
		p := make([]byte, n)
		if _, err := io.ReadFull(r, p); err != nil {
			break
		}
		switch hdr[0] {
		case frameStdout:
			stdout.Write(p)
		case frameStderr:
			stderr.Write(p)
		case frameExit:
			if len(p) == 1 {
				return int(p[0])
			}
		}
	}
	fmt.Fprintf(stderr, "ovocashier: %s\n", cat.T(i18n.CLILostProcess))
	return cashier.ExitUnknown
}
