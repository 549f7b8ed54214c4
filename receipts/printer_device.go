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
	path       string
	enc        ESCPOS
	timeout    time.Duration
	statusWait time.Duration // < 0: no status query
}

func (p *devicePrinter) String() string { return "device:" + p.path }

// Print opens the device (never creating it: a missing device is an error,
// not a new file), asks a character device its real-time status (see
// printerStatus), and unless it reports paper out, its cover open, an error
// or being offline writes the ESC/POS bytes of r and closes it. The status
// is asked only of a character device that opens for reading and writing and
// whose reads can be bounded by a deadline (a USB printer's /dev/usb/lp0);
// FIFOs, plain files and devices that cannot are written to without asking.
// Opening and writing a device can block in the kernel (printer off, out of
// paper, a FIFO without a reader) where no deadline reaches, so they run in a
// goroutine: Print returns at the deadline with a timeout error while that
// goroutine lingers until the kernel call returns. Meanwhile further Prints
// to this printer wait at most their own deadline and report it busy.
func (p *devicePrinter) Print(ctx context.Context, r Receipt) error {
	data, err := p.enc.Encode(r)
	if err != nil {
		return err
	}
	return p.write(ctx, data)
}

// write delivers data to the device as Print describes, bounded by the
// printer's timeout.
func (p *devicePrinter) write(ctx context.Context, data []byte) error {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	deadline, _ := ctx.Deadline()
	return p.run(ctx, p.String(), p.timeout, "printer off, jammed or out of paper?", func() error {
		f, ask, err := p.open()
		if err != nil {
			return &PrintError{Printer: p.String(), Op: "could not open the device", Kind: FailNoDevice, Err: err}
		}
		if ask {
			if err := queryStatus(f, p.statusWait, deadline).err(p.String()); err != nil {
				f.Close()
				return err
			}
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

// open opens the device for writing, and says whether its status can be
// asked: a character device opened for reading too, with reads that take a
// deadline.
func (p *devicePrinter) open() (f *os.File, ask bool, err error) {
	if p.statusWait >= 0 {
		if fi, err := os.Stat(p.path); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			if f, err := os.OpenFile(p.path, os.O_RDWR, 0); err == nil {
				if f.SetReadDeadline(time.Time{}) == nil {
					return f, true, nil
				}
				f.Close()
			}
		}
	}
	f, err = os.OpenFile(p.path, os.O_WRONLY, 0)
	return f, false, err
}
