package screens

import (
	"strings"

	"github.com/ovocashier/ovocashier/cashier"
	"github.com/ovocashier/ovocashier/screens/components"
)

// field is the one-line input of the screens (components.Field).
type field = components.Field

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isText is a printable ASCII character (references, names typed in a
// search, answers).
func isText(r rune) bool { return r >= ' ' && r < 127 }

// cleanPhone reads a pasted phone number: blanks, dashes, dots and brackets
// dropped, +62…/62… turned into 0…; only digits may remain.
func cleanPhone(s string) (string, bool) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '(', ')', '\t', '\n', '\r':
			return -1
		}
		return r
	}, s)
	switch {
	case strings.HasPrefix(s, "+62"):
		s = "0" + s[3:]
	case strings.HasPrefix(s, "62"):
		s = "0" + s[2:]
	}
	for _, r := range s {
		if !isDigit(r) {
			return "", false
		}
	}
	return s, true
}

// isAmountRune reports whether r may be typed into an amount: a digit or a
// separator (whether the separator makes sense is ParseAmount's to say).
func isAmountRune(r rune) bool { return isDigit(r) || r == '.' || r == ',' }

// amountBlanks drops what a pasted amount may carry besides its digits and
// separators: blanks and "Rp". Built once: a Replacer builds its table on
// first use, and one per key was a tenth of a typing session's allocations.
var amountBlanks = strings.NewReplacer(" ", "", "\t", "", "\n", "", "\r", "", "Rp", "", "rp", "", "RP", "")

// cleanAmount takes a paste as typed text (blanks and "Rp" dropped) when
// it holds only what may be typed; whether it is an amount is for
// cashier.ParseAmount to say, exactly as for typed text.
func cleanAmount(s string) (string, bool) {
	s = amountBlanks.Replace(s)
	for _, r := range s {
		if !isAmountRune(r) {
			return "", false
		}
	}
	return s, true
}

// newPhoneField is the phone number input: digits only, pastes normalised.
func newPhoneField() field { return components.NewField(13, isDigit, cleanPhone) }

// newAmountField is the amount input: digits and separators, read by
// cashier.ParseAmount (which bounds the digits).
func newAmountField() field { return components.NewField(24, isAmountRune, cleanAmount) }

// newTextField is a free text input of up to n printable characters.
func newTextField(n int) field { return components.NewField(n, isText, nil) }

// What a key did to a field (components.Change).
const (
	fieldIgnored  = components.Ignored
	fieldChanged  = components.Changed
	fieldRejected = components.Rejected
	fieldFull     = components.Full
)

// parsedAmount remembers cashier.ParseAmount's reading of the last text
// it was given: a screen asks for the typed amount several times a frame.
type parsedAmount struct {
	text string
	read bool
	v    int64
	err  error
}

// parse is cashier.ParseAmount(text).
func (p *parsedAmount) parse(text string) (int64, error) {
	if !p.read || p.text != text {
		p.text, p.read = text, true
		p.v, p.err = cashier.ParseAmount(text)
	}
	return p.v, p.err
}
