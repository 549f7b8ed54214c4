package cashier

import (
	"strconv"
	"strings"

	"github.com/ovocashier/ovocashier/ovoclient"
	"github.com/ovocashier/ovocashier/receipts"
)

// Rupiah formats an amount the Indonesian way, "Rp10.000".
func Rupiah(v int64) string { return receipts.FormatRupiah(v) }

// MaxAmountDigits bounds what an operator may type as an amount.
const MaxAmountDigits = 12

// ParseAmount reads an amount typed by an operator: digits with optional
// "Rp", spaces and thousands dots ("50000", "50.000", "Rp 50.000"). It must
// be a whole number of rupiah above zero.
func ParseAmount(s string) (int64, error) {
	t := strings.TrimSpace(s)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "Rp"), "rp")
	t = strings.NewReplacer(".", "", " ", "", "_", "").Replace(t)
	if t == "" {
		return 0, invalid("amount is empty")
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return 0, invalid("amount %q must be a whole number of rupiah", s)
		}
	}
	if len(strings.TrimLeft(t, "0")) > MaxAmountDigits {
		return 0, invalid("amount %q is too large", s)
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, invalid("amount %q: %v", s, err)
	}
	if v <= 0 {
		return 0, invalid("amount must be more than zero")
	}
	return v, nil
}

// NormalizePhone is ovoclient.NormalizePhone with the error marked as input.
func NormalizePhone(s string) (string, error) {
	p, err := ovoclient.NormalizePhone(s)
	if err != nil {
		return "", errorsJoinInput(err)
	}
	return p, nil
}

type inputErr struct{ err error }

func (e inputErr) Error() string   { return e.err.Error() }
func (e inputErr) Unwrap() error   { return e.err }
func (e inputErr) Is(t error) bool { return t == ErrInvalidInput }

func errorsJoinInput(err error) error { return inputErr{err} }
