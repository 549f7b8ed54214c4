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
	addr       string
	enc        ESCPOS
	timeout    time.Duration
	statusWait time.Duration // < 0: no status query
}

func (p *tcpPrinter) String() string { return "tcp://" + p.addr }

// Print asks the printer its real-time status on a first connection (see
// printerStatus) and, unless it reports paper out, its cover open, an error
// or being offline, connects again, sends p.enc.Encode(r) and closes, all
// within the deadline. The query has a connection of its own so that a late
// or unasked answer can never sit unread on the connection that carries the
// receipt (closing such a socket resets it and may drop the receipt's last
// bytes). Success means the printer's host accepted every byte; raw port
// 9100 has no acknowledgement, so a printer that drops the job after that,
// or one that never answers the status query, goes unnoticed.
func (p *tcpPrinter) Print(ctx context.Context, r Receipt) error {
	data, err := p.enc.Encode(r)
	if err != nil {
		return err
	}
	return p.deliver(ctx, data)
}

// deliver asks the printer's status and sends data as Print describes,
// bounded by the printer's timeout.
func (p *tcpPrinter) deliver(ctx context.Context, data []byte) error {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	if err := p.checkStatus(ctx); err != nil {
		return err
	}
	return p.send(ctx, data)
}

// checkStatus asks the printer its real-time status; nil when it can print
// or does not answer.
func (p *tcpPrinter) checkStatus(ctx context.Context) error {
	if p.statusWait < 0 {
		return nil
	}
	conn, err := p.dial(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	dl, _ := ctx.Deadline()
	conn.SetWriteDeadline(dl)
	return queryStatus(conn, p.statusWait, dl).err(p.String())
}

// fail describes err, which happened while ctx was in force: op says what
// happened, late what happened when the deadline passed.
func (p *tcpPrinter) fail(ctx context.Context, op string, kind Failure, late string, err error) error {
	pe := &PrintError{Printer: p.String(), Op: op, Kind: kind, Err: err}
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		pe.Op, pe.Kind, pe.Err = "print cancelled", FailCancelled, fmt.Errorf("%w: %w", context.Canceled, err)
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || isTimeout(err):
		pe.Op, pe.Kind, pe.Timeout = late, FailTimeout, true
	}
	return pe
}

// budget is the time left before ctx's deadline (the printer's timeout when
// it has none), for error texts.
func (p *tcpPrinter) budget(ctx context.Context) time.Duration {
	if dl, ok := ctx.Deadline(); ok {
		return time.Until(dl).Round(time.Millisecond)
	}
	return p.timeout
}

// dial connects to the printer within ctx.
func (p *tcpPrinter) dial(ctx context.Context) (net.Conn, error) {
	budget := p.budget(ctx)
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", p.addr)
	if err != nil {
		return nil, p.fail(ctx, "unreachable", FailUnreachable, fmt.Sprintf("unreachable: no answer within %s", budget), err)
	}
	return conn, nil
}

func (p *tcpPrinter) send(ctx context.Context, data []byte) error {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	budget := p.budget(ctx)
	conn, err := p.dial(ctx)
	if err != nil {
		return err
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
		return p.fail(ctx, "dropped the connection ("+sent+")", FailWrite, fmt.Sprintf(
			"did not take the receipt within %s (%s; printer off, jammed or out of paper?)", budget, sent), err)
	}
	if err := conn.Close(); err != nil {
		return p.fail(ctx, "failed closing the connection", FailWrite, fmt.Sprintf("did not close the connection within %s", budget), err)
	}
	return nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
