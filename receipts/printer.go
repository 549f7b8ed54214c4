package receipts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

// DefaultTimeout bounds every Print whose PrinterConfig sets no Timeout.
const DefaultTimeout = 5 * time.Second

// DefaultWidth is the width used when PrinterConfig.Width is 0: 58 mm paper.
const DefaultWidth = 32

// Printer delivers receipts somewhere.
type Printer interface {
	// Print renders r for this printer and delivers it. It returns when the
	// receipt is delivered, or with an error once ctx is done or the
	// printer's own timeout has passed, whichever comes first; it never
	// blocks beyond that. A failed Print can be repeated with the same
	// Receipt. Errors are ErrNoPrinter, a Render error (ErrInvalidReceipt),
	// or a *PrintError naming the printer and what happened.
	Print(ctx context.Context, r Receipt) error
	// String is the printer's setting in canonical form: "none", "stdout",
	// "file:DIR", "tcp://HOST:PORT" or "device:PATH".
	String() string
}

// ErrNoPrinter is what the "none" printer's Print returns: nothing was
// printed because no printer is configured. A UI shows it as such (not as a
// failure of the transaction) and may offer another way to keep the receipt.
var ErrNoPrinter = errors.New("no printer configured")

// PrintError is the error of a Print that reached for a printer and failed.
// Its text reads "printer tcp://10.0.0.9:9100 unreachable: dial tcp …".
type PrintError struct {
	Printer string  // the printer's String()
	Op      string  // what happened, in English words: "unreachable", "could not open the device", …
	Kind    Failure // what happened, for a front end's own words
	Timeout bool    // the deadline passed (the caller's context or the printer's timeout)
	Err     error   // the underlying error
}

// Failure classifies a PrintError so that front ends can say it in the
// operator's language.
type Failure string

// The kinds of print failures.
const (
	FailTimeout     Failure = "timeout"     // no answer within the deadline (off, jammed, out of paper?)
	FailBusy        Failure = "busy"        // still busy with an earlier receipt
	FailCancelled   Failure = "cancelled"   // the caller gave up
	FailUnreachable Failure = "unreachable" // the printer refused or is not there
	FailNoDevice    Failure = "no_device"   // the device file cannot be opened
	FailNotSaved    Failure = "not_saved"   // the file could not be written
	FailWrite       Failure = "write"       // the printer took part of it, then failed

	// Said by the printer itself when asked before printing (tcp and device
	// printers that answer DLE EOT); nothing was sent to print.
	FailPaperOut     Failure = "paper_out"     // no paper in the roll
	FailCoverOpen    Failure = "cover_open"    // the cover is open
	FailPrinterError Failure = "printer_error" // offline or in error (jam, cutter, head)
)

// Error reads "printer <Printer> <Op>: <Err>".
func (e *PrintError) Error() string {
	return "printer " + e.Printer + " " + e.Op + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *PrintError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, context.DeadlineExceeded) true whenever the
// deadline passed, whatever the underlying error says.
func (e *PrintError) Is(target error) bool {
	return e.Timeout && target == context.DeadlineExceeded
}

// PrinterConfig is the printer setting.
type PrinterConfig struct {
	// Spec chooses the printer: "none" (or ""), "stdout", "file:DIR",
	// "tcp://HOST:PORT" (PORT defaults to 9100) or "device:PATH".
	Spec string
	// Width is the paper width in columns, 32, 42 or 48; 0 means 32.
	Width int
	// Timeout bounds each Print; 0 means DefaultTimeout.
	Timeout time.Duration
	// Stdout is where the "stdout" printer writes; nil means os.Stdout.
	Stdout io.Writer
	// QR prints the partner reference as a QR code under each slip (ESC/POS
	// printers: tcp and device; see ESCPOS.QR).
	QR bool
	// StatusWait bounds the wait for each answer to the real-time status
	// query the tcp and device printers send before printing (see
	// printerStatus); 0 means DefaultStatusWait, a negative wait sends no
	// query. A printer that does not answer in time still prints.
	StatusWait time.Duration
	// DrawerKick opens the cash drawer after each successful top up's slip
	// that is not a reprint (ESC/POS printers; see ESCPOS.DrawerKick).
	DrawerKick bool
}

// SpecForms lists the accepted printer settings, for error and help texts.
const SpecForms = `none, stdout, file:DIR, tcp://HOST:PORT or device:PATH (e.g. device:/dev/usb/lp0)`

// ErrBadSpec is matched (errors.Is) by NewPrinter's error for a printer
// setting it cannot parse.
var ErrBadSpec = errors.New("bad printer setting")

// NewPrinter parses cfg.Spec and returns its printer. It touches nothing: a
// missing folder, device or network printer shows up on the first Print. A
// Spec, Width or Timeout it cannot use is an error that names the accepted
// forms.
func NewPrinter(cfg PrinterConfig) (Printer, error) {
	if cfg.Width == 0 {
		cfg.Width = DefaultWidth
	}
	if err := ValidateWidth(cfg.Width); err != nil {
		return nil, err
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Timeout < 0 {
		return nil, fmt.Errorf("printer timeout %s is negative", cfg.Timeout)
	}
	if cfg.StatusWait == 0 {
		cfg.StatusWait = DefaultStatusWait
	}
	if cfg.Stdout == nil {
		cfg.Stdout = os.Stdout
	}
	spec := strings.TrimSpace(cfg.Spec)
	bad := func(why string) error {
		return fmt.Errorf("%w %q: %s; use %s", ErrBadSpec, cfg.Spec, why, SpecForms)
	}
	lower := strings.ToLower(spec)
	switch {
	case lower == "" || lower == "none":
		return nonePrinter{}, nil
	case lower == "stdout":
		return &writerPrinter{gate: newGate(), w: cfg.Stdout, width: cfg.Width, timeout: cfg.Timeout}, nil
	case strings.HasPrefix(lower, "file:"):
		dir := spec[len("file:"):]
		if dir == "" {
			return nil, bad("no folder after file:")
		}
		return &filePrinter{gate: newGate(), dir: dir, width: cfg.Width, timeout: cfg.Timeout}, nil
	case strings.HasPrefix(lower, "tcp://"):
		addr, err := parseHostPort(spec[len("tcp://"):])
		if err != nil {
			return nil, bad(err.Error())
		}
		return &tcpPrinter{addr: addr, enc: cfg.escpos(), timeout: cfg.Timeout, statusWait: cfg.StatusWait}, nil
	case strings.HasPrefix(lower, "device:"):
		path := spec[len("device:"):]
		if path == "" {
			return nil, bad("no device path after device:")
		}
		return &devicePrinter{gate: newGate(), path: path, enc: cfg.escpos(), timeout: cfg.Timeout, statusWait: cfg.StatusWait}, nil
	}
	return nil, bad("unknown printer")
}

// escpos is how the ESC/POS printers of cfg encode a receipt.
func (cfg PrinterConfig) escpos() ESCPOS {
	return ESCPOS{Width: cfg.Width, QR: cfg.QR, DrawerKick: cfg.DrawerKick}
}

// parseHostPort reads HOST:PORT, HOST (port 9100) or [IPv6]:PORT.
func parseHostPort(s string) (string, error) {
	s = strings.TrimSuffix(s, "/")
	if s == "" {
		return "", errors.New("no host after tcp://")
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		// No port given: HOST or [IPv6].
		host, port = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"), "9100"
		if strings.ContainsAny(host, "[]/") || (strings.Contains(host, ":") && net.ParseIP(host) == nil) {
			return "", fmt.Errorf("cannot read host and port from %q", s)
		}
	}
	if host == "" {
		return "", errors.New("no host before the port")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("port %q is not a number from 1 to 65535", port)
	}
	return net.JoinHostPort(host, port), nil
}

type nonePrinter struct{}

// Print returns ErrNoPrinter after checking the receipt would render.
func (nonePrinter) Print(ctx context.Context, r Receipt) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return ErrNoPrinter
}

func (nonePrinter) String() string { return "none" }

// gate runs a blocking operation (a write to stdout, a file, a device) in a
// goroutine so Print can return at its deadline. One operation at a time: if
// an earlier one is still blocked, a new Print waits for it only until its own
// deadline and then reports the printer busy, so stuck writes never pile up.
type gate chan struct{}

func newGate() gate { return make(gate, 1) }

// run does op bounded by ctx. On a deadline it returns a *PrintError with
// Timeout set and leaves op running; op's goroutine ends when op returns.
// hint says what may be wrong, e.g. "printer off, jammed or out of paper?".
func (g gate) run(ctx context.Context, name string, timeout time.Duration, hint string, op func() error) error {
	if err := ctx.Err(); err != nil {
		return ctxError(name, "was not tried", FailCancelled, timeout, err)
	}
	select {
	case g <- struct{}{}:
	case <-ctx.Done():
		return ctxError(name, "is still busy with an earlier receipt", FailBusy, timeout, ctx.Err())
	}
	done := make(chan error, 1)
	go func() {
		defer func() { <-g }()
		done <- op()
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctxError(name, "did not take the receipt before the deadline ("+hint+
			"); the write may still finish in the background", FailCancelled, timeout, ctx.Err())
	}
}

// ctxError turns a done context into a *PrintError: a timeout when the
// deadline passed, else kind.
func ctxError(name, op string, kind Failure, timeout time.Duration, err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		if kind != FailBusy {
			kind = FailTimeout
		}
		return &PrintError{Printer: name, Op: op, Kind: kind, Timeout: true,
			Err: fmt.Errorf("deadline passed (printer timeout %s)", timeout)}
	}
	return &PrintError{Printer: name, Op: op, Kind: kind, Err: err}
}

// writerPrinter is the "stdout" printer: the plain-text receipt to a writer.
type writerPrinter struct {
	gate
	w       io.Writer
	width   int
	timeout time.Duration
}

func (p *writerPrinter) String() string { return "stdout" }

// Print writes the plain-text receipt to the writer.
func (p *writerPrinter) Print(ctx context.Context, r Receipt) error {
	text, err := Render(r, p.width)
	if err != nil {
		return err
	}
	return p.write(ctx, text)
}

// write writes text to the writer, bounded by the printer's timeout.
func (p *writerPrinter) write(ctx context.Context, text string) error {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	return p.run(ctx, p.String(), p.timeout, "output blocked?", func() error {
		if _, err := io.WriteString(p.w, text); err != nil {
			return &PrintError{Printer: p.String(), Op: "write failed", Kind: FailWrite, Err: err}
		}
		return nil
	})
}
