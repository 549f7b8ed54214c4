package receipts

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"
)

// tcpPrinter is the "tcp://HOST:PORT" printer: raw ESC/POS over one TCP
// connection per receipt (the port 9100 "RAW"/JetDirect convention).
type tcpPrinter struct {
	addr    string
	enc     ESCPOS
	timeout time.Duration
}

func (p *tcpPrinter) String() string { return "tcp://" + p.addr }

// Print connects, sends p.enc.Encode(r) and closes, all within the deadline.
// Success means the printer's host accepted every byte; raw port 9100 has no
// acknowledgement, so a printer that drops the job after that goes unnoticed.
func (p *tcpPrinter) Print(ctx context.Context, r Receipt) error {
	data, err := p.enc.Encode(r)
	if err != nil {
		return err
	}
	return p.send(ctx, data)
}

func (p *tcpPrinter) send(ctx context.Context, data []byte) error {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	budget := p.timeout
	if dl, ok := ctx.Deadline(); ok {
		budget = time.Until(dl).Round(time.Millisecond)
	}
	// fail describes err: op says what happened, late what happened when the
	// deadline passed.
	fail := func(op string, kind Failure, late string, err error) error {
		pe := &PrintError{Printer: p.String(), Op: op, Kind: kind, Err: err}
		switch {
		case errors.Is(ctx.Err(), context.Canceled):
			pe.Op, pe.Kind, pe.Err = "print cancelled", FailCancelled, fmt.Errorf("%w: %w", context.Canceled, err)
		case errors.Is(ctx.Err(), context.DeadlineExceeded) || isTimeout(err):
			pe.Op, pe.Kind, pe.Timeout = late, FailTimeout, true
		}
		return pe
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", p.addr)
	if err != nil {
		return fail("unreachable", FailUnreachable, fmt.Sprintf("unreachable: no answer within %s", budget), err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	// A caller cancelling (rather than timing out) unblocks the write too.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if n, err := conn.Write(data); err != nil {
		sent := fmt.Sprintf("%d of %d bytes sent", n, len(data))
		return fail("dropped the connection ("+sent+")", FailWrite, fmt.Sprintf(
			"did not take the receipt within %s (%s; printer off, jammed or out of paper?)", budget, sent), err)
	}
	if err := conn.Close(); err != nil {
		return fail("failed closing the connection", FailWrite, fmt.Sprintf("did not close the connection within %s", budget), err)
	}
	return nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
