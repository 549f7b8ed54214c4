// Package i18n is the catalog of every operator-facing text of the cashier
// screens, in Bahasa Indonesia and English. The texts themselves live in
// catalog.go, side by side; this file looks them up.
package i18n

import (
	"errors"
	"fmt"
	"time"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/cashier/ovo"
)

// The languages of the catalog.
const (
	ID = "id" // Bahasa Indonesia, the default
	EN = "en" // English
)

// Key names one text of the catalog.
type Key int

// pair is one text in both languages.
type pair struct{ id, en string }

func (p pair) in(lang string) string {
	if lang == EN {
		return p.en
	}
	return p.id
}

// Catalog gives the texts in one language, and times in the outlet's zone.
// A nil *Catalog speaks Indonesian in WIB.
type Catalog struct {
	lang string
	loc  *time.Location // nil: Asia/Jakarta
}

// New returns the catalog for lang ("id" or "en"); anything else is "id".
func New(lang string) *Catalog {
	if lang != EN {
		lang = ID
	}
	return &Catalog{lang: lang}
}

// In returns a copy of the catalog that renders times in loc (the outlet's
// zone; nil is Asia/Jakarta).
func (c *Catalog) In(loc *time.Location) *Catalog {
	return &Catalog{lang: c.Lang(), loc: loc}
}

// Location is the zone the catalog renders times in, never nil.
func (c *Catalog) Location() *time.Location {
	if c == nil || c.loc == nil {
		return cashier.WIB
	}
	return c.loc
}

// Zone is the name of the catalog's zone at t: WIB, WITA, WIT… (see
// cashier.ZoneAbbrev).
func (c *Catalog) Zone(t time.Time) string { return cashier.ZoneAbbrev(t.In(c.Location())) }

// Lang is the catalog's language, "id" or "en".
func (c *Catalog) Lang() string {
	if c == nil {
		return ID
	}
	return c.lang
}

// T is the text of k. A key the catalog lacks reads "?k" (tests make sure
// none is missing).
func (c *Catalog) T(k Key) string {
	p, ok := texts[k]
	if !ok {
		return fmt.Sprintf("?%d", int(k))
	}
	return p.in(c.Lang())
}

// F formats the text of k with args, like fmt.Sprintf.
func (c *Catalog) F(k Key, args ...any) string { return fmt.Sprintf(c.T(k), args...) }

// Reason is the sentence for what an OVO response means, in words a cashier
// understands (without the code).
func (c *Catalog) Reason(r ovo.Reason) string {
	if p, ok := reasons[r]; ok {
		return p.in(c.Lang())
	}
	if r == "" {
		return c.T(ReasonEmpty)
	}
	return string(r)
}

// ReasonWithCode is the sentence for r followed by OVO's code and OVO's own
// words, labelled as OVO's, e.g. "Nominal di atas batas per transaksi OVO
// (4033802, kata OVO: "Exceeds Transaction Amount Limit")". Code and
// message are left out when empty.
func (c *Catalog) ReasonWithCode(r ovo.Reason, code, message string) string {
	s := c.Reason(r)
	switch {
	case code != "" && message != "":
		s += " (" + code + ", " + c.F(OVOWords, message) + ")"
	case code != "":
		s += " (" + code + ")"
	case message != "":
		s += " (" + c.F(OVOWords, message) + ")"
	}
	return s
}

// Why says why t is where it is: the recorded reason in words, with OVO's
// evidence — the status OVO reported last, or else OVO's code and words of
// the answer that decided it. Never an earlier answer glued to a later
// status.
func (c *Catalog) Why(t cashier.Txn) string {
	r := cashier.TxnReason(t)
	if t.LastStatus != "" {
		return c.Reason(r) + " (" + c.T(OVOStatus) + ": " + c.Status(t.LastStatus) + ")"
	}
	return c.ReasonWithCode(r, t.ResponseCode, t.ResponseMessage)
}

// Outcome is the one line for t's state, the same on screen, slip and
// command line: succeeded; failed with why; or not known yet (and never
// sent again).
func (c *Catalog) Outcome(t cashier.Txn) string {
	switch t.State {
	case cashier.StateSuccess:
		return c.F(OutcomeSuccess, c.Kind(t.Kind))
	case cashier.StateFailed:
		return c.F(OutcomeFailed, c.Kind(t.Kind), c.Why(t))
	}
	return c.F(OutcomePending, c.Kind(t.Kind))
}

// Status is the words for a topup-status latestTransactionStatus ("00" …
// "07"), with the code: "03 Menunggu".
func (c *Catalog) Status(code string) string {
	if p, ok := statuses[code]; ok {
		return code + " " + p.in(c.Lang())
	}
	if d := ovo.StatusDesc(code); d != "" {
		return code + " " + d
	}
	return code
}

// State is the word for a transaction's state in the ledger.
func (c *Catalog) State(s cashier.State) string {
	if p, ok := states[s]; ok {
		return p.in(c.Lang())
	}
	return string(s)
}

// Kind is the name of a kind of transaction.
func (c *Catalog) Kind(k cashier.Kind) string {
	if k == cashier.KindDisburse {
		return c.T(KindDisburse)
	}
	return c.T(KindTopUp)
}

// KindShort is the short name of a kind, for table columns.
func (c *Catalog) KindShort(k cashier.Kind) string {
	if k == cashier.KindDisburse {
		return c.T(KindDisburseShort)
	}
	return c.T(KindTopUpShort)
}

// Phone says what is wrong with a phone number, from an error of
// NormalizePhone; "" for nil.
func (c *Catalog) Phone(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ovo.ErrPhoneEmpty):
		return c.T(PhoneEmpty)
	case errors.Is(err, ovo.ErrPhoneChars):
		return c.T(PhoneChars)
	case errors.Is(err, ovo.ErrPhonePrefix):
		return c.T(PhonePrefix)
	case errors.Is(err, ovo.ErrPhoneShort):
		return c.F(PhoneShort, ovo.PhoneMinDigits, ovo.PhoneMaxDigits)
	case errors.Is(err, ovo.ErrPhoneLong):
		return c.F(PhoneLong, ovo.PhoneMinDigits, ovo.PhoneMaxDigits)
	}
	return c.T(PhoneInvalid)
}

// printFailures are the words for each kind of print failure.
var printFailures = map[cashier.Failure]Key{
	cashier.FailTimeout: PrintTimeout, cashier.FailBusy: PrintBusy, cashier.FailCancelled: PrintCancelled,
	cashier.FailUnreachable: PrintUnreachable, cashier.FailNoDevice: PrintNoDevice,
	cashier.FailNotSaved: PrintNotSaved, cashier.FailWrite: PrintWrite,
	cashier.FailPaperOut: PrintPaperOut, cashier.FailCoverOpen: PrintCoverOpen,
	cashier.FailPrinterError: PrintPrinterError,
}

// PrintProblem says in the operator's language why a print failed; an error
// of no known kind keeps its own (English) text.
func (c *Catalog) PrintProblem(err error) string {
	var pe *cashier.PrintError
	if errors.As(err, &pe) {
		if k, ok := printFailures[pe.Kind]; ok {
			return c.F(k, pe.Printer)
		}
	}
	return err.Error()
}

// InquiryTitle is the banner over an inquiry's error: OVO refused, or OVO
// could not be reached (then nothing was refused).
func (c *Catalog) InquiryTitle(err error) string {
	if ovo.ReasonOf(err) == ovo.ReasonUnavailable {
		return c.T(OVOUnavailable)
	}
	return c.T(InquiryFailed)
}

// Error is the operator's sentence for any error of the cashier service:
// OVO's refusals (reason, code and message), amounts outside the limits, a
// deposit too low, a bad phone number, a service shutting down. Errors of
// no known kind keep their own text after a generic sentence.
func (c *Catalog) Error(err error) string {
	if err == nil {
		return ""
	}
	var le *cashier.LimitError
	var de *cashier.DepositError
	var ae *cashier.AmountError
	var re *cashier.RepeatError
	switch {
	case errors.As(err, &ae):
		return c.AmountProblem(ae)
	case errors.As(err, &re):
		return c.Repeat(re)
	case errors.As(err, &le):
		return c.Limit(le)
	case errors.As(err, &de) && de.Unread:
		return c.F(DepositUnread, cashier.Rupiah(de.Amount))
	case errors.As(err, &de):
		return c.F(DepositTooLow, cashier.Rupiah(de.Amount), cashier.Rupiah(de.Available))
	case errors.Is(err, ovo.ErrInvalidPhone):
		return c.Phone(err)
	case errors.Is(err, cashier.ErrClosed):
		return c.T(ServiceClosed)
	case errors.Is(err, cashier.ErrNoShift):
		return c.T(NoShiftError)
	}
	if w, ok := c.RoleError(err); ok { // roles.go
		return w
	}
	if e, ok := ovo.AsError(err); ok {
		// Without OVO's code the cause is technical (a URL, a Go error):
		// it goes to the log, not to the cashier.
		return c.ReasonWithCode(e.Reason, e.Code, e.Message)
	}
	return c.F(ErrorGeneric, err.Error())
}

// AmountProblem says why a typed amount was refused (cashier.ParseAmount).
func (c *Catalog) AmountProblem(e *cashier.AmountError) string {
	switch e.Problem {
	case cashier.AmountEmpty:
		return c.T(AmountEmptyEnter)
	case cashier.AmountTooLarge:
		return c.T(AmountTooLarge)
	case cashier.AmountZero:
		return c.T(AmountZero)
	}
	return c.T(AmountNotWhole)
}

// Repeat warns that a transaction looks like a second send of an earlier one.
func (c *Catalog) Repeat(e *cashier.RepeatError) string {
	t := e.Earlier
	if e.Open {
		return c.F(RepeatOpenWarn, c.Kind(t.Kind), cashier.Rupiah(t.Amount), t.CustomerNumber, e.Ref())
	}
	return c.F(RepeatSuccessWarn, c.Kind(t.Kind), cashier.Rupiah(t.Amount), t.CreatedAt.In(cashier.Jakarta).Format("15:04"), e.Ref())
}

// Limit explains an amount outside OVO's per-transaction limits.
func (c *Catalog) Limit(e *cashier.LimitError) string {
	if e.Below() {
		return c.F(AmountBelowMin, cashier.Rupiah(e.Min))
	}
	return c.F(AmountAboveMax, cashier.Rupiah(e.Max))
}

// Time renders t in the catalog's zone as a slip does, e.g.
// "23-11-2026 19:05:12 WIB"; "-" for zero.
func (c *Catalog) Time(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return cashier.FormatTimeIn(t, c.Location())
}

// ShortTime renders t in the catalog's zone for a table row, e.g. "23-11 19:05".
func (c *Catalog) ShortTime(t time.Time) string {
	return t.In(c.Location()).Format("02-01 15:04")
}

// Clock renders t's time of day in the catalog's zone, e.g. "19:05:12".
func (c *Catalog) Clock(t time.Time) string {
	return t.In(c.Location()).Format("15:04:05")
}

// ColTimeZone is the time column's heading with the zone's name, e.g.
// "Waktu (WITA)".
func (c *Catalog) ColTimeZone() string {
	return c.F(ColTime, c.Zone(time.Now()))
}
