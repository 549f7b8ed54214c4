package receipts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// FileName is the name the "file:DIR" printer gives r's text file:
//
//	R00000042.txt                          a success, by receipt number
//	P20261123-0001-failed.txt              failed or pending: by receipt number, else by
//	P20261123-0001-pending.txt             partner reference, with the status added
//	R00000042-reprint-20261123T193000.txt  a reprint, stamped with its local reprint time
//	R00000042-customer.txt                 the customer's copy (also -merchant)
//
// so a reprint or a later slip for the same transaction never overwrites an
// earlier one, and printing the same slip again rewrites the same file.
// Characters other than ASCII letters, digits, '.', '_' and '-' become '_'.
// It fails when r has neither a receipt number nor a partner reference.
func FileName(r Receipt) (string, error) {
	base := clean(r.ReceiptNo)
	if base == "" {
		base = clean(r.PartnerReferenceNo)
	}
	if base == "" {
		return "", fmt.Errorf("%w: neither a receipt number nor a partner reference to name the file by", ErrInvalidReceipt)
	}
	base = strings.Map(func(c rune) rune {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-':
			return c
		}
		return '_'
	}, base)
	base = strings.TrimLeft(base, ".")
	if len(base) > 128 {
		base = base[:128]
	}
	if base == "" {
		base = "_"
	}
	if r.Status != StatusSuccess {
		base += "-" + string(r.Status)
	}
	if r.Copy != "" {
		base += "-" + string(r.Copy)
	}
	if r.Reprint {
		base += "-reprint-" + r.ReprintedAt.In(orWIB(r.Location)).Format("20060102T150405")
	}
	return base + ".txt", nil
}

// filePrinter is the "file:DIR" printer: one plain-text file per receipt.
type filePrinter struct {
	gate
	dir     string
	width   int
	timeout time.Duration
}

func (p *filePrinter) String() string { return "file:" + p.dir }

// Print writes the plain-text receipt (Render: the text the paper shows,
// folded to PC858, in UTF-8) to DIR/FileName(r), creating DIR (0755) if
// missing. The file (0644) appears whole or not at all: it is written to a
// temporary file in DIR and renamed.
func (p *filePrinter) Print(ctx context.Context, r Receipt) error {
	text, err := Render(r, p.width)
	if err != nil {
		return err
	}
	name, err := FileName(r)
	if err != nil {
		return err
	}
	return p.save(ctx, name, text)
}

// save writes text to DIR/name as Print describes, bounded by the
// printer's timeout.
func (p *filePrinter) save(ctx context.Context, name, text string) error {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	return p.run(ctx, p.String(), p.timeout, "disk or network folder not answering?", func() error {
		if err := writeAtomic(p.dir, name, []byte(text)); err != nil {
			return &PrintError{Printer: p.String(), Op: "could not save the receipt", Kind: FailNotSaved, Err: err}
		}
		return nil
	})
}

func writeAtomic(dir, name string, data []byte) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+name+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), filepath.Join(dir, name))
}
