package cashier

import (
	"fmt"
	"github.com/ovocashier/ovocashier/cashier/ledger"
	"regexp"
	"strconv"
	"strings"

	"github.com/ovocashier/ovocashier/cashier/ovo"
	"github.com/ovocashier/ovocashier/receipts"
)

// Rupiah formats an amount the Indonesian way, "Rp10.000".
func Rupiah(v int64) string { return receipts.FormatRupiah(v) }

// MaxAmountDigits bounds what an operator may type as an amount.
const MaxAmountDigits = 12

// Amount spellings ParseAmount accepts besides plain digits.
var (
	amountZeroFraction = regexp.MustCompile(`^(\d+)[.,]0{1,2}$`)              // 50000.00, 50000,00
	amountGrouped      = regexp.MustCompile(`^\d{1,3}(\.\d{3})+$`)            // 50.000, 1.000.000
	amountGroupedFrac  = regexp.MustCompile(`^(\d{1,3}(?:\.\d{3})*),0{1,2}$`) // 50.000,00
)

// AmountProblem is why ParseAmount refused a text.
type AmountProblem int

// The problems ParseAmount reports.
const (
	AmountEmpty    AmountProblem = iota + 1 // nothing typed
	AmountNotWhole                          // not a whole number of rupiah as written ("12.5", "1,5", "-5")
	AmountTooLarge                          // more than MaxAmountDigits digits
	AmountZero                              // zero
)

// AmountError is ParseAmount's refusal: the text and what is wrong with it.
// It matches ErrInvalidInput.
type AmountError struct {
	Input   string
	Problem AmountProblem
}

func (e *AmountError) Error() string {
	switch e.Problem {
	case AmountEmpty:
		return "invalid input: amount is empty"
	case AmountTooLarge:
		return fmt.Sprintf("invalid input: amount %q is too large", e.Input)
	case AmountZero:
		return "invalid input: amount must be more than zero"
	}
	return fmt.Sprintf("invalid input: amount %q must be a whole number of rupiah (e.g. 50000 or 50.000)", e.Input)
}

// Is makes AmountError match ErrInvalidInput.
func (e *AmountError) Is(target error) bool { return target == ErrInvalidInput }

// amountSpaces drops the spaces and underscores ParseAmount allows between
// digits (built once, not per call).
var amountSpaces = strings.NewReplacer(" ", "", "_", "")

// ParseAmount reads an amount typed or pasted by an operator, on the
// screens and on the command line alike: digits, with an optional "Rp" and
// spaces, Indonesian thousands dots ("50.000"), and a zero fraction
// ("50000.00", "50.000,00"). Anything else — a fraction of a rupiah, a dot
// that is not a thousands separator ("12.5"), a sign — is refused rather
// than guessed, with an *AmountError. The amount must be above zero.
func ParseAmount(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "Rp"), "rp")
	t = amountSpaces.Replace(t)
	switch {
	case t == "":
		return 0, &AmountError{s, AmountEmpty}
	case amountZeroFraction.MatchString(t):
		t = amountZeroFraction.FindStringSubmatch(t)[1]
	case amountGrouped.MatchString(t):
		t = strings.ReplaceAll(t, ".", "")
	case amountGroupedFrac.MatchString(t):
		t = strings.ReplaceAll(amountGroupedFrac.FindStringSubmatch(t)[1], ".", "")
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return 0, &AmountError{s, AmountNotWhole}
		}
	}
	if len(strings.TrimLeft(t, "0")) > MaxAmountDigits {
		return 0, &AmountError{s, AmountTooLarge}
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, &AmountError{s, AmountTooLarge}
	}
	if v <= 0 {
		return 0, &AmountError{s, AmountZero}
	}
	return v, nil
}

// NormalizePhone is ovo.NormalizePhone with the error marked as input.
func NormalizePhone(s string) (string, error) {
	p, err := ovo.NormalizePhone(s)
	if err != nil {
		return "", InputError(err)
	}
	return p, nil
}

// InputError marks err as bad input: it keeps err's text and chain and
// also matches ErrInvalidInput (exit status 2).
func InputError(err error) error { return inputErr{err} }

type inputErr struct{ err error }

func (e inputErr) Error() string   { return e.err.Error() }
func (e inputErr) Unwrap() error   { return e.err }
func (e inputErr) Is(t error) bool { return t == ErrInvalidInput }

// Received is what the customer's OVO Cash is credited for amount when OVO
// deducts fee (ledger.Received): never below zero.
func Received(amount, fee int64) int64 { return ledger.Received(amount, fee) }
