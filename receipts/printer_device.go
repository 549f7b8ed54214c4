package receipts

import (
	"context"
	"os"
	"time"
)

// devicePrinter is the "device:PATH" printer: raw ESC/POS written to a printer
// device file such as /dev/usb/lp0.
type devicePrinter struct {
	gate
	path    string
	enc     ESCPOS
	timeout time.Duration
}

func (p *devicePrinter) String() string { return "device:" + p.path }

// Print opens the device write-only (never creating it: a missing device is an
// error, not a new file), writes the ESC/POS bytes of r and closes it. Opening and
// writing a device can block in the kernel (printer off, out of paper, a FIFO
// without a reader) where no deadline reaches, so they run in a goroutine:
// Print returns at the deadline with a timeout error while that goroutine
// lingers until the kernel call returns. Meanwhile further Prints to this
// printer wait at most their own deadline and report it busy.
func (p *devicePrinter) Print(ctx context.Context, r Receipt) error {
	data, err := p.enc.Encode(r)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	return p.run(ctx, p.String(), p.timeout, "printer off, jammed or out of paper?", func() error {
		f, err := os.OpenFile(p.path, os.O_WRONLY, 0)
		if err != nil {
			return &PrintError{Printer: p.String(), Op: "could not open the device", Kind: FailNoDevice, Err: err}
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return &PrintError{Printer: p.String(), Op: "write failed", Kind: FailWrite, Err: err}
		}
		if err := f.Close(); err != nil {
			return &PrintError{Printer: p.String(), Op: "write failed", Kind: FailWrite, Err: err}
		}
		return nil
	})
}
