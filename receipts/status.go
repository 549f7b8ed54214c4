package receipts

import (
	"fmt"
	"io"
	"time"
)

// DefaultStatusWait is how long a printer has to answer each real-time status
// query when PrinterConfig.StatusWait is 0.
const DefaultStatusWait = 500 * time.Millisecond

// Real-time status (DLE EOT n) before printing: the tcp and device printers
// ask the printer
//
//	DLE EOT 1   printer status      bit 3: offline
//	DLE EOT 2   offline cause       bit 2: cover open; bit 5: stopped at paper end;
//	                                bit 6: error (cutter, head temperature…)
//	DLE EOT 4   paper roll sensor   bits 5-6: paper end (bits 2-3, near end, print on)
//
// each answered by one byte whose fixed bits are 0xx1xx10. A printer that
// reports paper out, its cover open, an error or being offline gets nothing
// to print, and Print says so (FailPaperOut, FailCoverOpen, FailPrinterError).
// A printer that does not answer the first query within the wait, or answers
// something that is not a status byte, is printed to as before: many
// printers, print servers and USB adapters never answer, and they must stay
// usable. Their slips are "sent", not checked.
type printerStatus struct {
	answered            bool // the printer answered DLE EOT 1
	status, cause, roll byte
	haveCause, haveRoll bool
}

// statusConn is what a status query needs: a connection to the printer that
// can stop waiting for an answer.
type statusConn interface {
	io.ReadWriter
	SetReadDeadline(time.Time) error
}

// validStatus reports whether b has the fixed bits of a DLE EOT answer.
func validStatus(b byte) bool { return b&0x93 == 0x12 }

// queryStatus asks c for the printer's status, offline cause and paper
// sensor, waiting at most wait for each answer and never past deadline (zero:
// none). It stops at the first query without a valid answer.
func queryStatus(c statusConn, wait time.Duration, deadline time.Time) printerStatus {
	var st printerStatus
	ask := func(n byte) (byte, bool) {
		until := time.Now().Add(wait)
		if !deadline.IsZero() && deadline.Before(until) {
			until = deadline
		}
		if c.SetReadDeadline(until) != nil {
			return 0, false // cannot bound the wait: do not ask
		}
		if _, err := c.Write([]byte{dleByte, eotByte, n}); err != nil {
			return 0, false
		}
		var b [1]byte
		if _, err := io.ReadFull(c, b[:]); err != nil || !validStatus(b[0]) {
			return 0, false
		}
		return b[0], true
	}
	if st.status, st.answered = ask(1); !st.answered {
		return st
	}
	if st.cause, st.haveCause = ask(2); st.haveCause {
		st.roll, st.haveRoll = ask(4)
	}
	return st
}

// fault is what keeps the printer from printing, in the order a person
// fixes it (the cover first: an open cover can hide the paper), with the
// English words of PrintError.Op; "" when it can print or did not answer.
func (st printerStatus) fault() (Failure, string) {
	switch {
	case !st.answered:
		return "", ""
	case st.haveCause && st.cause&0x04 != 0:
		return FailCoverOpen, "reports its cover open"
	case st.haveRoll && st.roll&0x60 == 0x60, st.haveCause && st.cause&0x20 != 0:
		return FailPaperOut, "reports paper out"
	case st.haveCause && st.cause&0x40 != 0:
		return FailPrinterError, "reports an error (paper jam, cutter or print head?)"
	case st.status&0x08 != 0:
		return FailPrinterError, "reports itself offline"
	}
	return "", ""
}

// err is the *PrintError for the printer named name in status st, or nil
// when st lets it print.
func (st printerStatus) err(name string) error {
	kind, op := st.fault()
	if kind == "" {
		return nil
	}
	return &PrintError{Printer: name, Op: op, Kind: kind, Err: errStatus(st)}
}

// errStatus is the raw status as an error, for logs.
type errStatus printerStatus

func (e errStatus) Error() string {
	s := fmt.Sprintf("status DLE EOT 1=%#02x", e.status)
	if e.haveCause {
		s += fmt.Sprintf(" 2=%#02x", e.cause)
	}
	if e.haveRoll {
		s += fmt.Sprintf(" 4=%#02x", e.roll)
	}
	return s
}
