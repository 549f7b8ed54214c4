package receipts

import (
	"context"
	"fmt"
	"strings"
)

// PrintReport prints a shift or day report on p, the way p prints a
// receipt: plain text on stdout and in a file (ReportFileName in DIR),
// ESC/POS bytes (EncodeReportESCPOS at the printer's width) on a tcp or
// device printer, after the same status query. The none printer returns
// ErrNoPrinter; a printer of another kind is refused.
func PrintReport(ctx context.Context, p Printer, r ReportSlip) error {
	switch p := p.(type) {
	case nonePrinter:
		if err := validateReport(r, DefaultWidth); err != nil {
			return err
		}
		return ErrNoPrinter
	case *writerPrinter:
		text, err := RenderReport(r, p.width)
		if err != nil {
			return err
		}
		return p.write(ctx, text)
	case *filePrinter:
		text, err := RenderReport(r, p.width)
		if err != nil {
			return err
		}
		return p.save(ctx, ReportFileName(r), text)
	case *tcpPrinter:
		data, err := EncodeReportESCPOS(r, p.enc.Width)
		if err != nil {
			return err
		}
		return p.deliver(ctx, data)
	case *devicePrinter:
		data, err := EncodeReportESCPOS(r, p.enc.Width)
		if err != nil {
			return err
		}
		return p.write(ctx, data)
	}
	return fmt.Errorf("%w: printer %s cannot print reports", ErrInvalidReceipt, p)
}

// ReportFileName names the file of a report printed to file:DIR:
// "report-Z-S00000003-20261123T210000.txt" (kind, shift or day, the local
// time it was printed), so no report overwrites another.
func ReportFileName(r ReportSlip) string {
	id := r.ShiftID
	if id == "" {
		id = r.Day
	}
	id = strings.Map(func(c rune) rune {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-':
			return c
		}
		return '_'
	}, id)
	return fmt.Sprintf("report-%s-%s-%s.txt", r.Kind, id, r.PrintedAt.In(orWIB(r.Location)).Format("20060102T150405"))
}
